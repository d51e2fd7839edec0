package org.collectiveloss.graph;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.data.DatasetSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The exact similarity graph, computed on Spark by blocks: the reference against which approximate builders are
 * measured, and the right builder for data sets of up to some tens of thousands of instances.
 *
 * <p>The instances are cut into B blocks of float32 rows. Each unordered pair of blocks (B (B + 1) / 2 tasks
 * of the Cartesian product) is compared in one BLAS matrix product ({@link BlockKernel}); the pairs that
 * survive the screening get an exact double-precision distance. A kNN graph keeps, for the rows of both blocks,
 * the k best of the other block, and Spark merges the partial lists of each instance ({@link TopK}, ties to the
 * smaller id); a threshold graph keeps every pair within the cut-off, in both directions. The result does not
 * depend on the blocking.
 *
 * <p>Cost: {@code n² d / 2} multiply-adds in float32 products, the symmetric half of all pairs; memory per task
 * two blocks and their {@code (n/B)²} products. Choose B so that a block holds about 2,000–4,000 rows (0 does
 * this). Edges follow {@link GraphSchema}; kNN graphs give each instance {@code min(k, n − 1)} out-edges
 * (self excluded), and duplicates of a point are ordinary neighbours at distance 0.
 */
public final class ExactGraphBuilder implements GraphBuilder, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExactGraphBuilder.class);

    /** Rows per block that the automatic block count aims at. */
    static final int AUTO_BLOCK_ROWS = 3000;

    private final Metric metric;
    private final GraphMode mode;
    private final int k;
    private final CutOff cutOff;
    private final int numBlocks;
    private final long seed;

    /**
     * @param metric    how instances are compared
     * @param mode      which pairs become edges
     * @param k         neighbours per instance for {@link GraphMode#KNN}, at least 1; ignored otherwise
     * @param cutOff    the cut-off for {@link GraphMode#THRESHOLD}; ignored (may be null) otherwise
     * @param numBlocks blocks the data is cut into, at least 1, or 0 to aim at {@value #AUTO_BLOCK_ROWS} rows
     *                  per block (at least 2 blocks)
     * @param seed      seed of the cut-off's instance sample
     */
    public ExactGraphBuilder(Metric metric, GraphMode mode, int k, CutOff cutOff, int numBlocks, long seed) {
        if (mode == GraphMode.KNN && k < 1) {
            throw new IllegalArgumentException("k=" + k + "; the kNN graph needs k >= 1 (10 is a common choice).");
        }
        if (mode == GraphMode.THRESHOLD && cutOff == null) {
            throw new IllegalArgumentException("A threshold graph needs a cut-off: give graph.threshold.quantile,"
                + " mean-degree or density.");
        }
        if (numBlocks < 0) {
            throw new IllegalArgumentException("numBlocks=" + numBlocks + "; use 0 (automatic) or at least 1.");
        }
        this.metric = metric;
        this.mode = mode;
        this.k = k;
        this.cutOff = cutOff;
        this.numBlocks = numBlocks;
        this.seed = seed;
    }

    /** An exact kNN graph builder. */
    public static ExactGraphBuilder knn(int k, Metric metric, int numBlocks) {
        return new ExactGraphBuilder(metric, GraphMode.KNN, k, null, numBlocks, 0L);
    }

    /** An exact threshold graph builder; {@code seed} draws the instances that estimate the cut-off. */
    public static ExactGraphBuilder threshold(CutOff cutOff, Metric metric, int numBlocks, long seed) {
        return new ExactGraphBuilder(metric, GraphMode.THRESHOLD, 0, cutOff, numBlocks, seed);
    }

    /**
     * Builds the graph of the instances in {@code data}, which needs the {@link DatasetSchema#ID} and
     * {@link DatasetSchema#FEATURES} columns.
     *
     * @return the edges, one row per directed edge (src, dst, similarity), persisted and counted
     * @throws IllegalArgumentException if a feature is NaN or infinite, vectors differ in length or an id
     *                                  repeats (the message names the instance id)
     */
    @Override
    public Dataset<Row> build(Dataset<Row> data) {
        GraphInputs.requireColumns(data);
        GraphInputs.requireUniqueIds(data);
        long start = System.nanoTime();
        JavaRDD<Row> input = data.select(DatasetSchema.ID, DatasetSchema.FEATURES).javaRDD();
        long n = input.count();
        int b = numBlocks > 0 ? numBlocks : (int) Math.max(2, Math.min(n, (n + AUTO_BLOCK_ROWS - 1)
            / AUTO_BLOCK_ROWS));
        Metric m = metric;
        JavaRDD<IndexedBlock> blocks = input.repartition(b)
            .mapPartitionsWithIndex((index, rows) -> {
                FeatureMatrix fm = FeatureMatrix.of(rows, m);
                return List.of(new IndexedBlock(index, BlockKernel.Block.ofIds(fm), fm.zeroRowIds())).iterator();
            }, true)
            .filter(block -> block.rows.size() > 0)
            .persist(StorageLevel.MEMORY_AND_DISK());
        int dim = checkBlocks(blocks.map(block -> new IndexedBlock(block.index, new BlockKernel.Block(
            new long[] {block.rows.keys[0]}, new float[0], new float[0], block.rows.dim), block.zeroIds)).collect());
        LOG.info("Exact graph: n={} d={} metric={} mode={} {}; {} blocks ({} block pairs)", n, dim,
            metric.configName(), mode.configName(), mode == GraphMode.KNN ? "k=" + k : "cut-off " + cutOff, b,
            (long) b * (b + 1) / 2);
        int blasThreads = BlasThreads.current();
        try {
            JavaPairRDD<IndexedBlock, IndexedBlock> pairs = blocks.cartesian(blocks)
                .filter(p -> p._1().index <= p._2().index);
            // The block pairs come in b² partitions (a cartesian product); the edges get b, so that every later
            // shuffle over them (statistics, weights) does not start b² map tasks each writing one file per
            // reduce partition: at 60,000 instances (b = 20) that made the graph statistics take a minute.
            JavaRDD<Row> rows = mode == GraphMode.KNN ? knnRows(pairs, n, b)
                : thresholdRows(data, pairs, n).coalesce(b);
            Dataset<Row> result = data.sparkSession().createDataFrame(rows, GraphSchema.SCHEMA)
                .persist(StorageLevel.MEMORY_AND_DISK());
            long numEdges = result.count();
            LOG.info("Exact graph built: {} edges (mean out-degree {}) in {} s", numEdges,
                String.format("%.2f", n == 0 ? 0.0 : (double) numEdges / n),
                String.format("%.2f", (System.nanoTime() - start) / 1e9));
            return result;
        } finally {
            blocks.unpersist();
            BlasThreads.set(blasThreads);
        }
    }

    private JavaRDD<Row> knnRows(JavaPairRDD<IndexedBlock, IndexedBlock> pairs, long n, int partitions) {
        int kk = (int) Math.max(1, Math.min(k, n - 1));
        Metric m = metric;
        return pairs.flatMapToPair(pair -> {
            BlasThreads.oneInTask();
            BlockKernel.Block a = pair._1().rows;
            BlockKernel.Block b = pair._2().rows;
            boolean same = pair._1().index == pair._2().index;
            TopK[] topsA = newLists(a.size(), kk);
            TopK[] topsB = same ? null : newLists(b.size(), kk);
            BlockKernel.nearest(a, topsA, same ? a : b, topsB, m);
            List<Tuple2<Long, TopK>> out = new ArrayList<>();
            emit(a, topsA, out);
            if (!same) {
                emit(b, topsB, out);
            }
            return out.iterator();
        }).reduceByKey(TopK::merge, partitions).flatMap(entry -> {
            TopK top = entry._2();
            List<Row> out = new ArrayList<>(top.size());
            for (int i = 0; i < top.size(); i++) {
                out.add(RowFactory.create(entry._1(), top.id(i), m.similarity(top.distance(i))));
            }
            return out.iterator();
        });
    }

    private JavaRDD<Row> thresholdRows(Dataset<Row> data, JavaPairRDD<IndexedBlock, IndexedBlock> pairs, long n) {
        if (n < 2) {
            return pairs.flatMap(p -> new ArrayList<Row>().iterator());
        }
        double share = cutOff.keptShare(n);
        int sampleRows = SimilarityCutOff.sampleRows(n, share, cutOff.sampleSize());
        double fraction = (double) sampleRows / n;
        long s = seed;
        Metric m = metric;
        List<Row> sampled = data.select(DatasetSchema.ID, DatasetSchema.FEATURES).javaRDD()
            .filter(r -> SimilarityCutOff.inSample(r.getLong(0), s, fraction)).collect();
        FeatureMatrix sample = FeatureMatrix.concat(List.of(FeatureMatrix.of(sampled.iterator(), m)), m);
        double maxRank = GraphInputs.estimateCutOff(LOG, sample, share, n, sample.size() == n).maxRank();
        return pairs.flatMap(pair -> {
            BlasThreads.oneInTask();
            BlockKernel.Block a = pair._1().rows;
            BlockKernel.Block b = pair._2().rows;
            List<Row> out = new ArrayList<>();
            BlockKernel.within(a, pair._1().index == pair._2().index ? a : b, maxRank, m, (ka, kb, rank) -> {
                double sim = m.similarity(rank);
                out.add(RowFactory.create(ka, kb, sim));
                out.add(RowFactory.create(kb, ka, sim));
            });
            return out.iterator();
        });
    }

    /**
     * Checks that all blocks agree on the vector length, warns about zero rows; returns the length. The blocks
     * given carry only their first key and their zero rows.
     */
    private static int checkBlocks(List<IndexedBlock> blocks) {
        int dim = -1;
        List<Long> zeros = new ArrayList<>();
        for (IndexedBlock block : blocks) {
            if (dim >= 0 && block.rows.dim != dim) {
                throw new IllegalArgumentException("Instance id " + block.rows.keys[0] + " has " + block.rows.dim
                    + " features where others have " + dim + "; all feature vectors must have one length.");
            }
            dim = block.rows.dim;
            for (long z : block.zeroIds) {
                zeros.add(z);
            }
        }
        zeros.sort(null);
        GraphInputs.warnZeroRows(LOG, zeros.stream().mapToLong(Long::longValue).toArray());
        return Math.max(dim, 0);
    }

    private static TopK[] newLists(int size, int k) {
        TopK[] tops = new TopK[size];
        for (int i = 0; i < size; i++) {
            tops[i] = new TopK(k);
        }
        return tops;
    }

    private static void emit(BlockKernel.Block block, TopK[] tops, List<Tuple2<Long, TopK>> out) {
        for (int i = 0; i < tops.length; i++) {
            if (tops[i].size() > 0) {
                out.add(new Tuple2<>(block.keys[i], tops[i]));
            }
        }
    }

    /** One block of rows with its index among the blocks and its all-zero rows (cosine). */
    private static final class IndexedBlock implements Serializable {
        private static final long serialVersionUID = 1L;

        final int index;
        final BlockKernel.Block rows;
        final long[] zeroIds;

        IndexedBlock(int index, BlockKernel.Block rows, long[] zeroIds) {
            this.index = index;
            this.rows = rows;
            this.zeroIds = zeroIds;
        }
    }
}
