package org.collectiveloss.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.data.DatasetSchema;

/** Small seeded data sets and a brute-force reference for the graph tests. */
final class GraphTestData {

    private GraphTestData() {
    }

    /** Rows of the given points with ids {@code firstId, firstId + 1, ...}. */
    static Dataset<Row> frame(SparkSession spark, double[][] points, long firstId) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            rows.add(RowFactory.create(firstId + i, Vectors.dense(points[i]), 0.0));
        }
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA).repartition(3);
    }

    /**
     * n standard Gaussian points in d dimensions, rounded to float32 (the builders' precision), so that a
     * double-precision brute force on them is the exact reference.
     */
    static double[][] gaussian(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] p = new double[n][d];
        for (double[] row : p) {
            for (int j = 0; j < d; j++) {
                double u = 1.0 - r.nextDouble();
                row[j] = (float) (Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * r.nextDouble()));
            }
        }
        return p;
    }

    /** Edges as a map "src-dst" to similarity. */
    static Map<String, Double> edgeMap(Dataset<Row> edges) {
        Map<String, Double> out = new HashMap<>();
        for (Row r : edges.collectAsList()) {
            Double old = out.put(r.getLong(0) + "-" + r.getLong(1), r.getDouble(2));
            if (old != null) {
                throw new AssertionError("edge " + r.getLong(0) + "-" + r.getLong(1) + " appears twice");
            }
        }
        return out;
    }

    /** Double-precision rank distance of two points under a metric (zero vectors: cosine 0). */
    static double rank(double[] a, double[] b, Metric metric) {
        if (metric == Metric.EUCLIDEAN) {
            double s = 0.0;
            for (int j = 0; j < a.length; j++) {
                s += (a[j] - b[j]) * (a[j] - b[j]);
            }
            return s;
        }
        double dot = 0.0;
        double na = 0.0;
        double nb = 0.0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        double cos = na == 0.0 || nb == 0.0 ? 0.0 : dot / Math.sqrt(na * nb);
        return 2.0 - 2.0 * cos;
    }

    /** Brute-force kNN edges "src-dst" (ids = firstId + index), ties to the smaller id. */
    static Map<String, Double> bruteForceKnn(double[][] p, int k, Metric metric, long firstId) {
        Map<String, Double> out = new HashMap<>();
        int n = p.length;
        for (int i = 0; i < n; i++) {
            List<int[]> order = new ArrayList<>();
            double[] d = new double[n];
            for (int j = 0; j < n; j++) {
                d[j] = rank(p[i], p[j], metric);
                if (j != i) {
                    order.add(new int[] {j});
                }
            }
            order.sort((x, y) -> d[x[0]] != d[y[0]] ? Double.compare(d[x[0]], d[y[0]]) : Integer.compare(x[0], y[0]));
            for (int t = 0; t < Math.min(k, order.size()); t++) {
                int j = order.get(t)[0];
                out.put((firstId + i) + "-" + (firstId + j), metric.similarity(d[j]));
            }
        }
        return out;
    }
}
