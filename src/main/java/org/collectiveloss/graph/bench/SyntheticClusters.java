package org.collectiveloss.graph.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.data.DatasetSchema;

/**
 * Seeded synthetic clustered data: a mixture of Gaussians with a decaying spectrum, for graph tests and for the
 * scaling benchmark.
 *
 * <p>Cluster centres are drawn from N(0, {@code centreScale}² I). Within a cluster, coordinate j has standard
 * deviation {@code 0.95^j} in an order permuted per cluster, so each cluster is an elongated ellipsoid with
 * its own orientation and an effective dimension of about 10 whatever the ambient dimension, closer to real
 * features than an isotropic ball (whose nearest neighbours no index can find faster than brute force). The
 * label is the cluster. Row i depends only on the seed and i, so any partitioning gives the same rows.
 */
public final class SyntheticClusters implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int dim;
    private final int clusters;
    private final long seed;
    private final double[][] centres;
    private final int[][] orders;

    /**
     * @param dim         features per point, at least 1
     * @param clusters    mixture components, at least 1
     * @param centreScale spread of the centres; 4 separates clusters well at 64 dimensions
     * @param seed        seed of centres and points
     */
    public SyntheticClusters(int dim, int clusters, double centreScale, long seed) {
        if (dim < 1 || clusters < 1) {
            throw new IllegalArgumentException("dim=" + dim + ", clusters=" + clusters + "; both must be >= 1.");
        }
        this.dim = dim;
        this.clusters = clusters;
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        centres = new double[clusters][dim];
        orders = new int[clusters][dim];
        for (int c = 0; c < clusters; c++) {
            for (int j = 0; j < dim; j++) {
                centres[c][j] = centreScale * gaussian(random);
                orders[c][j] = j;
            }
            for (int j = dim - 1; j > 0; j--) {
                int r = random.nextInt(j + 1);
                int t = orders[c][j];
                orders[c][j] = orders[c][r];
                orders[c][r] = t;
            }
        }
    }

    /** Point {@code i}: its cluster at index {@code dim} of the returned array, features before it. */
    public double[] point(long i) {
        SplittableRandom random = new SplittableRandom(mix(seed ^ mix(i)));
        int c = random.nextInt(clusters);
        double[] out = new double[dim + 1];
        double scale = 1.0;
        for (int j = 0; j < dim; j++) {
            int axis = orders[c][j];
            out[axis] = centres[c][axis] + scale * gaussian(random);
            scale *= 0.95;
        }
        out[dim] = c;
        return out;
    }

    /** Rows {@code 0..n-1} in the {@link DatasetSchema} layout, generated on the executors. */
    public Dataset<Row> frame(SparkSession spark, long n, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<long[]> ranges = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ranges.add(new long[] {n * p / partitions, n * (p + 1) / partitions});
        }
        SyntheticClusters self = this;
        JavaRDD<Row> rows = sc.parallelize(ranges, partitions).flatMap(r -> {
            List<Row> out = new ArrayList<>((int) (r[1] - r[0]));
            for (long i = r[0]; i < r[1]; i++) {
                double[] p = self.point(i);
                double[] x = java.util.Arrays.copyOf(p, self.dim);
                out.add(RowFactory.create(i, Vectors.dense(x), p[self.dim]));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
