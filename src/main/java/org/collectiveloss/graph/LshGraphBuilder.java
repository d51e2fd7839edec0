package org.collectiveloss.graph;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.data.DatasetSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * An approximate similarity graph on Spark: random projection trees as locality-sensitive hash tables with
 * bounded buckets, exact blocked products inside each bucket, then neighbour-of-neighbour refinement, with the
 * recall measured against brute force on a sample while building.
 *
 * <p>Why not Spark MLlib's {@code BucketedRandomProjectionLSH.approxSimilarityJoin}: its buckets are cells of
 * a fixed grid, so on dense high-dimensional data they are either too fine (neighbours split apart, low recall)
 * or too coarse (a few huge buckets whose candidate pairs grow quadratically), and every candidate pair is a
 * row of a Spark join. Here a bucket is a tree leaf of at most {@code leafSize} points wherever the data is
 * dense, candidates are compared by one BLAS product per bucket, and no pair ever becomes a Spark row.
 *
 * <p>The stages, each a Spark job unless noted:
 * <ol>
 *   <li>The features are read into a float32 matrix on the driver ({@link FeatureMatrix}), checked, sorted by
 *       id, and shared with the executors as one broadcast, together with their projection to
 *       {@code dims} principal axes fitted on a seeded sample ({@link Projection}, driver).</li>
 *   <li>Recall probe: the exact neighbours (or, for threshold graphs, the exact number of pairs above the
 *       cut-off) of {@code recallQueries} seeded instances, by blocked products over all rows.</li>
 *   <li>Hash tables: each task builds seeded {@link RandomProjectionTree}s in the projected space; their leaves
 *       are spread over all tasks, and each leaf's rows are compared all-pairs in one float32 product of the
 *       leaf with itself ({@link BlockKernel#bucketNearest}; OpenBLAS's {@code ssyrk} on the CPU backend, which
 *       computes one triangle, half the work of a general product). The partial neighbour lists are merged
 *       on the driver into one top-k list per point. The rows are first put in the leaf order of one more tree,
 *       so that neighbours sit close in memory.</li>
 *   <li>kNN graphs: refinement rounds ({@link NeighbourExpansion}) on ranges of points until the measured
 *       recall, less 1.64 standard errors, reaches the target, or a round finds less than a third of the
 *       missing neighbours, or {@code maxRounds} is reached. A stalled round that screened candidates in the
 *       projection makes the next rounds compute every candidate on the full features; otherwise, below the
 *       target, another batch of {@code tables} trees follows, then rounds again, up to 4 batches. Threshold
 *       graphs: more trees in batches, until the same condition or 8 batches.</li>
 *   <li>The edges are built from the final lists on the executors, their distances recomputed exactly (double
 *       sums over the float32 features), persisted and counted.</li>
 * </ol>
 * The measured recall, the chosen settings and the time are logged and kept in {@link #lastReport()}.
 *
 * <p>Cost for n points of d features, T tables of leaf size L and R rounds: about {@code n · T · L · d / 2}
 * multiply-adds in BLAS products, plus {@code n · R · (c · m + 2k · d)} in plain Java for the refinement
 * (c ≈ 100–200 candidates per point screened in m projected dimensions, the best 2k of them computed on the
 * full features); both linear in n. Memory: the driver and each executor hold the float32 features
 * ({@code 4 · n · d} bytes: 188 MB for Fashion-MNIST's 60,000 × 784, 256 MB for a million 64-dimensional
 * points) and the lists ({@code 8 · n · k} bytes).
 *
 * <p>Not supported: feature matrices that do not fit in the memory of the driver and of each executor, since
 * every task reads the broadcast matrix (the matrix also travels to the driver as task results, so
 * {@code spark.driver.maxResultSize}, 1 GB by default, must exceed {@code 4 · n · d} bytes); threshold graphs
 * get no refinement rounds, only more trees, so a point with many more than {@code leafSize} neighbours above
 * the cut-off keeps only those that shared one of its buckets (the logged recall shows how many).
 */
public final class LshGraphBuilder implements GraphBuilder, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LshGraphBuilder.class);

    /** Sampled rows for fitting the projection. */
    private static final int PROJECTION_SAMPLE = 5_000;
    /** Threshold graphs: most trees, as a multiple of the first batch. */
    private static final int MAX_TABLE_BATCHES = 8;
    /** kNN graphs: most batches of trees (each followed by refinement rounds). */
    private static final int MAX_KNN_BATCHES = 4;
    /**
     * A refinement round that finds fewer than this share of the missing neighbours has stalled: if it screened
     * candidates in the projection, the next rounds compute every candidate (a good projection lets one round
     * find most of them); otherwise the next batch of trees follows.
     */
    private static final double STALL_SHARE = 1.0 / 3.0;

    private final Metric metric;
    private final GraphMode mode;
    private final int k;
    private final CutOff cutOff;
    private final LshParams params;
    private final long seed;
    private transient Report lastReport;

    /**
     * @param metric how instances are compared
     * @param mode   which pairs become edges
     * @param k      neighbours per instance for {@link GraphMode#KNN}, at least 1; ignored otherwise
     * @param cutOff the cut-off for {@link GraphMode#THRESHOLD}; ignored (may be null) otherwise
     * @param params tables, leaf size, projection, rounds and target recall
     * @param seed   seed of every random choice (projection sample, trees, recall probe, cut-off sample)
     */
    public LshGraphBuilder(Metric metric, GraphMode mode, int k, CutOff cutOff, LshParams params, long seed) {
        if (mode == GraphMode.KNN && k < 1) {
            throw new IllegalArgumentException("k=" + k + "; the kNN graph needs k >= 1 (10 is a common choice).");
        }
        if (mode == GraphMode.THRESHOLD && cutOff == null) {
            throw new IllegalArgumentException("A threshold graph needs a cut-off: give graph.threshold.quantile,"
                + " mean-degree or density.");
        }
        this.metric = metric;
        this.mode = mode;
        this.k = k;
        this.cutOff = cutOff;
        this.params = params;
        this.seed = seed;
    }

    /** A kNN graph builder. */
    public static LshGraphBuilder knn(int k, Metric metric, LshParams params, long seed) {
        return new LshGraphBuilder(metric, GraphMode.KNN, k, null, params, seed);
    }

    /** A threshold graph builder. */
    public static LshGraphBuilder threshold(CutOff cutOff, Metric metric, LshParams params, long seed) {
        return new LshGraphBuilder(metric, GraphMode.THRESHOLD, 0, cutOff, params, seed);
    }

    /**
     * What the last {@link #build} measured and chose, or null before the first build.
     *
     * @param params          the settings used
     * @param estimatedRecall recall measured on the probe instances (NaN for fewer than 2 instances)
     * @param rounds          refinement rounds run
     * @param tables          trees built
     * @param cutOff          similarity cut-off τ (threshold graphs; NaN for kNN)
     * @param seconds         wall time of the build, edges counted
     */
    public record Report(LshParams.Resolved params, double estimatedRecall, int rounds, int tables, double cutOff,
                         double seconds) {
    }

    public Report lastReport() {
        return lastReport;
    }

    /**
     * Builds the graph of the instances in {@code data} ({@link DatasetSchema#ID} and
     * {@link DatasetSchema#FEATURES} columns).
     *
     * @return the edges, persisted (memory and disk) and counted
     * @throws IllegalArgumentException if a feature is NaN or infinite, vectors differ in length or an id
     *                                  repeats (the message names the instance id)
     */
    @Override
    public Dataset<Row> build(Dataset<Row> data) {
        GraphInputs.requireColumns(data);
        long start = System.nanoTime();
        StageClock clock = StageClock.start();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Metric m = metric;
        List<FeatureMatrix> parts = data.select(DatasetSchema.ID, DatasetSchema.FEATURES).javaRDD()
            .mapPartitions(rows -> List.of(FeatureMatrix.of(rows, m)).iterator())
            .collect();
        FeatureMatrix x = FeatureMatrix.concat(parts, metric);
        int n = x.size();
        GraphInputs.warnZeroRows(LOG, x.zeroRowIds());
        if (n < 2) {
            LOG.info("LSH graph: n={}: no pairs, no edges", n);
            lastReport = new Report(null, Double.NaN, 0, 0, Double.NaN, seconds(start));
            return data.sparkSession().createDataFrame(List.of(), GraphSchema.SCHEMA);
        }
        LOG.info("LSH graph: features read into a {} x {} float32 matrix ({})", n, x.dim(), clock);
        LshParams.Resolved p = params.resolve(n, x.dim(), k, mode);
        LOG.info("LSH graph: n={} d={} metric={} mode={} {}; tables={} leaf-size={} dims={} max-rounds={}"
                + " target-recall={} recall-queries={} seed={} [auto: {}]", n, x.dim(), metric.configName(),
            mode.configName(), mode == GraphMode.KNN ? "k=" + k : "cut-off " + cutOff, p.tables(), p.leafSize(),
            p.dims(), p.maxRounds(), p.targetRecall(), p.recallQueries(), seed, p.reason());

        int blasThreads = BlasThreads.current();
        clock = StageClock.start();
        Projection projection = Projection.fit(x, p.dims(), PROJECTION_SAMPLE, seed);
        float[] projected = projection.apply(x);
        // Rows in the order of the leaves of one tree: neighbours then sit close in memory, so the refinement
        // rounds, which work on ranges of rows, find most candidates in the CPU caches.
        int[] order = spatialOrder(projected, n, projection.outDim(), seed);
        x = x.rows(order);
        projected = projection.isIdentity() ? x.values() : permuteRows(projected, projection.outDim(), order);
        // Screening candidates in the projection pays when it is much shorter than the features.
        boolean screen = !projection.isIdentity() && x.dim() >= 4 * projection.outDim();
        Broadcast<Shared> shared = sc.broadcast(new Shared(x, projected, projection.outDim(), screen));
        LOG.info("LSH graph: {} projection to {} dimensions fitted, applied and broadcast ({})", projection.kind(),
            projection.outDim(), clock);
        int slices = Math.max(2, 4 * sc.defaultParallelism());
        int[] probe = Projection.sample(n, p.recallQueries(), seed ^ 0x9e3779b97f4a7c15L);
        try {
            Dataset<Row> edges = mode == GraphMode.KNN
                ? knn(sc, shared, x, p, probe, slices, start)
                : threshold(sc, shared, x, p, probe, slices, start);
            return edges;
        } finally {
            shared.unpersist(false);
            BlasThreads.set(blasThreads);
        }
    }

    // ---------------------------------------------------------------------------------------------- kNN graphs

    private Dataset<Row> knn(JavaSparkContext sc, Broadcast<Shared> shared, FeatureMatrix x, LshParams.Resolved p,
                             int[] probe, int slices, long start) {
        int n = x.size();
        int kk = Math.min(k, n - 1);
        TopK[] truth = probeNeighbours(sc, shared, x, probe, kk, slices);

        NeighbourLists lists = new NeighbourLists(n, kk);
        int width = Math.min(kk, 12);
        int keep = Math.max(2 * kk, 16);
        boolean screen = shared.value().screen;
        long slots = probe.length * (long) kk;
        double recall;
        int built = 0;
        int rounds = 0;
        // Trees, then refinement rounds while they help; if the target is still out of reach, another batch of
        // trees brings candidates the rounds could not reach (larger data needs more: each extra tree level
        // separates more neighbours).
        do {
            StageClock clock = StageClock.start();
            for (PartialLists part : forestLists(sc, shared, p, built, built + p.tables(), kk, slices)) {
                part.mergeInto(lists);
            }
            built += p.tables();
            recall = recall(lists, probe, truth);
            LOG.info("LSH graph: {} tables of leaf size <= {}: probe recall {} ({})", built, p.leafSize(),
                fmt(recall), clock);
            for (int r = 0; r < p.maxRounds() && lowerBound(recall, slots) < p.targetRecall(); r++) {
                clock = StageClock.start();
                lists = refine(sc, shared, lists, width, keep, screen, slices);
                rounds++;
                double before = recall;
                recall = recall(lists, probe, truth);
                LOG.info("LSH graph: refinement round {}{}: probe recall {} ({})", rounds,
                    screen ? " (candidates screened in the projection)" : "", fmt(recall), clock);
                if (screen && recall - before < STALL_SHARE * (1.0 - before)) {
                    // The projection ranks the right candidates out of the best `keep`: give every one its
                    // distance from now on.
                    screen = false;
                } else if (recall - before < STALL_SHARE * (1.0 - before)) {
                    break;
                }
            }
        } while (lowerBound(recall, slots) < p.targetRecall() && built < MAX_KNN_BATCHES * p.tables()
            && n > p.leafSize());
        warnIfShort(recall, slots, p, built + " tables and " + rounds + " refinement round(s)");

        Broadcast<NeighbourLists> finalLists = sc.broadcast(lists);
        Metric m = metric;
        JavaRDD<Row> rows = sc.parallelize(ranges(n, slices), slices).flatMap(r -> {
            FeatureMatrix fx = shared.value().x;
            NeighbourLists l = finalLists.value();
            List<Row> out = new ArrayList<>((r[1] - r[0]) * l.k());
            for (int v = r[0]; v < r[1]; v++) {
                // The trees ranked by float32 screening values; the final lists get exact distances, and
                // their order (ties to the smaller id) follows those.
                TopK top = new TopK(l.k());
                for (int i = 0; i < l.k() && l.neighbour(v, i) >= 0; i++) {
                    int u = l.neighbour(v, i);
                    top.offer(fx.id(u), fx.rank(v, fx, u));
                }
                for (int i = 0; i < top.size(); i++) {
                    out.add(RowFactory.create(fx.id(v), top.id(i), m.similarity(top.distance(i))));
                }
            }
            return out.iterator();
        });
        Dataset<Row> edges = finish(sc, rows);
        long count = edges.count();
        finalLists.unpersist(false);
        lastReport = new Report(p, recall, rounds, built, Double.NaN, seconds(start));
        LOG.info("LSH graph built: {} edges, probe recall {}, {} tables, {} round(s) in {} s", count, fmt(recall),
            built, rounds, fmt(lastReport.seconds()));
        return edges;
    }

    /** Top-k lists from the leaves of trees {@code from..to-1}, one {@link PartialLists} per task. */
    private List<PartialLists> forestLists(JavaSparkContext sc, Broadcast<Shared> shared, LshParams.Resolved p,
                                           int from, int to, int kk, int slices) {
        return leaves(sc, shared, p, from, to, slices).mapPartitions(it -> {
            BlasThreads.oneInTask();
            FeatureMatrix fx = shared.value().x;
            PartialLists out = new PartialLists(kk);
            while (it.hasNext()) {
                BlockKernel.bucketNearest(fx, it.next(), kk, out);
            }
            return List.of(out).iterator();
        }).collect();
    }

    /**
     * The leaves of trees {@code from..to-1}, built one tree per task. When the trees fill whole waves of tasks
     * (their number a multiple of the cores) each task keeps its tree's leaves, which keeps the cores evenly
     * busy without a shuffle; otherwise the leaves are spread over {@code slices} tasks.
     */
    private JavaRDD<int[]> leaves(JavaSparkContext sc, Broadcast<Shared> shared, LshParams.Resolved p, int from,
                                  int to, int slices) {
        List<Integer> tables = new ArrayList<>();
        for (int t = from; t < to; t++) {
            tables.add(t);
        }
        int leafSize = p.leafSize();
        long base = seed;
        JavaRDD<int[]> byTree = sc.parallelize(tables, tables.size())
            .flatMap(t -> {
                Shared s = shared.value();
                return RandomProjectionTree.leaves(s.projected, s.x.size(), s.projDim, leafSize,
                    SimilarityCutOff.mix(base * 0x2545F4914F6CDD1DL + t)).iterator();
            });
        return tables.size() % sc.defaultParallelism() == 0 ? byTree : byTree.repartition(slices);
    }

    /** One refinement round over all points. */
    private NeighbourLists refine(JavaSparkContext sc, Broadcast<Shared> shared, NeighbourLists lists, int width,
                                  int keep, boolean screen, int slices) {
        Broadcast<NeighbourLists> current = sc.broadcast(lists);
        Broadcast<int[][]> reverse = sc.broadcast(lists.reverse(width));
        List<PartialLists> parts = sc.parallelize(ranges(lists.size(), slices), slices).map(r -> {
            Shared s = shared.value();
            NeighbourExpansion expansion = new NeighbourExpansion(s.x, s.projected, s.projDim, screen,
                current.value(), reverse.value(), width, keep);
            TopK[] tops = expansion.refine(r[0], r[1]);
            PartialLists out = new PartialLists(current.value().k());
            for (int v = r[0]; v < r[1]; v++) {
                out.add(v, tops[v - r[0]]);
            }
            return out;
        }).collect();
        current.destroy();
        reverse.destroy();
        NeighbourLists next = new NeighbourLists(lists.size(), lists.k());
        for (PartialLists part : parts) {
            for (int i = 0; i < part.count(); i++) {
                next.set(part.row(i), part.list(i));
            }
        }
        return next;
    }

    /** The exact k nearest neighbours of the probe rows, by blocked products over all rows. */
    private TopK[] probeNeighbours(JavaSparkContext sc, Broadcast<Shared> shared, FeatureMatrix x, int[] probe,
                                   int kk, int slices) {
        StageClock clock = StageClock.start();
        BlockKernel.Block queries = BlockKernel.Block.ofPositions(x, probe);
        Metric m = metric;
        List<TopK[]> parts = sc.parallelize(ranges(x.size(), slices), slices).map(r -> {
            BlasThreads.oneInTask();
            BlockKernel.Block rows = BlockKernel.Block.ofPositions(shared.value().x, range(r[0], r[1]));
            TopK[] tops = new TopK[queries.size()];
            for (int i = 0; i < tops.length; i++) {
                tops[i] = new TopK(kk);
            }
            BlockKernel.nearest(queries, tops, rows, null, m);
            return tops;
        }).collect();
        TopK[] truth = parts.get(0);
        for (int j = 1; j < parts.size(); j++) {
            for (int i = 0; i < truth.length; i++) {
                truth[i].merge(parts.get(j)[i]);
            }
        }
        LOG.info("LSH graph: exact neighbours of {} probe instances ({})", probe.length, clock);
        return truth;
    }

    private static double recall(NeighbourLists lists, int[] probe, TopK[] truth) {
        long hits = 0;
        long total = 0;
        for (int q = 0; q < probe.length; q++) {
            TopK found = lists.toTopK(probe[q]);
            for (int i = 0; i < truth[q].size(); i++) {
                total++;
                if (found.contains(truth[q].id(i))) {
                    hits++;
                }
            }
        }
        return total == 0 ? 1.0 : (double) hits / total;
    }

    // ---------------------------------------------------------------------------------------- threshold graphs

    private Dataset<Row> threshold(JavaSparkContext sc, Broadcast<Shared> shared, FeatureMatrix x,
                                   LshParams.Resolved p, int[] probe, int slices, long start) {
        int n = x.size();
        double share = cutOff.keptShare(n);
        int sampleRows = SimilarityCutOff.sampleRows(n, share, cutOff.sampleSize());
        double fraction = (double) sampleRows / n;
        int[] sampled = Arrays.stream(range(0, n)).filter(i -> SimilarityCutOff.inSample(x.id(i), seed, fraction))
            .toArray();
        SimilarityCutOff.Estimate cut = GraphInputs.estimateCutOff(LOG, x.rows(sampled), share, n,
            sampled.length == n);
        double maxRank = cut.maxRank();

        long[] truthCounts = probeCounts(sc, shared, x, probe, maxRank, slices);
        long truthTotal = Arrays.stream(truthCounts).sum();
        Set<Long> probePairs = new HashSet<>();
        Set<Integer> probeSet = new HashSet<>();
        for (int q : probe) {
            probeSet.add(q);
        }
        List<JavaRDD<Tuple2<Long, Double>>> batches = new ArrayList<>();
        int built = 0;
        double recall = 0.0;
        do {
            StageClock clock = StageClock.start();
            JavaRDD<Tuple2<Long, Double>> batch = forestPairs(sc, shared, p, built, built + p.tables(), maxRank,
                slices).persist(StorageLevel.MEMORY_AND_DISK());
            batches.add(batch);
            built += p.tables();
            long nn = n;
            for (Long key : batch.map(Tuple2::_1)
                .filter(key -> probeSet.contains((int) (key / nn)) || probeSet.contains((int) (key % nn)))
                .collect()) {
                probePairs.add(key);
            }
            long found = 0;
            for (long key : probePairs) {
                found += (probeSet.contains((int) (key / n)) ? 1 : 0) + (probeSet.contains((int) (key % n)) ? 1 : 0);
            }
            recall = truthTotal == 0 ? 1.0 : (double) found / truthTotal;
            LOG.info("LSH graph: {} tables of leaf size <= {}: probe recall {} of {} probe pairs ({})", built,
                p.leafSize(), fmt(recall), truthTotal, clock);
        } while (p.tables() > 0 && built < MAX_TABLE_BATCHES * p.tables()
            && lowerBound(recall, Math.max(1, truthTotal)) < p.targetRecall() && n > p.leafSize());
        warnIfShort(recall, Math.max(1, truthTotal), p, built + " tables");

        JavaRDD<Tuple2<Long, Double>> all = batches.get(0);
        for (int b = 1; b < batches.size(); b++) {
            all = all.union(batches.get(b));
        }
        Metric m = metric;
        long nn = n;
        JavaRDD<Row> rows = all.distinct(slices).flatMap(pair -> {
            FeatureMatrix fx = shared.value().x;
            long a = fx.id((int) (pair._1() / nn));
            long b = fx.id((int) (pair._1() % nn));
            double sim = m.similarity(pair._2());
            return List.of(RowFactory.create(a, b, sim), RowFactory.create(b, a, sim)).iterator();
        });
        Dataset<Row> edges = finish(sc, rows);
        long count = edges.count();
        batches.forEach(JavaRDD::unpersist);
        lastReport = new Report(p, recall, 0, built, cut.similarity(), seconds(start));
        LOG.info("LSH graph built: {} edges (mean degree {}), probe recall {}, {} tables in {} s", count,
            fmt((double) count / n), fmt(recall), built, fmt(lastReport.seconds()));
        return edges;
    }

    /** Pairs within {@code maxRank} sharing a leaf of trees {@code from..to-1}: key {@code a · n + b}, a &lt; b. */
    private JavaRDD<Tuple2<Long, Double>> forestPairs(JavaSparkContext sc, Broadcast<Shared> shared,
                                                      LshParams.Resolved p, int from, int to, double maxRank,
                                                      int slices) {
        Metric m = metric;
        return leaves(sc, shared, p, from, to, slices).mapPartitions(it -> {
            BlasThreads.oneInTask();
            FeatureMatrix fx = shared.value().x;
            long n = fx.size();
            List<Tuple2<Long, Double>> out = new ArrayList<>();
            while (it.hasNext()) {
                BlockKernel.Block block = BlockKernel.Block.ofPositions(fx, it.next());
                BlockKernel.within(block, block, maxRank, m, (a, b, rank) ->
                    out.add(new Tuple2<>(Math.min(a, b) * n + Math.max(a, b), rank)));
            }
            return out.iterator();
        });
    }

    /** For each probe row, the exact number of other rows within {@code maxRank}. */
    private long[] probeCounts(JavaSparkContext sc, Broadcast<Shared> shared, FeatureMatrix x, int[] probe,
                               double maxRank, int slices) {
        BlockKernel.Block queries = BlockKernel.Block.ofPositions(x, probe);
        Metric m = metric;
        List<long[]> parts = sc.parallelize(ranges(x.size(), slices), slices).map(r -> {
            BlasThreads.oneInTask();
            BlockKernel.Block rows = BlockKernel.Block.ofPositions(shared.value().x, range(r[0], r[1]));
            long[] counts = new long[queries.size()];
            int[] index = new int[shared.value().x.size()];
            for (int i = 0; i < queries.size(); i++) {
                index[(int) queries.keys[i]] = i;
            }
            BlockKernel.within(queries, rows, maxRank, m, (a, b, rank) -> counts[index[(int) a]]++);
            return counts;
        }).collect();
        long[] total = new long[probe.length];
        for (long[] part : parts) {
            for (int i = 0; i < total.length; i++) {
                total[i] += part[i];
            }
        }
        return total;
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static Dataset<Row> finish(JavaSparkContext sc, JavaRDD<Row> rows) {
        return org.apache.spark.sql.SparkSession.builder().sparkContext(sc.sc()).getOrCreate()
            .createDataFrame(rows, GraphSchema.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
    }

    private void warnIfShort(double recall, long slots, LshParams.Resolved p, String effort) {
        if (lowerBound(recall, slots) < p.targetRecall()) {
            LOG.warn("LSH graph: probe recall {} stays below the target {} after {}; raise graph.lsh.tables,"
                + " leaf-size or max-rounds, or lower target-recall", fmt(recall), p.targetRecall(), effort);
        }
    }

    /** A one-sided 95 % lower bound of a recall measured on {@code slots} neighbour slots (normal approx.). */
    static double lowerBound(double recall, long slots) {
        return recall - 1.645 * Math.sqrt(Math.max(recall * (1.0 - recall), 0.0) / Math.max(1, slots));
    }

    /** The row positions in the leaf order of one seeded tree with small leaves. */
    private static int[] spatialOrder(float[] projected, int n, int dim, long seed) {
        int[] order = new int[n];
        int at = 0;
        for (int[] leaf : RandomProjectionTree.leaves(projected, n, dim, 256, SimilarityCutOff.mix(~seed))) {
            System.arraycopy(leaf, 0, order, at, leaf.length);
            at += leaf.length;
        }
        return order;
    }

    private static float[] permuteRows(float[] values, int dim, int[] order) {
        float[] out = new float[values.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(values, order[i] * dim, out, i * dim, dim);
        }
        return out;
    }

    /** {@code count} contiguous ranges [from, to) covering 0..n-1. */
    static List<int[]> ranges(int n, int count) {
        List<int[]> out = new ArrayList<>();
        int parts = Math.max(1, Math.min(count, n));
        for (int i = 0; i < parts; i++) {
            int from = (int) ((long) n * i / parts);
            int to = (int) ((long) n * (i + 1) / parts);
            if (to > from) {
                out.add(new int[] {from, to});
            }
        }
        return out;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String fmt(double v) {
        return String.format("%.3f", v);
    }

    /** What every task reads: the features, their projection, and whether to screen in the projection. */
    private static final class Shared implements Serializable {
        private static final long serialVersionUID = 1L;

        final FeatureMatrix x;
        transient float[] projected;
        final int projDim;
        final boolean screen;

        Shared(FeatureMatrix x, float[] projected, int projDim, boolean screen) {
            this.x = x;
            this.projected = projected;
            this.projDim = projDim;
            this.screen = screen;
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            out.defaultWriteObject();
            // Without a projection the projected rows are the features themselves: not written twice.
            boolean identity = projected == x.values();
            out.writeBoolean(identity);
            if (!identity) {
                BulkArrays.writeFloats(out, projected);
            }
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            projected = in.readBoolean() ? x.values() : BulkArrays.readFloats(in);
        }
    }
}
