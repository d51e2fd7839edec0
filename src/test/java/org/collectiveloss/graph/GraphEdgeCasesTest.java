package org.collectiveloss.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.SparkTestSession;
import org.collectiveloss.data.DatasetSchema;
import org.junit.jupiter.api.Test;

/** Bad and degenerate input, for both builders. */
class GraphEdgeCasesTest {

    private final SparkSession spark = SparkTestSession.get();

    /** Both builders, kNN, with small LSH leaves so that the LSH builder really hashes. */
    private List<GraphBuilder> knnBuilders(int k, Metric metric) {
        return List.of(ExactGraphBuilder.knn(k, metric, 3),
            LshGraphBuilder.knn(k, metric, new LshParams(3, 16, 0, 4, 0.99, 0), 5));
    }

    private static Dataset<Row> rows(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA).repartition(2);
    }

    @Test
    void nonFiniteFeaturesNameTheRow() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            List<Row> list = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                list.add(RowFactory.create((long) i, Vectors.dense(i, i % 7 == 3 && i == 17 ? bad : 1.0), 0.0));
            }
            Dataset<Row> data = rows(spark, list);
            for (GraphBuilder b : knnBuilders(3, Metric.EUCLIDEAN)) {
                Exception e = assertThrows(Exception.class, () -> b.build(data));
                String message = rootMessage(e);
                assertTrue(message.contains("Instance id 17") && message.contains("feature 1 = " + bad), message);
            }
        }
    }

    @Test
    void vectorsOfDifferentLengthsAndRepeatedIdsAreRejected() {
        Dataset<Row> ragged = rows(spark, List.of(RowFactory.create(0L, Vectors.dense(1, 2), 0.0),
            RowFactory.create(1L, Vectors.dense(1, 2, 3), 0.0)));
        Dataset<Row> repeated = rows(spark, List.of(RowFactory.create(4L, Vectors.dense(1, 2), 0.0),
            RowFactory.create(4L, Vectors.dense(3, 2), 0.0), RowFactory.create(5L, Vectors.dense(3, 2), 0.0)));
        for (GraphBuilder b : knnBuilders(1, Metric.EUCLIDEAN)) {
            assertTrue(rootMessage(assertThrows(Exception.class, () -> b.build(ragged))).contains("features where"));
            assertTrue(rootMessage(assertThrows(Exception.class, () -> b.build(repeated)))
                .contains("Instance id 4 appears"));
        }
    }

    @Test
    void zeroVectorsUnderCosineHaveSimilarityZeroWithEverything() {
        double[][] p = GraphTestData.gaussian(60, 4, 3);
        p[10] = new double[4];
        p[41] = new double[4];
        for (GraphBuilder b : knnBuilders(3, Metric.COSINE)) {
            Map<String, Double> edges = GraphTestData.edgeMap(b.build(GraphTestData.frame(spark, p, 0)));
            assertEquals(180, edges.size());
            for (Map.Entry<String, Double> e : edges.entrySet()) {
                assertFalse(Double.isNaN(e.getValue()), e.getKey());
                String[] ends = e.getKey().split("-");
                boolean zero = ends[0].equals("10") || ends[0].equals("41") || ends[1].equals("10")
                    || ends[1].equals("41");
                if (zero) {
                    assertEquals(0.0, e.getValue(), 1e-12, e.getKey());
                } else {
                    assertEquals(Metric.COSINE.similarity(GraphTestData.rank(p[Integer.parseInt(ends[0])],
                        p[Integer.parseInt(ends[1])], Metric.COSINE)), e.getValue(), 1e-5, e.getKey());
                }
            }
        }
        // Exact: a zero vector's neighbours are all ties at 0, so the smallest other ids.
        Map<String, Double> exact = GraphTestData.edgeMap(ExactGraphBuilder.knn(3, Metric.COSINE, 2)
            .build(GraphTestData.frame(spark, p, 0)));
        assertTrue(exact.containsKey("10-0") && exact.containsKey("10-1") && exact.containsKey("10-2"));
    }

    @Test
    void duplicatePointsAreEachOthersNearestAtSimilarityOne() {
        double[][] base = GraphTestData.gaussian(200, 6, 8);
        double[][] p = new double[240][];
        for (int i = 0; i < 200; i++) {
            p[i] = base[i];
        }
        for (int i = 0; i < 40; i++) {
            p[200 + i] = base[5 * i].clone();
        }
        Dataset<Row> data = GraphTestData.frame(spark, p, 0);
        Map<String, Double> exact = GraphTestData.edgeMap(ExactGraphBuilder.knn(4, Metric.EUCLIDEAN, 3)
            .build(data));
        for (int i = 0; i < 40; i++) {
            assertEquals(1.0, exact.get((5 * i) + "-" + (200 + i)), 0.0);
            assertEquals(1.0, exact.get((200 + i) + "-" + (5 * i)), 0.0);
        }
        Map<String, Double> lsh = GraphTestData.edgeMap(LshGraphBuilder.knn(4, Metric.EUCLIDEAN,
            new LshParams(3, 16, 0, 4, 0.99, 0), 5).build(data));
        int found = 0;
        for (int i = 0; i < 40; i++) {
            Double sim = lsh.get((5 * i) + "-" + (200 + i));
            if (sim != null) {
                assertEquals(1.0, sim, 0.0);
                found++;
            }
        }
        assertTrue(found >= 38, found + " of 40 duplicates found");
    }

    @Test
    void identicalPointsAreAllNeighboursAtSimilarityOne() {
        double[][] p = new double[50][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {1.5, -2.0, 0.25};
        }
        Dataset<Row> data = GraphTestData.frame(spark, p, 0);
        for (Metric metric : Metric.values()) {
            for (GraphBuilder b : knnBuilders(4, metric)) {
                Map<String, Double> edges = GraphTestData.edgeMap(b.build(data));
                assertEquals(200, edges.size());
                edges.forEach((key, sim) -> assertEquals(1.0, sim, 1e-12, key));
                edges.keySet().forEach(key -> assertFalse(key.split("-")[0].equals(key.split("-")[1])));
            }
            // Exact: ties go to the smaller id.
            Map<String, Double> exact = GraphTestData.edgeMap(ExactGraphBuilder.knn(4, metric, 3).build(data));
            assertTrue(exact.keySet().containsAll(List.of("0-1", "0-2", "0-3", "0-4", "7-0", "7-1", "7-2", "7-3")));
        }
        Dataset<Row> threshold = ExactGraphBuilder.threshold(CutOff.quantile(0.5), Metric.EUCLIDEAN, 2, 1)
            .build(data);
        assertEquals(50L * 49, threshold.count(), "all pairs tie at the cut-off and all pass");
    }

    @Test
    void kAtLeastNLinksEveryOtherInstance() {
        double[][] p = GraphTestData.gaussian(6, 3, 4);
        for (GraphBuilder b : knnBuilders(10, Metric.EUCLIDEAN)) {
            Map<String, Double> edges = GraphTestData.edgeMap(b.build(GraphTestData.frame(spark, p, 0)));
            assertEquals(30, edges.size());
        }
    }

    @Test
    void oneInstanceAndNoInstanceGiveNoEdges() {
        Dataset<Row> one = rows(spark, List.of(RowFactory.create(3L, Vectors.dense(1.0, 2.0), 0.0)));
        Dataset<Row> none = rows(spark, List.of());
        List<GraphBuilder> builders = new ArrayList<>(knnBuilders(5, Metric.EUCLIDEAN));
        builders.add(ExactGraphBuilder.threshold(CutOff.meanDegree(2), Metric.COSINE, 0, 1));
        builders.add(LshGraphBuilder.threshold(CutOff.meanDegree(2), Metric.COSINE, LshParams.DEFAULT, 1));
        for (GraphBuilder b : builders) {
            for (Dataset<Row> data : List.of(one, none)) {
                Dataset<Row> edges = b.build(data);
                assertEquals(0, edges.count());
                assertEquals(GraphSchema.SCHEMA, edges.schema());
            }
        }
    }

    @Test
    void missingColumnsAreNamed() {
        Dataset<Row> noFeatures = rows(spark, List.of(RowFactory.create(0L, Vectors.dense(1.0), 0.0)))
            .drop(DatasetSchema.FEATURES);
        for (GraphBuilder b : knnBuilders(1, Metric.EUCLIDEAN)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.build(noFeatures));
            assertTrue(e.getMessage().contains("'features'"), e.getMessage());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
