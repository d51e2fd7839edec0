package org.collectiveloss.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.graph.ExactGraphBuilder;
import org.collectiveloss.graph.GraphOutput;
import org.collectiveloss.graph.GraphRecall;
import org.collectiveloss.graph.GraphSchema;
import org.collectiveloss.graph.GraphStatistics;
import org.collectiveloss.graph.LshGraphBuilder;
import org.collectiveloss.graph.LshParams;
import org.collectiveloss.graph.Metric;
import org.collectiveloss.graph.StageClock;
import org.collectiveloss.graph.bench.IdxImages;
import org.collectiveloss.graph.bench.MllibLshBaseline;
import org.collectiveloss.graph.bench.SyntheticClusters;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmark-graph}: builds the kNN graph of a data set with the exact builder, the LSH builder and Spark
 * MLlib's LSH join (tuned up to the LSH builder's recall within a time cap), and reports times and recalls;
 * with {@code --scaling} it times the LSH builder on seeded synthetic clustered data of growing size instead.
 * The last line of stdout is the machine-readable summary.
 */
@Command(name = "benchmark-graph", mixinStandardHelpOptions = true,
    description = "Times the exact, LSH and MLlib kNN graph builders and measures recall against exact.")
public final class BenchmarkGraphCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkGraphCommand.class);

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "fashion-mnist",
        description = "fashion-mnist (its training images) or synthetic (Gaussian mixture; default:"
            + " ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--k", defaultValue = "10", description = "Neighbours per instance (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
        description = "Use the first N instances (0: all; synthetic: N points, default 60000).")
    int limit;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/graph-benchmark",
        description = "Folder for edges (Parquet), statistics and the benchmark record (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--fashion-dir", paramLabel = "DIR", defaultValue = "/usr/share/datasets/fashion-mnist",
        description = "Folder with train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz"
            + " (default: ${DEFAULT-VALUE}).")
    Path fashionDir;

    @Option(names = "--metric", defaultValue = "euclidean", description = "euclidean or cosine (default:"
        + " ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default:"
        + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--target-recall", defaultValue = "0.95", description = "LSH target recall (default:"
        + " ${DEFAULT-VALUE}).")
    double targetRecall;

    @Option(names = "--tables", defaultValue = "0", description = "LSH trees (0: automatic).")
    int tables;

    @Option(names = "--leaf-size", defaultValue = "0", description = "LSH leaf size (0: automatic).")
    int leafSize;

    @Option(names = "--dims", defaultValue = "0", description = "LSH projection dimensions (0: automatic).")
    int dims;

    @Option(names = "--max-rounds", defaultValue = "-1", description = "LSH refinement rounds (-1: automatic).")
    int maxRounds;

    @Option(names = "--exact-blocks", defaultValue = "0", description = "Exact builder blocks (0: automatic).")
    int exactBlocks;

    @Option(names = "--repeats", defaultValue = "3",
        description = "Runs of the exact and the LSH builder; the fastest counts, as in a long job whose JIT has"
            + " warmed up (default: ${DEFAULT-VALUE}; every run's time is printed and recorded).")
    int repeats;

    @Option(names = "--skip-exact", description = "Skip the exact builder (recall is then the LSH probe's).")
    boolean skipExact;

    @Option(names = "--skip-mllib", description = "Skip MLlib's join.")
    boolean skipMllib;

    @Option(names = "--mllib-cap", paramLabel = "SECONDS", defaultValue = "600",
        description = "Time for all MLlib trials together (default: ${DEFAULT-VALUE}).")
    double mllibCap;

    @Option(names = "--mllib-tables", defaultValue = "4", description = "MLlib hash tables (default:"
        + " ${DEFAULT-VALUE}).")
    int mllibTables;

    @Option(names = "--scaling", split = ",", paramLabel = "N",
        description = "Scaling table instead: LSH on synthetic data of these sizes, e.g. 100000,300000,1000000.")
    List<Long> scaling;

    @Option(names = "--scaling-exact-max", defaultValue = "100000",
        description = "Scaling table: also run the exact builder up to this size (default: ${DEFAULT-VALUE}).")
    long scalingExactMax;

    @Option(names = "--dim", defaultValue = "64", description = "Synthetic data: dimensions (default:"
        + " ${DEFAULT-VALUE}).")
    int syntheticDim;

    @Option(names = "--clusters", defaultValue = "100", description = "Synthetic data: clusters (default:"
        + " ${DEFAULT-VALUE}).")
    int syntheticClusters;

    @Override
    public Integer call() throws IOException {
        Metric m = Metric.fromName(metric);
        SparkSession spark = SparkSessions.getOrCreate("collective-loss benchmark-graph");
        Files.createDirectories(out);
        warmUp(spark);
        if (scaling != null && !scaling.isEmpty()) {
            return scalingTable(spark, m);
        }

        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats " + repeats + " must be at least 1.");
        }
        String loadBefore = loadAverage();
        long t0 = System.nanoTime();
        Dataset<Row> data = load(spark, limit).persist(StorageLevel.MEMORY_AND_DISK());
        long n = data.count();
        LOG.info("Benchmark data: {} ({} instances) loaded in {} s", dataset, n, fmt(seconds(t0)));

        // Each builder runs `repeats` times and the fastest run counts: on a shared machine the other runs
        // measure the neighbours' load as much as the builder.
        double exactSeconds = Double.NaN;
        double exactCpu = Double.NaN;
        Dataset<Row> exact = null;
        List<Double> exactRuns = new ArrayList<>();
        for (int r = 0; r < repeats && !skipExact; r++) {
            if (exact != null) {
                exact.unpersist();
            }
            StageClock clock = StageClock.start();
            exact = ExactGraphBuilder.knn(k, m, exactBlocks).build(data);
            exactRuns.add(clock.seconds());
            if (Double.isNaN(exactSeconds) || clock.seconds() < exactSeconds) {
                exactSeconds = clock.seconds();
                exactCpu = clock.cpuSeconds();
            }
        }

        LshGraphBuilder lsh = null;
        Dataset<Row> lshEdges = null;
        double lshSeconds = Double.NaN;
        double lshCpu = Double.NaN;
        List<Double> lshRuns = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            if (lshEdges != null) {
                lshEdges.unpersist();
            }
            LshGraphBuilder builder = LshGraphBuilder.knn(k, m, lshParams(), seed);
            StageClock clock = StageClock.start();
            Dataset<Row> edges = builder.build(data);
            lshRuns.add(clock.seconds());
            lshEdges = edges;
            if (Double.isNaN(lshSeconds) || clock.seconds() < lshSeconds) {
                lshSeconds = clock.seconds();
                lshCpu = clock.cpuSeconds();
                lsh = builder;
            }
        }
        long recallStart = System.nanoTime();
        double recall = exact != null ? GraphRecall.of(lshEdges, exact) : lsh.lastReport().estimatedRecall();
        LOG.info("Recall of the LSH graph against the exact one: {} ({} s)", String.format(Locale.ROOT, "%.4f",
            recall), fmt(seconds(recallStart)));

        MllibLshBaseline.Result mllib = null;
        if (!skipMllib && exact != null) {
            Dataset<Row> mllibData = m == Metric.COSINE ? normalised(data) : data;
            double maxDistance = exact.agg(org.apache.spark.sql.functions.min(GraphSchema.SIMILARITY))
                .first().getDouble(0);
            maxDistance = m == Metric.COSINE ? Math.sqrt(Math.max(0.0, 2.0 - 2.0 * maxDistance))
                : 1.0 / maxDistance - 1.0;
            mllib = MllibLshBaseline.tune(mllibData, exact, k, recall, maxDistance, mllibTables, mllibCap, seed);
        }

        GraphStatistics exactStats = exact == null ? null : GraphOutput.save(exact, n, out, "exact-edges");
        GraphStatistics lshStats = GraphOutput.save(lshEdges, n, out, "lsh-edges");
        String line = String.format(Locale.ROOT,
            "graph-benchmark n=%d k=%d exact_s=%.2f lsh_s=%.2f recall=%.4f mllib_s=%.2f mllib_recall=%.4f", n, k,
            exactSeconds, lshSeconds, recall, mllib == null ? Double.NaN : mllib.seconds(),
            mllib == null ? Double.NaN : mllib.recall());
        String loadAfter = loadAverage();
        writeRecord(n, exactSeconds, exactCpu, exactRuns, lshSeconds, lshCpu, lshRuns, loadBefore, loadAfter,
            recall, lsh.lastReport(), mllib, exactStats, lshStats, line);

        System.out.println();
        System.out.printf(Locale.ROOT, "Exact builder:  %.2f s (%.1f cpu-s)%s%n", exactSeconds, exactCpu,
            exact == null ? " (skipped)" : ", fastest of runs " + runs(exactRuns) + " s");
        System.out.printf(Locale.ROOT, "LSH builder:    %.2f s (%.1f cpu-s), fastest of runs %s s, recall %.4f (probe"
                + " estimate %.4f), %s%n", lshSeconds, lshCpu, runs(lshRuns), recall,
            lsh.lastReport().estimatedRecall(), describe(lsh.lastReport()));
        if (mllib != null) {
            for (MllibLshBaseline.Trial trial : mllib.trials()) {
                System.out.println("MLlib trial:    " + trial);
            }
            System.out.println(mllib.reached()
                ? String.format(Locale.ROOT, "MLlib join:     reached recall %.4f in %.2f s", mllib.recall(),
                    mllib.seconds())
                : String.format(Locale.ROOT, "MLlib join:     did not reach recall %.4f within the %.0f s cap;"
                    + " best recall reached %.4f (mllib_s below is the cap)", recall, mllibCap, mllib.recall()));
        }
        if (!Double.isNaN(exactSeconds)) {
            System.out.printf(Locale.ROOT, "LSH speed-up:   %.1fx over exact%s%n", exactSeconds / lshSeconds,
                mllib == null ? "" : String.format(Locale.ROOT, ", %.1fx over MLlib%s", mllib.seconds() / lshSeconds,
                    mllib.reached() ? "" : " (at least: MLlib capped)"));
        }
        System.out.println("Machine load (1, 5, 15-minute averages): " + loadBefore + " before, " + loadAfter
            + " after; " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("Results in " + out);
        System.out.println(line);
        return 0;
    }

    private Integer scalingTable(SparkSession spark, Metric m) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("n,d,lsh_s,probe_recall,tables,leaf_size,rounds,exact_s,recall");
        System.out.println();
        for (long n : scaling) {
            Dataset<Row> data = new SyntheticClusters(syntheticDim, syntheticClusters, 4.0, seed)
                .frame(spark, n, Math.max(2, spark.sparkContext().defaultParallelism() * 2))
                .persist(StorageLevel.MEMORY_AND_DISK());
            data.count();
            LshGraphBuilder lsh = LshGraphBuilder.knn(k, m, lshParams(), seed);
            long t0 = System.nanoTime();
            Dataset<Row> edges = lsh.build(data);
            double lshSeconds = seconds(t0);
            LshGraphBuilder.Report r = lsh.lastReport();
            LOG.info("Scaling: n={} LSH {} s", n, fmt(lshSeconds));
            double exactSeconds = Double.NaN;
            double recall = Double.NaN;
            if (n <= scalingExactMax) {
                t0 = System.nanoTime();
                Dataset<Row> exact = ExactGraphBuilder.knn(k, m, exactBlocks).build(data);
                exactSeconds = seconds(t0);
                recall = GraphRecall.of(edges, exact);
                exact.unpersist();
            }
            String row = String.format(Locale.ROOT, "%d,%d,%.2f,%.4f,%d,%d,%d,%.2f,%.4f", n, syntheticDim,
                lshSeconds, r.estimatedRecall(), r.tables(), r.params().leafSize(), r.rounds(), exactSeconds,
                recall);
            lines.add(row);
            System.out.println("graph-scaling " + row);
            Files.write(out.resolve("scaling.csv"), lines, StandardCharsets.UTF_8);
            edges.unpersist();
            data.unpersist();
        }
        System.out.println();
        System.out.println("| n | LSH s | s per 100k | probe recall | exact s | recall |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (String row : lines.subList(1, lines.size())) {
            String[] f = row.split(",");
            double n = Double.parseDouble(f[0]);
            double s = Double.parseDouble(f[2]);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %s | %s | %s |%n", f[0], s, s / n * 1e5, f[3],
                f[7], f[8]);
        }
        System.out.println("Scaling table in " + out.resolve("scaling.csv"));
        return 0;
    }

    private LshParams lshParams() {
        return new LshParams(tables, leafSize, dims, maxRounds, targetRecall, 0);
    }

    private Dataset<Row> load(SparkSession spark, int max) throws IOException {
        int partitions = Math.max(2, spark.sparkContext().defaultParallelism() * 2);
        if (dataset.equals("synthetic")) {
            return new SyntheticClusters(syntheticDim, syntheticClusters, 4.0, seed)
                .frame(spark, max > 0 ? max : 60_000, partitions);
        }
        if (!dataset.equals("fashion-mnist")) {
            throw new IllegalArgumentException("--dataset " + dataset + " is not known; use fashion-mnist or"
                + " synthetic.");
        }
        Path images = fashionDir.resolve("train-images-idx3-ubyte.gz");
        Path labels = fashionDir.resolve("train-labels-idx1-ubyte.gz");
        if (!Files.isReadable(images) || !Files.isReadable(labels)) {
            throw new IllegalArgumentException("Fashion-MNIST not found: " + images + " and " + labels
                + " must exist; give their folder with --fashion-dir.");
        }
        return IdxImages.read(images, labels, max).frame(spark, partitions);
    }

    /** Loads ND4J's native code and starts Spark's executors, so that no builder pays for them. */
    private static void warmUp(SparkSession spark) {
        Nd4j.rand(64, 64).mmul(Nd4j.rand(64, 64));
        spark.range(1000).count();
    }

    private static Dataset<Row> normalised(Dataset<Row> data) {
        org.apache.spark.ml.feature.Normalizer normalizer = new org.apache.spark.ml.feature.Normalizer()
            .setInputCol("features").setOutputCol("unit").setP(2.0);
        return normalizer.transform(data).drop("features").withColumnRenamed("unit", "features");
    }

    private void writeRecord(long n, double exactSeconds, double exactCpu, List<Double> exactRuns,
                             double lshSeconds, double lshCpu, List<Double> lshRuns, String loadBefore,
                             String loadAfter, double recall,
                             LshGraphBuilder.Report report, MllibLshBaseline.Result mllib, GraphStatistics exactStats,
                             GraphStatistics lshStats, String line) throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"dataset\": \"%s\", \"n\": %d, \"k\": %d, \"metric\": \"%s\","
            + " \"seed\": %d,%n", dataset, n, k, metric, seed));
        json.append(String.format(Locale.ROOT, "  \"cores\": %d, \"exact_s\": %s, \"exact_cpu_s\": %s,"
                + " \"lsh_s\": %.3f, \"lsh_cpu_s\": %s, \"recall\": %.5f, \"lsh_probe_recall\": %.5f,%n",
            Runtime.getRuntime().availableProcessors(), num(exactSeconds), num(exactCpu), lshSeconds, num(lshCpu),
            recall, report.estimatedRecall()));
        json.append(String.format(Locale.ROOT, "  \"exact_runs_s\": %s, \"lsh_runs_s\": %s,"
            + " \"load_average_before\": \"%s\", \"load_average_after\": \"%s\",%n", runs(exactRuns),
            runs(lshRuns), loadBefore, loadAfter));
        json.append(String.format(Locale.ROOT, "  \"lsh\": {\"tables\": %d, \"leaf_size\": %d, \"dims\": %d,"
                + " \"rounds\": %d, \"target_recall\": %s},%n", report.tables(), report.params().leafSize(),
            report.params().dims(), report.rounds(), num(report.params().targetRecall())));
        if (mllib != null) {
            json.append(String.format(Locale.ROOT, "  \"mllib\": {\"seconds\": %.3f, \"recall\": %.5f, \"reached\":"
                + " %s, \"cap_s\": %.1f, \"trials\": [", mllib.seconds(), mllib.recall(), mllib.reached(),
                mllib.capSeconds()));
            for (int i = 0; i < mllib.trials().size(); i++) {
                MllibLshBaseline.Trial t = mllib.trials().get(i);
                json.append(String.format(Locale.ROOT, "%s{\"tables\": %d, \"bucket_length\": %.6g, \"seconds\": %.3f,"
                    + " \"recall\": %s, \"cancelled\": %s}", i == 0 ? "" : ", ", t.tables(), t.bucketLength(),
                    t.seconds(), num(t.recall()), t.cancelled()));
            }
            json.append("]},\n");
        }
        if (exactStats != null) {
            json.append("  \"exact_stats\": ").append(exactStats.toJson()).append(",\n");
        }
        json.append("  \"lsh_stats\": ").append(lshStats.toJson()).append(",\n");
        json.append("  \"line\": \"").append(line).append("\"\n}\n");
        Files.writeString(out.resolve("benchmark.json"), json.toString(), StandardCharsets.UTF_8);
    }

    private static String runs(List<Double> seconds) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < seconds.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", seconds.get(i)));
        }
        return b.append(']').toString();
    }

    /** The 1, 5 and 15-minute load averages of the machine, where the system tells them. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String describe(LshGraphBuilder.Report r) {
        if (r.params() == null) {
            return "fewer than 2 instances";
        }
        return String.format(Locale.ROOT, "%d tables of leaf size %d, %d dims, %d refinement round(s)", r.tables(),
            r.params().leafSize(), r.params().dims(), r.rounds());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.5g", v);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
