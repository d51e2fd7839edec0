package org.collectiveloss.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The exact builder against a double-precision brute force, for both metrics and both modes. */
class ExactGraphBuilderTest {

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void euclideanKnnMatchesBruteForceWhateverTheBlocking() {
        double[][] p = GraphTestData.gaussian(400, 7, 11);
        Map<String, Double> expected = GraphTestData.bruteForceKnn(p, 5, Metric.EUCLIDEAN, 100);
        for (int blocks : new int[] {1, 3, 0}) {
            Dataset<Row> edges = ExactGraphBuilder.knn(5, Metric.EUCLIDEAN, blocks)
                .build(GraphTestData.frame(spark, p, 100));
            assertSameEdges(expected, GraphTestData.edgeMap(edges));
        }
    }

    @Test
    void cosineKnnMatchesBruteForce() {
        double[][] p = GraphTestData.gaussian(300, 12, 12);
        Map<String, Double> expected = GraphTestData.bruteForceKnn(p, 4, Metric.COSINE, 0);
        Dataset<Row> edges = ExactGraphBuilder.knn(4, Metric.COSINE, 4).build(GraphTestData.frame(spark, p, 0));
        assertSameEdges(expected, GraphTestData.edgeMap(edges));
    }

    @Test
    void thresholdWithAllPairsSampledKeepsExactlyTheTargetShare() {
        // 300 instances: the automatic sample (at least 500) is the whole set, so the cut-off is exact.
        double[][] p = GraphTestData.gaussian(300, 5, 13);
        long pairs = 300L * 299 / 2;
        Dataset<Row> edges = ExactGraphBuilder.threshold(CutOff.density(0.02), Metric.EUCLIDEAN, 3, 1)
            .build(GraphTestData.frame(spark, p, 0));
        Map<String, Double> got = GraphTestData.edgeMap(edges);
        assertEquals(2 * Math.round(0.02 * pairs), got.size());
        // Every edge runs both ways, and no pair outside the graph is more similar than one inside it.
        double weakestIn = got.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (i == j) {
                    continue;
                }
                double sim = Metric.EUCLIDEAN.similarity(GraphTestData.rank(p[i], p[j], Metric.EUCLIDEAN));
                Double edge = got.get(i + "-" + j);
                if (edge != null) {
                    assertEquals(sim, edge, 1e-5);
                    assertTrue(got.containsKey(j + "-" + i));
                } else {
                    assertTrue(sim < weakestIn + 1e-9, "pair " + i + "-" + j + " (" + sim + ") was left out");
                }
            }
        }
    }

    @Test
    void sampledCutOffHitsTheTargetMeanDegreeWithinTenPerCent() {
        // 4,000 instances: the cut-off for mean degree 8 is estimated from about 1,900 sampled instances.
        Dataset<Row> data = new org.collectiveloss.graph.bench.SyntheticClusters(16, 20, 3.0, 5)
            .frame(spark, 4000, 4);
        for (long seed : new long[] {1, 2}) {
            Dataset<Row> edges = ExactGraphBuilder.threshold(CutOff.meanDegree(8), Metric.EUCLIDEAN, 0, seed)
                .build(data);
            double meanDegree = edges.count() / 4000.0;
            assertEquals(8.0, meanDegree, 0.8, "seed " + seed);
        }
        Dataset<Row> cosine = ExactGraphBuilder.threshold(CutOff.quantile(0.999), Metric.COSINE, 0, 3).build(data);
        double share = cosine.count() / 2.0 / (4000.0 * 3999 / 2);
        assertEquals(0.001, share, 0.0001);
    }

    static void assertSameEdges(Map<String, Double> expected, Map<String, Double> got) {
        assertEquals(expected.keySet(), got.keySet());
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), 1e-5, e.getKey());
        }
    }
}
