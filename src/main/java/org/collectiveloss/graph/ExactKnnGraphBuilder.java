package org.collectiveloss.graph;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.data.DatasetSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The exact k-nearest-neighbour graph under the Euclidean distance, computed on Spark by blocks.
 *
 * <p>The instances are cut into {@code numBlocks} blocks; every pair of blocks (the Cartesian product, B² tasks)
 * yields, for each point of the first block, its k nearest points of the second; the partial lists of a point are
 * then merged into its k nearest overall ({@link TopK}, ties to the smaller id). The result is exact and does not
 * depend on the partitioning. Cost: n² d distance terms in all, which is the reference against which approximate
 * builders are measured, not a builder for millions of points.
 *
 * <p>Each instance gets {@code min(k, n - 1)} out-edges (self excluded); duplicates of a point are ordinary
 * neighbours at distance 0. Edges follow {@link GraphSchema}.
 */
public final class ExactKnnGraphBuilder implements GraphBuilder, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExactKnnGraphBuilder.class);

    private final int k;
    private final int numBlocks;

    /**
     * @param k         neighbours per instance, at least 1; 10 is the usual choice for a few thousand points
     * @param numBlocks blocks the data is cut into, at least 1; about the number of cores keeps all busy
     */
    public ExactKnnGraphBuilder(int k, int numBlocks) {
        if (k < 1) {
            throw new IllegalArgumentException("k=" + k + "; the kNN graph needs k >= 1 (10 is a common choice).");
        }
        if (numBlocks < 1) {
            throw new IllegalArgumentException("numBlocks=" + numBlocks + "; use at least 1.");
        }
        this.k = k;
        this.numBlocks = numBlocks;
    }

    /**
     * Builds the graph of the instances in {@code data}, which needs the {@link DatasetSchema#ID} and
     * {@link DatasetSchema#FEATURES} columns.
     *
     * @return the edges, one row per directed edge (src, dst, similarity)
     * @throws IllegalArgumentException if a feature is NaN or infinite (the message names the instance id)
     */
    @Override
    public Dataset<Row> build(Dataset<Row> data) {
        long start = System.nanoTime();
        JavaRDD<Block> blocks = data.select(DatasetSchema.ID, DatasetSchema.FEATURES).javaRDD()
            .repartition(numBlocks)
            .mapPartitions(rows -> List.of(Block.of(rows)).iterator())
            .filter(b -> b.size() > 0)
            .persist(StorageLevel.MEMORY_AND_DISK());
        long n = blocks.map(Block::size).fold(0, Integer::sum);
        LOG.info("Exact kNN graph: n={} k={} blocks={} ({} block pairs)", n, k, numBlocks,
            (long) numBlocks * numBlocks);

        int kk = k;
        JavaPairRDD<Long, TopK> lists = blocks.cartesian(blocks)
            .flatMapToPair(pair -> pair._1().nearestIn(pair._2(), kk))
            .reduceByKey(TopK::merge);
        JavaRDD<Row> edges = lists.flatMap(entry -> {
            List<Row> out = new ArrayList<>(entry._2().size());
            for (int i = 0; i < entry._2().size(); i++) {
                out.add(RowFactory.create(entry._1(), entry._2().id(i),
                    GraphSchema.euclideanSimilarity(entry._2().distance(i))));
            }
            return out.iterator();
        });
        Dataset<Row> result = data.sparkSession().createDataFrame(edges, GraphSchema.SCHEMA)
            .persist(StorageLevel.MEMORY_AND_DISK());
        long numEdges = result.count();
        blocks.unpersist();
        LOG.info("Exact kNN graph built: {} edges in {} s", numEdges,
            String.format("%.2f", (System.nanoTime() - start) / 1e9));
        return result;
    }

    /** A block of points: ids, a row-major copy of the features and the squared norms. */
    private static final class Block implements Serializable {
        private static final long serialVersionUID = 1L;

        private final long[] ids;
        private final double[] values;
        private final double[] sqNorms;
        private final int dim;

        private Block(long[] ids, double[] values, double[] sqNorms, int dim) {
            this.ids = ids;
            this.values = values;
            this.sqNorms = sqNorms;
            this.dim = dim;
        }

        static Block of(Iterator<Row> rows) {
            List<Row> list = new ArrayList<>();
            rows.forEachRemaining(list::add);
            int dim = list.isEmpty() ? 0 : ((Vector) list.get(0).get(1)).size();
            long[] ids = new long[list.size()];
            double[] values = new double[list.size() * dim];
            double[] sqNorms = new double[list.size()];
            for (int i = 0; i < list.size(); i++) {
                ids[i] = list.get(i).getLong(0);
                Vector v = (Vector) list.get(i).get(1);
                if (v.size() != dim) {
                    throw new IllegalArgumentException("Instance id " + ids[i] + " has " + v.size()
                        + " features where others have " + dim + "; all feature vectors must have one length.");
                }
                double sq = 0.0;
                for (int j = 0; j < dim; j++) {
                    double x = v.apply(j);
                    if (!Double.isFinite(x)) {
                        throw new IllegalArgumentException("Instance id " + ids[i] + " has feature " + j + " = "
                            + x + "; the graph needs finite features: impute or drop the row first.");
                    }
                    values[i * dim + j] = x;
                    sq += x * x;
                }
                sqNorms[i] = sq;
            }
            return new Block(ids, values, sqNorms, dim);
        }

        int size() {
            return ids.length;
        }

        /** For each point of this block, its k nearest points of {@code other} (itself excluded). */
        Iterator<Tuple2<Long, TopK>> nearestIn(Block other, int k) {
            List<Tuple2<Long, TopK>> out = new ArrayList<>(ids.length);
            for (int i = 0; i < ids.length; i++) {
                TopK top = new TopK(k);
                int rowI = i * dim;
                for (int j = 0; j < other.ids.length; j++) {
                    if (ids[i] == other.ids[j]) {
                        continue;
                    }
                    int rowJ = j * dim;
                    double dot = 0.0;
                    for (int t = 0; t < dim; t++) {
                        dot += values[rowI + t] * other.values[rowJ + t];
                    }
                    double sq = Math.max(0.0, sqNorms[i] + other.sqNorms[j] - 2.0 * dot);
                    top.offer(other.ids[j], Math.sqrt(sq));
                }
                if (top.size() > 0) {
                    out.add(new Tuple2<>(ids[i], top));
                }
            }
            return out.iterator();
        }
    }
}
