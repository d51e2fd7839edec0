package org.collectiveloss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.eval.ClassificationMetrics;
import org.collectiveloss.graph.ExactKnnGraphBuilder;
import org.collectiveloss.graph.GraphSchema;
import org.collectiveloss.weights.NeighbourhoodEntropy;
import org.collectiveloss.weights.TypicalityWeighter;
import org.collectiveloss.weights.WeightScheme;
import org.junit.jupiter.api.Test;

/**
 * Each stage of the walking skeleton on data small enough to check by hand: the exact kNN graph on points of a
 * line, the neighbourhood entropy and weights of a hand-made graph, and the evaluation metrics.
 */
class PipelineStagesTest {

    private final SparkSession spark = SparkTestSession.get();

    /** Points on a line at x = 0, 1, 3, 7, 15 with labels 0, 0, 1, 1, 0. */
    private Dataset<Row> linePoints() {
        double[] xs = {0, 1, 3, 7, 15};
        double[] labels = {0, 0, 1, 1, 0};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            rows.add(RowFactory.create((long) i, Vectors.dense(xs[i], 0.0), labels[i]));
        }
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }

    @Test
    void exactKnnGraphFindsTheNearestPointsOnALine() {
        Dataset<Row> edges = new ExactKnnGraphBuilder(2, 3).build(linePoints());
        Map<Long, List<Long>> neighbours = new HashMap<>();
        Map<String, Double> similarity = new HashMap<>();
        for (Row r : edges.collectAsList()) {
            neighbours.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(r.getLong(1));
            similarity.put(r.getLong(0) + "-" + r.getLong(1), r.getDouble(2));
        }
        assertEquals(10, edges.count());
        assertEquals(List.of(1L, 2L), sorted(neighbours.get(0L)));
        assertEquals(List.of(0L, 2L), sorted(neighbours.get(1L)));
        assertEquals(List.of(0L, 1L), sorted(neighbours.get(2L)));   // distances 3, 2 beat 4
        assertEquals(List.of(1L, 2L), sorted(neighbours.get(3L)));   // 4 and 6; 0 is at 7
        assertEquals(List.of(2L, 3L), sorted(neighbours.get(4L)));   // 12 and 8
        assertEquals(1.0 / (1.0 + 4.0), similarity.get("3-2"), 1e-12);
        assertEquals(1.0 / (1.0 + 8.0), similarity.get("4-3"), 1e-12);
    }

    @Test
    void exactKnnGraphWithKAboveNLinksEveryOtherPoint() {
        assertEquals(20, new ExactKnnGraphBuilder(10, 2).build(linePoints()).count());
    }

    @Test
    void exactKnnGraphNamesTheRowWithANonFiniteFeature() {
        List<Row> rows = List.of(RowFactory.create(0L, Vectors.dense(1.0), 0.0),
            RowFactory.create(41L, Vectors.dense(Double.NaN), 1.0));
        Dataset<Row> bad = spark.createDataFrame(rows, DatasetSchema.SCHEMA);
        Exception e = assertThrows(Exception.class, () -> new ExactKnnGraphBuilder(1, 1).build(bad));
        assertTrue(rootMessage(e).contains("Instance id 41"), rootMessage(e));
    }

    @Test
    void entropyOfPureAndUniformNeighbourhoods() {
        assertEquals(0.0, NeighbourhoodEntropy.entropy(new double[] {0, 7, 0}), 0.0);
        assertEquals(Math.log(3), NeighbourhoodEntropy.entropy(new double[] {2, 2, 2}), 1e-12);
        assertEquals(1.0, NeighbourhoodEntropy.entropyWeight(0.0, 3, 0.1), 0.0);
        assertEquals(0.1, NeighbourhoodEntropy.entropyWeight(Math.log(3), 3, 0.1), 1e-12);
        assertEquals(0.25, NeighbourhoodEntropy.agreement(new double[] {1, 3}, 0), 0.0);
    }

    @Test
    void typicalityWeightsOfAHandMadeGraph() {
        // Node 0 sees two label-0 nodes (H = 0); node 1 sees one of each class (H = ln 2); node 2 sees only
        // node 3 (label 1, H = 0); node 3 is isolated.
        List<Row> points = new ArrayList<>();
        double[] labels = {0, 0, 1, 1, 0};
        for (int i = 0; i < labels.length; i++) {
            points.add(RowFactory.create((long) i, Vectors.dense(i), labels[i]));
        }
        Dataset<Row> train = spark.createDataFrame(points, DatasetSchema.SCHEMA);
        List<Row> edgeRows = List.of(RowFactory.create(0L, 1L, 0.5), RowFactory.create(0L, 4L, 0.5),
            RowFactory.create(1L, 0L, 0.5), RowFactory.create(1L, 2L, 0.5), RowFactory.create(2L, 3L, 0.5),
            RowFactory.create(4L, 2L, 0.5));
        Dataset<Row> edges = spark.createDataFrame(edgeRows, GraphSchema.SCHEMA);

        Map<Long, Row> byId = new HashMap<>();
        new TypicalityWeighter(WeightScheme.ENTROPY, 0.1, 1.0).transform(train, edges, 2).collectAsList()
            .forEach(r -> byId.put(r.getLong(r.fieldIndex(DatasetSchema.ID)), r));

        // Raw weights: node0 1, node1 max(0.1, 1 - ln2/ln2) = 0.1, node2 1, node3 isolated 1, node4 1 (sees label 1).
        double mean = (1 + 0.1 + 1 + 1 + 1) / 5.0;
        assertEquals(1.0 / mean, weight(byId.get(0L)), 1e-12);
        assertEquals(0.1 / mean, weight(byId.get(1L)), 1e-12);
        assertEquals(Math.log(2), byId.get(1L).getDouble(byId.get(1L).fieldIndex(TypicalityWeighter.ENTROPY)),
            1e-12);
        assertEquals(0L, byId.get(3L).getLong(byId.get(3L).fieldIndex(TypicalityWeighter.DEGREE)));
        assertEquals(0.0, byId.get(4L).getDouble(byId.get(4L).fieldIndex(TypicalityWeighter.AGREEMENT)), 0.0);
        double sum = byId.values().stream().mapToDouble(PipelineStagesTest::weight).sum();
        assertEquals(5.0, sum, 1e-12);
    }

    @Test
    void metricsOfAHandCheckedPrediction() {
        int[] labels = {0, 0, 1, 2};
        double[][] probs = {{0.8, 0.1, 0.1}, {0.3, 0.6, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.2, 0.7}};
        ClassificationMetrics m = ClassificationMetrics.of(labels, probs);
        assertEquals(0.75, m.accuracy(), 1e-12);
        // Class 0: TP 1, predicted 1, actual 2 -> F1 2/3; class 1: TP 1, predicted 2, actual 1 -> 2/3; class 2: 1.
        assertEquals((2.0 / 3 + 2.0 / 3 + 1.0) / 3, m.macroF1(), 1e-12);
        assertEquals(-(Math.log(0.8) + Math.log(0.3) + Math.log(0.7) + Math.log(0.7)) / 4, m.logLoss(), 1e-12);
    }

    private static double weight(Row r) {
        return r.getDouble(r.fieldIndex(DatasetSchema.WEIGHT));
    }

    private static List<Long> sorted(List<Long> ids) {
        return ids.stream().sorted().toList();
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
