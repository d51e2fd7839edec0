package org.collectiveloss.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.SparkTestSession;
import org.collectiveloss.graph.bench.SyntheticClusters;
import org.junit.jupiter.api.Test;

/** The LSH builder measured against the exact one on seeded clustered data. */
class LshGraphBuilderTest {

    private final SparkSession spark = SparkTestSession.get();

    /** 3,000 points in 40 dimensions, 15 clusters: small, but many leaves of 64 points. */
    private Dataset<Row> clusters() {
        return new SyntheticClusters(40, 15, 3.0, 21).frame(spark, 3000, 4).cache();
    }

    @Test
    void knnReachesTheTargetRecallAndItsProbeTellsTheTruth() {
        Dataset<Row> data = clusters();
        Dataset<Row> exact = ExactGraphBuilder.knn(10, Metric.EUCLIDEAN, 0).build(data);
        LshGraphBuilder lsh = LshGraphBuilder.knn(10, Metric.EUCLIDEAN,
            new LshParams(2, 64, 16, 6, 0.95, 300), 7);
        Dataset<Row> edges = lsh.build(data);

        assertEquals(30000, edges.count());
        double recall = GraphRecall.of(edges, exact);
        LshGraphBuilder.Report report = lsh.lastReport();
        assertTrue(recall >= 0.95, "recall " + recall);
        assertTrue(report.rounds() >= 1, "two small trees alone should not reach 0.95: " + report);
        assertEquals(recall, report.estimatedRecall(), 0.03, "the probe's estimate");
        // Every edge found carries the exact similarity of its pair.
        Map<String, Double> exactMap = GraphTestData.edgeMap(exact);
        for (Map.Entry<String, Double> e : GraphTestData.edgeMap(edges).entrySet()) {
            Double sim = exactMap.get(e.getKey());
            if (sim != null) {
                assertEquals(sim, e.getValue(), 1e-12, e.getKey());
            }
        }
    }

    @Test
    void refinementAndMoreTreesFindWhatTwoTreesMiss() {
        Dataset<Row> data = clusters();
        Dataset<Row> exact = ExactGraphBuilder.knn(10, Metric.EUCLIDEAN, 0).build(data);
        // A target of 0.5 is met at once: two trees, nothing more.
        double treesOnly = GraphRecall.of(LshGraphBuilder.knn(10, Metric.EUCLIDEAN,
            new LshParams(2, 64, 16, 0, 0.5, 300), 7).build(data), exact);
        double refined = GraphRecall.of(LshGraphBuilder.knn(10, Metric.EUCLIDEAN,
            new LshParams(2, 64, 16, 2, 0.9, 300), 7).build(data), exact);
        assertTrue(treesOnly < 0.9 && refined > treesOnly + 0.05, treesOnly + " -> " + refined);

        // Without refinement, a target out of reach of two trees brings more batches of two.
        LshGraphBuilder batches = LshGraphBuilder.knn(10, Metric.EUCLIDEAN, new LshParams(2, 64, 16, 0, 0.95, 300),
            7);
        double more = GraphRecall.of(batches.build(data), exact);
        assertTrue(batches.lastReport().tables() > 2 && more > treesOnly, batches.lastReport() + " " + more);
    }

    @Test
    void aWeakProjectionDoesNotStopTheRefinement() {
        // 128 features screened in 4 projected dimensions: the screening keeps the wrong candidates, the rounds
        // stall, and the builder falls back to computing every candidate.
        Dataset<Row> data = new SyntheticClusters(128, 15, 3.0, 22).frame(spark, 3000, 4);
        Dataset<Row> exact = ExactGraphBuilder.knn(10, Metric.EUCLIDEAN, 0).build(data);
        double recall = GraphRecall.of(LshGraphBuilder.knn(10, Metric.EUCLIDEAN,
            new LshParams(2, 64, 4, 8, 0.95, 300), 5).build(data), exact);
        assertTrue(recall >= 0.95, "recall " + recall);
    }

    @Test
    void cosineKnnWithProjectionReachesTheTarget() {
        Dataset<Row> data = clusters();
        Dataset<Row> exact = ExactGraphBuilder.knn(5, Metric.COSINE, 0).build(data);
        double recall = GraphRecall.of(LshGraphBuilder.knn(5, Metric.COSINE,
            new LshParams(3, 128, 16, 4, 0.95, 0), 3).build(data), exact);
        assertTrue(recall >= 0.95, "recall " + recall);
    }

    @Test
    void thresholdGraphFindsMostPairsAboveTheSameCutOff() {
        Dataset<Row> data = clusters();
        Dataset<Row> exact = ExactGraphBuilder.threshold(CutOff.meanDegree(10), Metric.EUCLIDEAN, 0, 4).build(data);
        LshGraphBuilder lsh = LshGraphBuilder.threshold(CutOff.meanDegree(10), Metric.EUCLIDEAN,
            new LshParams(2, 128, 16, 0, 0.95, 300), 4);
        Dataset<Row> edges = lsh.build(data);
        Map<String, Double> exactMap = GraphTestData.edgeMap(exact);
        Map<String, Double> got = GraphTestData.edgeMap(edges);
        // The same seed draws the same instances for the cut-off: every LSH edge is an exact edge.
        assertTrue(exactMap.keySet().containsAll(got.keySet()));
        double recall = GraphRecall.of(edges, exact);
        assertTrue(recall >= 0.95, "recall " + recall + " report " + lsh.lastReport());
        assertEquals(recall, lsh.lastReport().estimatedRecall(), 0.03);
    }

    @Test
    void oneLeafHoldingAllPointsIsExact() {
        double[][] p = GraphTestData.gaussian(150, 6, 31);
        Dataset<Row> edges = LshGraphBuilder.knn(7, Metric.EUCLIDEAN, LshParams.DEFAULT, 1)
            .build(GraphTestData.frame(spark, p, 0));
        ExactGraphBuilderTest.assertSameEdges(GraphTestData.bruteForceKnn(p, 7, Metric.EUCLIDEAN, 0),
            GraphTestData.edgeMap(edges));
    }
}
