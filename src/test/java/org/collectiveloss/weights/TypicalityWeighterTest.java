package org.collectiveloss.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.SparkTestSession;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.graph.GraphSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The weights stage on local Spark: a six-instance graph whose statistics are computed by hand, the schemes and
 * options on it, the graph built by the stage itself against brute force, and bad input.
 */
class TypicalityWeighterTest {

    private static final double EPS = 1e-12;
    private static final double LN2 = Math.log(2);
    private static final double LN3 = Math.log(3);

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // The session the whole test run shares; the JVM's exit stops it.
        spark = SparkTestSession.get();
    }

    // The hand graph: labels of ids 0..5 and out-edges (src -> dst, similarity).
    //   0 -> 1 (0.5), 5 (0.25)          neighbour labels {0, 0}     pure, own label 0: H = 0, a = 1
    //   1 -> 0 (0.5), 2 (0.2)           {0, 1}                      H = ln 2, a = 1/2
    //   2 -> 3 (1.0), 4 (0.5), 1 (0.5)  {1, 2, 0}                   H = ln 3, a = 1/3
    //   3 -> 2 (1.0)                    {1}                         H = 0, a = 1
    //   4 -> 0 (0.1), 5 (0.1)           {0, 0}, own label 2         H = 0, a = 0: mislabelled in a pure region
    //   5                               no out-edges                isolated
    private static final double[] LABELS = {0, 0, 1, 1, 2, 0};
    private static final Object[][] EDGES = {
        {0L, 1L, 0.5}, {0L, 5L, 0.25}, {1L, 0L, 0.5}, {1L, 2L, 0.2}, {2L, 3L, 1.0}, {2L, 4L, 0.5}, {2L, 1L, 0.5},
        {3L, 2L, 1.0}, {4L, 0L, 0.1}, {4L, 5L, 0.1}};

    private static Dataset<Row> handData() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < LABELS.length; i++) {
            rows.add(RowFactory.create((long) i, Vectors.dense(i, 0.0), LABELS[i]));
        }
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }

    private static Dataset<Row> handEdges() {
        List<Row> rows = new ArrayList<>();
        for (Object[] e : EDGES) {
            rows.add(RowFactory.create(e));
        }
        return spark.createDataFrame(rows, GraphSchema.SCHEMA);
    }

    /** Column {@code name} of the model's table, indexed by id. */
    private static double[] column(TypicalityWeighterModel model, String name) {
        List<Row> rows = model.instanceWeights().orderBy(TypicalityComputation.ID).collectAsList();
        double[] out = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i).getLong(rows.get(i).fieldIndex("id")));
            out[i] = ((Number) rows.get(i).getAs(name)).doubleValue();
        }
        return out;
    }

    private static double[] scaled(double... floored) {
        double mean = Arrays.stream(floored).average().orElseThrow();
        return Arrays.stream(floored).map(w -> w / mean).toArray();
    }

    @Test
    void handGraphStatistics() {
        TypicalityWeighterModel model = new TypicalityWeighter().fitOnGraph(handData(), handEdges());
        assertArrayEquals(new double[] {2, 2, 3, 1, 2, 0}, column(model, "degree"), EPS);
        double[] h = column(model, "entropy");
        assertArrayEquals(new double[] {0, LN2, LN3, 0, 0}, Arrays.copyOf(h, 5), 1e-12);
        assertTrue(Double.isNaN(h[5]));
        double[] a = column(model, "agreement");
        assertArrayEquals(new double[] {1, 0.5, 1.0 / 3, 1, 0}, Arrays.copyOf(a, 5), 1e-12);
        assertTrue(Double.isNaN(a[5]));
        assertEquals(3, model.getNumClasses(), "C inferred as the largest label + 1");
    }

    @Test
    void handGraphWeightsForEveryScheme() {
        Map<WeightScheme, double[]> expected = new HashMap<>();
        double mixed = 1 - LN2 / LN3;
        // Floor 0.1; isolated instance 5 gets raw weight 1.
        expected.put(WeightScheme.UNIFORM, scaled(1, 1, 1, 1, 1, 1));
        expected.put(WeightScheme.ENTROPY, scaled(1, mixed, 0.1, 1, 1, 1));
        expected.put(WeightScheme.EXP_ENTROPY, scaled(1, 0.5, 1.0 / 3, 1, 1, 1));
        expected.put(WeightScheme.AGREEMENT, scaled(1, 0.5, 1.0 / 3, 1, 0.1, 1));
        expected.put(WeightScheme.ENTROPY_AGREEMENT, scaled(1, mixed * 0.5, 0.1, 1, 0.1, 1));
        for (Map.Entry<WeightScheme, double[]> e : expected.entrySet()) {
            TypicalityWeighterModel model = new TypicalityWeighter().setScheme(e.getKey())
                .fitOnGraph(handData(), handEdges());
            double[] w = column(model, "weight");
            assertArrayEquals(e.getValue(), w, 1e-12, e.getKey().configName());
            assertEquals(1.0, Arrays.stream(w).average().orElseThrow(), 1e-12, e.getKey().configName());
        }
    }

    @Test
    void optionsChangeTheHandValues() {
        // exp-entropy with beta 2 and floor 0: instance 2 gets exp(-2 ln 3) = 1/9.
        double[] w = column(new TypicalityWeighter().setScheme("exp-entropy").setBeta(2).setMinWeight(0)
            .setIsolatedWeight(0.5).fitOnGraph(handData(), handEdges()), "weight");
        assertArrayEquals(scaled(1, 0.25, 1.0 / 9, 1, 1, 0.5), w, 1e-12);

        // Self counted: instance 1 has votes {0: 2, 1: 1}; instance 4 {0: 2, 2: 1}; 5 stays isolated.
        TypicalityWeighterModel self = new TypicalityWeighter().setIncludeSelf(true)
            .fitOnGraph(handData(), handEdges());
        double h21 = -(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3));
        double[] h = column(self, "entropy");
        assertEquals(h21, h[1], EPS);
        assertEquals(h21, h[4], EPS);
        assertEquals(LN2 * 1.5, h[2], EPS);   // votes {0: 1, 1: 2, 2: 1}
        assertTrue(Double.isNaN(h[5]));
        assertEquals(1.0 / 3, column(self, "agreement")[4], EPS);
        assertArrayEquals(new double[] {2, 2, 3, 1, 2, 0}, column(self, "degree"), EPS);

        // Votes weighted by similarity: instance 1 has votes {0: 0.5, 1: 0.2}; instance 2 {0: .5, 1: 1, 2: .5}.
        TypicalityWeighterModel sim = new TypicalityWeighter().setSimilarityWeighted(true)
            .fitOnGraph(handData(), handEdges());
        double[] hs = column(sim, "entropy");
        assertEquals(-(5.0 / 7 * Math.log(5.0 / 7) + 2.0 / 7 * Math.log(2.0 / 7)), hs[1], EPS);
        assertEquals(1.5 * LN2, hs[2], EPS);
        assertEquals(5.0 / 7, column(sim, "agreement")[1], EPS);
        assertEquals(0.5, column(sim, "agreement")[2], EPS);
    }

    @Test
    void randomSchemeKeepsTheMultisetOfEntropyWeights() {
        Dataset<Row> data = blobs(120, 3, 7);
        TypicalityWeighter weighter = new TypicalityWeighter().setK(5).setSeed(11);
        double[] entropy = column(weighter.copy(new org.apache.spark.ml.param.ParamMap()).setScheme("entropy")
            .fit(data), "weight");
        TypicalityWeighterModel randomModel = weighter.setScheme("random").fit(data);
        double[] random = column(randomModel, "weight");
        double[] sortedEntropy = entropy.clone();
        double[] sortedRandom = random.clone();
        Arrays.sort(sortedEntropy);
        Arrays.sort(sortedRandom);
        assertArrayEquals(sortedEntropy, sortedRandom, 1e-12);
        assertFalse(Arrays.equals(entropy, random), "the permutation moved the weights");
        // The statistics stay the instance's own; only the weight moves.
        assertArrayEquals(column(weighter.setScheme("entropy").fit(data), "entropy"), column(randomModel, "entropy"));

        // Same seed, other partitioning: same assignment. Other seed: another one.
        double[] again = column(weighter.setScheme("random").fit(data.repartition(3)), "weight");
        assertArrayEquals(random, again, 0.0);
        double[] other = column(weighter.setSeed(12).fit(data), "weight");
        assertFalse(Arrays.equals(random, other));
    }

    @Test
    void graphBuiltByTheStageMatchesBruteForce() {
        int n = 60;
        int k = 4;
        Dataset<Row> data = blobs(n, 3, 3);
        List<Row> rows = data.orderBy("id").collectAsList();
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (Row r : rows) {
            int i = (int) r.getLong(0);
            x[i] = ((org.apache.spark.ml.linalg.Vector) r.get(1)).toArray();
            y[i] = (int) r.getDouble(2);
        }
        double[] expectedH = new double[n];
        double[] expectedA = new double[n];
        for (int i = 0; i < n; i++) {
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            int self = i;
            Arrays.sort(order, (p, q) -> Double.compare(dist(x[self], x[p]), dist(x[self], x[q])));
            double[] counts = new double[3];
            int taken = 0;
            for (int j = 0; j < n && taken < k; j++) {
                if (order[j] != i) {
                    counts[y[order[j]]]++;
                    taken++;
                }
            }
            double h = 0;
            for (double c : counts) {
                if (c > 0) {
                    h -= c / k * Math.log(c / k);
                }
            }
            expectedH[i] = h;
            expectedA[i] = counts[y[i]] / k;
        }
        TypicalityWeighterModel model = new TypicalityWeighter().setK(k).setBlocks(3).fit(data);
        assertArrayEquals(expectedH, column(model, "entropy"), 1e-12);
        assertArrayEquals(expectedA, column(model, "agreement"), 1e-12);
        double[] degree = column(model, "degree");
        assertTrue(Arrays.stream(degree).allMatch(d -> d == k));
    }

    @Test
    void transformAppendsColumnsAndHandlesUnseenIds() {
        TypicalityWeighterModel model = new TypicalityWeighter().setScheme("agreement")
            .fitOnGraph(handData(), handEdges());
        Dataset<Row> out = model.transform(handData());
        assertEquals(List.of("id", "features", "label", "degree", "entropy", "agreement", "weight"),
            Arrays.asList(out.columns()));
        assertEquals(6, out.count());

        List<Row> unseen = List.of(RowFactory.create(99L, Vectors.dense(1, 1), 0.0),
            RowFactory.create(0L, Vectors.dense(0, 0), 0.0));
        Dataset<Row> test = spark.createDataFrame(unseen, DatasetSchema.SCHEMA);
        List<Row> kept = model.transform(test).orderBy("id").collectAsList();
        assertEquals(scaled(1, 0.5, 1.0 / 3, 1, 0.1, 1)[0], kept.get(0).getDouble(6), 1e-12);
        assertEquals(1.0, kept.get(1).getDouble(6), 0.0);
        assertEquals(0L, kept.get(1).getLong(3));
        assertTrue(Double.isNaN(kept.get(1).getDouble(4)));

        Exception e = assertThrows(Exception.class,
            () -> model.copy(new org.apache.spark.ml.param.ParamMap()).setHandleUnseen("error").transform(test)
                .collectAsList());
        assertTrue(messages(e).contains("id=99"), messages(e));
    }

    @Test
    void outputColumnsCanBeRenamed() {
        TypicalityWeighterModel model = new TypicalityWeighter().setWeightCol("w").setEntropyCol("h")
            .fitOnGraph(handData(), handEdges());
        Dataset<Row> out = model.transform(handData());
        assertTrue(Arrays.asList(out.columns()).containsAll(List.of("w", "h", "degree", "agreement")));
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
            () -> model.transform(out));
        assertTrue(clash.getMessage().contains("already exists"), clash.getMessage());
    }

    // Bad input: each a clear error naming the row, the value and the fix, or a logged outcome.

    @Test
    void labelOutsideTheClassesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().setNumClasses(2).fitOnGraph(handData(), handEdges()));
        assertTrue(e.getMessage().contains("instance id 4 has label 2.0"), e.getMessage());
        assertTrue(e.getMessage().contains("0..1"), e.getMessage());
    }

    @Test
    void nanNegativeAndFractionalLabelsAreRejected() {
        for (double bad : new double[] {Double.NaN, -1.0, 0.5}) {
            Dataset<Row> data = withLabel(handData(), 3, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TypicalityWeighter().fitOnGraph(data, handEdges()));
            assertTrue(e.getMessage().contains("instance id 3 has label " + bad), e.getMessage());
        }
    }

    @Test
    void oneClassOnlyIsAnErrorUnlessTheClassCountIsGiven() {
        Dataset<Row> oneClass = handData().withColumn("label", org.apache.spark.sql.functions.lit(0.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().fitOnGraph(oneClass, handEdges()));
        assertTrue(e.getMessage().contains("single class"), e.getMessage());
        // With C given, every neighbourhood is pure: all entropy weights 1 (logged as a warning).
        double[] w = column(new TypicalityWeighter().setNumClasses(3).fitOnGraph(oneClass, handEdges()), "weight");
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, w, 1e-12);
    }

    @Test
    void graphWithoutEdgesIsRejected() {
        Dataset<Row> none = spark.createDataFrame(List.of(), GraphSchema.SCHEMA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().fitOnGraph(handData(), none));
        assertTrue(e.getMessage().contains("no edges"), e.getMessage());
    }

    @Test
    void badGraphsAndDuplicateIdsAreRejected() {
        Dataset<Row> unknown = handEdges().union(spark.createDataFrame(
            List.of(RowFactory.create(1L, 42L, 0.3)), GraphSchema.SCHEMA));
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().fitOnGraph(handData(), unknown));
        assertTrue(e1.getMessage().contains("dst=42"), e1.getMessage());

        Dataset<Row> loop = handEdges().union(spark.createDataFrame(
            List.of(RowFactory.create(3L, 3L, 1.0)), GraphSchema.SCHEMA));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().fitOnGraph(handData(), loop));
        assertTrue(e2.getMessage().contains("self-loop"), e2.getMessage());

        Dataset<Row> negative = handEdges().union(spark.createDataFrame(
            List.of(RowFactory.create(3L, 4L, -0.5)), GraphSchema.SCHEMA));
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().setSimilarityWeighted(true).fitOnGraph(handData(), negative));
        assertTrue(e3.getMessage().contains("similarity=-0.5"), e3.getMessage());

        Dataset<Row> dup = handData().union(handData().filter("id = 2"));
        IllegalArgumentException e4 = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().fitOnGraph(dup, handEdges()));
        assertTrue(e4.getMessage().contains("id 2 occurs 2 times"), e4.getMessage());
    }

    @Test
    void badParamsAndColumnsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setMinWeight(1.5));
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setIsolatedWeight(0));
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setBeta(-1));
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setK(0));
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setNumClasses(1));
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setScheme("kdn"));
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setMetric("manhattan"));
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setHandleUnseen("skip"));
        assertThrows(IllegalArgumentException.class, () -> new TypicalityWeighter().setGraphBuilder("hnsw"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().setLabelCol("y").fitOnGraph(handData(), handEdges()));
        assertTrue(missing.getMessage().contains("'y' (labelCol) is missing"), missing.getMessage());
        IllegalArgumentException noFeatures = assertThrows(IllegalArgumentException.class,
            () -> new TypicalityWeighter().fit(handData().drop("features")));
        assertTrue(noFeatures.getMessage().contains("featuresCol"), noFeatures.getMessage());
    }

    private static Dataset<Row> withLabel(Dataset<Row> data, long id, double label) {
        List<Row> rows = new ArrayList<>();
        for (Row r : data.orderBy("id").collectAsList()) {
            rows.add(RowFactory.create(r.getLong(0), r.get(1), r.getLong(0) == id ? label : r.getDouble(2)));
        }
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }

    /** Gaussian blobs in 2-D, one per class, with some overlap; ids 0..n-1. */
    static Dataset<Row> blobs(int n, int classes, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            double angle = 2 * Math.PI * c / classes;
            rows.add(RowFactory.create((long) i, Vectors.dense(2 * Math.cos(angle) + random.nextGaussian(),
                2 * Math.sin(angle) + random.nextGaussian()), (double) c));
        }
        return SparkSession.active().createDataFrame(rows, DatasetSchema.SCHEMA);
    }

    private static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
