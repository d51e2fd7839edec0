package org.collectiveloss.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.data.DataPreparation;
import org.collectiveloss.data.DatasetRegistry;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.data.FeatureScaler;
import org.collectiveloss.data.LabelNoise;
import org.collectiveloss.data.PreparationSpec;
import org.collectiveloss.data.TrainTest;
import org.collectiveloss.weights.ClassHistograms;
import org.collectiveloss.weights.InstanceWeightsCsv;
import org.collectiveloss.weights.NoiseDetection;
import org.collectiveloss.weights.TypicalityWeighter;
import org.collectiveloss.weights.TypicalityWeighterModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code instance-weights DATASET --out FILE.csv}: computes the typicality of every training instance of a
 * registered data set and writes it as CSV (see {@link InstanceWeightsCsv}), with per-class histograms of entropy
 * and weight beside it ({@code FILE-entropy-hist.png/.svg}, {@code FILE-weight-hist.png/.svg}) and, when label
 * noise is injected, the AUROC of {@code 1 − weight} as a detector of the flipped labels for every scheme
 * ({@code FILE-noise-auroc.csv}).
 *
 * <p>The training instances are those of the data stage: the training file of a set with a fixed test part, the
 * training part of the registry's split otherwise ({@code preparation.split} of {@code conf/datasets.conf}), each
 * scaled as {@code --scale} says. Ids are 0-based positions in the training file's order.
 */
@Command(name = "instance-weights", mixinStandardHelpOptions = true,
    description = "Writes degree, entropy, agreement and weight of every training instance of DATASET as CSV,"
        + " with per-class histograms and, under label noise, the noise-detection AUROC of every scheme.")
public final class InstanceWeightsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATASET", description = "Registry name of the data set, e.g. digits.")
    String dataset;

    @Option(names = "--out", paramLabel = "FILE.csv", required = true, description = "CSV file to write.")
    Path out;

    @Option(names = "--graph", paramLabel = "BUILDER", defaultValue = "exact",
        description = "Graph builder: exact or lsh (default: ${DEFAULT-VALUE}).")
    String graph;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10",
        description = "Neighbours per instance (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--scheme", paramLabel = "S", defaultValue = "entropy",
        description = "Weighting scheme: uniform, entropy, exp-entropy, agreement, entropy-agreement or random"
            + " (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--scale", paramLabel = "METHOD", defaultValue = "standard",
        description = "Feature scaling fitted on the training part: none, standard or minmax"
            + " (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--limit", paramLabel = "N",
        description = "Build the graph over the first N training instances (by id) only.")
    Integer limit;

    @Option(names = "--min-weight", paramLabel = "W", defaultValue = "0.1",
        description = "Floor of every raw weight (default: ${DEFAULT-VALUE}).")
    double minWeight;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1.0",
        description = "Decay rate of exp-entropy (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--include-self", description = "Count each instance itself in its neighbourhood.")
    boolean includeSelf;

    @Option(names = "--similarity-weighted", description = "Neighbours vote with their similarity instead of 1.")
    boolean similarityWeighted;

    @Option(names = "--blocks", paramLabel = "B", defaultValue = "4",
        description = "Blocks of the exact builder (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "Seed of the LSH builder and the random scheme (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--noise", paramLabel = "RATE", defaultValue = "0",
        description = "Flip this share of the training labels before weighting (default: ${DEFAULT-VALUE}).")
    double noiseRate;

    @Option(names = "--noise-kind", paramLabel = "KIND", defaultValue = "symmetric",
        description = "symmetric or pair-flip (default: ${DEFAULT-VALUE}).")
    String noiseKind;

    @Option(names = "--noise-seed", paramLabel = "S", defaultValue = "1",
        description = "Seed of the label flips (default: ${DEFAULT-VALUE}).")
    long noiseSeed;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
        description = "For a set without a fixed test part: share of each class held out; the rest is weighted"
            + " (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "1",
        description = "Seed of that split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--bins", paramLabel = "N", defaultValue = "20",
        description = "Bins of the histograms (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "8",
        description = "Spark SQL shuffle partitions; Spark's 200 is far too many for small sets"
            + " (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--registry", paramLabel = "FILE",
        description = "Data set registry (default: conf/datasets.conf, or -D" + DatasetRegistry.FILE_PROPERTY
            + ").")
    Path registryFile;

    @Override
    public Integer call() {
        // Parameters first, so that a typo fails before Spark starts.
        TypicalityWeighter weighter = new TypicalityWeighter().setScheme(scheme).setGraphBuilder(graph).setK(k)
            .setBlocks(blocks).setSeed(seed).setMinWeight(minWeight).setBeta(beta).setIncludeSelf(includeSelf)
            .setSimilarityWeighted(similarityWeighted);
        weighter.graphSpec();
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit " + limit + " must be at least 1.");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions " + partitions + " must be at least 1.");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("--bins " + bins + " must be at least 1 (20 is a good choice).");
        }
        if (!out.getFileName().toString().endsWith(".csv")) {
            throw new IllegalArgumentException("--out " + out + " must name a .csv file, e.g. weights.csv.");
        }
        PreparationSpec prep = new PreparationSpec(
            new PreparationSpec.Split("holdout", testFraction, 5, 0, splitSeed),
            FeatureScaler.Method.parse(scale, "--scale"), PreparationSpec.Noise.none());
        if (noiseRate > 0) {
            prep = prep.withNoise(LabelNoise.Kind.parse(noiseKind, "--noise-kind"), noiseRate, noiseSeed);
        }
        DatasetRegistry registry = DatasetRegistry.load(ConfigFactory.empty(),
            registryFile != null ? registryFile : DatasetRegistry.defaultFile());
        registry.spec(dataset);

        // The training part, cut to its first N instances where asked, and its graph.
        SparkSession spark = SparkSessions.getOrCreate("collective-loss instance-weights " + dataset);
        spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(partitions));
        TrainTest parts = DataPreparation.prepare(spark, registry, dataset, prep);
        Dataset<Row> train = parts.train();
        if (limit != null) {
            train = train.orderBy(col(DatasetSchema.ID)).limit(limit).persist(StorageLevel.MEMORY_AND_DISK());
        }
        weighter.setNumClasses(parts.numClasses());
        Dataset<Row> edges = weighter.graphSpec().newBuilder().build(train);

        // Weights, their file and the histograms beside it.
        TypicalityWeighterModel model = weighter.fitOnGraph(train, edges);
        Dataset<Row> weighted = model.transform(train).persist(StorageLevel.MEMORY_AND_DISK());
        long rows = InstanceWeightsCsv.write(weighted, model, out);
        System.out.printf(Locale.ROOT, "%d instances of %s (%d classes), scheme %s, %s graph with k=%d: %s%n",
            rows, dataset, parts.numClasses(), model.getScheme(), graph, k, out);
        String base = out.toString().substring(0, out.toString().length() - ".csv".length());
        System.out.println("Histograms: " + histograms(weighted, parts, model.getScheme(), base));

        if (Arrays.asList(train.columns()).contains(DatasetSchema.CLEAN_LABEL)) {
            noiseDetection(weighter, train, edges, Path.of(base + "-noise-auroc.csv"));
        }
        weighted.unpersist();
        model.instanceWeights().unpersist();
        edges.unpersist();
        DataPreparation.release(parts);
        return 0;
    }

    /** Per-class histograms of entropy over [0, ln C] and of weight over [0, largest weight]. */
    private List<Path> histograms(Dataset<Row> weighted, TrainTest parts, String schemeName, String base) {
        int numClasses = parts.numClasses();
        List<Path> files = new ArrayList<>(ClassHistograms.compute(weighted, DatasetSchema.LABEL,
                TypicalityWeighter.ENTROPY, "entropy", numClasses, 0.0, Math.log(numClasses), bins)
            .save("Neighbourhood entropy per class: " + dataset + ", k=" + k, "entropy (nats)",
                parts.classNames(), Path.of(base + "-entropy-hist")));
        double maxWeight = weighted.agg(max(DatasetSchema.WEIGHT)).first().getDouble(0);
        files.addAll(ClassHistograms.compute(weighted, DatasetSchema.LABEL, DatasetSchema.WEIGHT, "weight",
                numClasses, 0.0, Math.max(maxWeight, 1.0), bins)
            .save("Weight (" + schemeName + ") per class: " + dataset + ", k=" + k, "weight (mean 1)",
                parts.classNames(), Path.of(base + "-weight-hist")));
        return files;
    }

    /** AUROC of every scheme on the same graph, printed and written as CSV. */
    private static void noiseDetection(TypicalityWeighter weighter, Dataset<Row> train, Dataset<Row> edges,
                                       Path file) {
        List<NoiseDetection.Result> results = NoiseDetection.bySchemes(weighter, train, edges);
        List<String> lines = new ArrayList<>();
        lines.add("scheme,auroc,flipped,instances");
        System.out.printf(Locale.ROOT, "Noise detection: AUROC of (1 - weight) for the %d flipped of %d labels%n",
            results.get(0).flipped(), results.get(0).total());
        for (NoiseDetection.Result r : results) {
            lines.add(String.format(Locale.ROOT, "%s,%.6f,%d,%d", r.scheme().configName(), r.auroc(),
                r.flipped(), r.total()));
            System.out.printf(Locale.ROOT, "  %-18s %.4f%n", r.scheme().configName(), r.auroc());
        }
        try {
            Files.write(file.toAbsolutePath(), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        System.out.println("AUROC per scheme: " + file);
    }
}
