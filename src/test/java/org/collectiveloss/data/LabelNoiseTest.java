package org.collectiveloss.data;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LabelNoiseTest {

    private static final int N = 200_000;
    private static TrainTest parts;

    @BeforeAll
    static void build() {
        LabelledData data = LocalSpark.synthetic("synthetic", 2500, 2500, 2500, 2500);
        parts = new TrainTest("synthetic", data.train(), data.train().limit(100), data.classNames(),
            data.featureInfo());
    }

    /** Four standard deviations of a binomial share: a bound a correct sampler breaks once in 16,000 runs. */
    private static double tolerance(double rate, long n) {
        return 4 * Math.sqrt(rate * (1 - rate) / n);
    }

    @Test
    void symmetricRateIsMetAndTargetsAreUniformOverTheOtherClasses() {
        int classes = 5;
        long flipped = 0;
        long[] to = new long[classes];
        for (long id = 0; id < N; id++) {
            double noisy = LabelNoise.noisyLabel(11, 0.3, classes, null, id, 2.0);
            if (noisy != 2.0) {
                flipped++;
                to[(int) noisy]++;
            }
        }
        assertEquals(0.3, flipped / (double) N, tolerance(0.3, N));
        assertEquals(0, to[2]);
        for (int c : new int[] {0, 1, 3, 4}) {
            assertEquals(0.25, to[c] / (double) flipped, tolerance(0.25, flipped), "share sent to class " + c);
        }
    }

    @Test
    void pairFlipSendsEveryFlipToTheTarget() {
        int[] targets = {3, 0, 1, 2};
        long flipped = 0;
        for (long id = 0; id < N; id++) {
            double noisy = LabelNoise.noisyLabel(5, 0.45, 4, targets, id, 1.0);
            if (noisy != 1.0) {
                flipped++;
                assertEquals(0.0, noisy);
            }
        }
        assertEquals(0.45, flipped / (double) N, tolerance(0.45, N));
    }

    @Test
    void higherRateFlipsASupersetWithTheSameSeed() {
        for (long id = 0; id < 20_000; id++) {
            boolean low = LabelNoise.noisyLabel(9, 0.1, 3, null, id, 0.0) != 0.0;
            boolean high = LabelNoise.noisyLabel(9, 0.3, 3, null, id, 0.0) != 0.0;
            assertTrue(!low || high, "id " + id);
        }
    }

    @Test
    void sparkApplicationKeepsCleanLabelsAndLeavesTheTestPartAlone() {
        TrainTest noisy = LabelNoise.symmetric(0.2, 17).apply(parts);

        assertSame(parts.test(), noisy.test());
        Dataset<Row> train = noisy.train();
        assertTrue(List.of(train.columns()).contains(DatasetSchema.CLEAN_LABEL));
        assertEquals(10_000, train.count());
        double rate = LabelNoise.realisedRate(train);
        assertEquals(0.2, rate, tolerance(0.2, 10_000));
        // the clean labels are the input labels
        assertEquals(0, train.join(parts.train().withColumnRenamed(DatasetSchema.LABEL, "original"),
            DatasetSchema.ID).filter(col("original").notEqual(col(DatasetSchema.CLEAN_LABEL))).count());

        // same seed on another partitioning: the same labels
        TrainTest again = LabelNoise.symmetric(0.2, 17).apply(parts.withFrames(parts.train().repartition(5),
            parts.test()));
        assertArrayEquals(labels(noisy.train()), labels(again.train()));
        TrainTest other = LabelNoise.symmetric(0.2, 18).apply(parts);
        assertNotEquals(java.util.Arrays.hashCode(labels(noisy.train())),
            java.util.Arrays.hashCode(labels(other.train())));
    }

    private static double[] labels(Dataset<Row> frame) {
        return LocalSpark.rows(frame).stream().mapToDouble(LocalSpark::label).toArray();
    }

    @Test
    void noiseIsAppliedOnce() {
        TrainTest once = LabelNoise.pairFlip(0.1, 1).apply(parts);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LabelNoise.pairFlip(0.1, 1).apply(once));
        assertTrue(e.getMessage().contains(DatasetSchema.CLEAN_LABEL));
    }

    @Test
    void invalidRatesAndMapsNameTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelNoise.symmetric(1.0, 1)).getMessage()
            .contains("rate = 1.0"));
        assertThrows(IllegalArgumentException.class, () -> LabelNoise.symmetric(-0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> LabelNoise.pairFlip(0.2, 1, new int[] {0, 1}));
        List<String> names = List.of("a", "b", "c");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelNoise.targetsByName(names,
            Map.of("a", "b", "b", "a"))).getMessage().contains("no target for class 'c'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelNoise.targetsByName(names,
            Map.of("a", "b", "b", "b", "c", "a"))).getMessage().contains("itself"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelNoise.targetsByName(names,
            Map.of("a", "b", "b", "c", "c", "a", "d", "a"))).getMessage().contains("'d'"));
        assertArrayEquals(new int[] {1, 2, 0}, LabelNoise.nextClassTargets(3));
    }

    @Test
    void fashionMnistMapGivesEveryClassAnotherClass() {
        DatasetSpec fashion = DatasetRegistry.load(ConfigFactory.empty(), Path.of("conf", "datasets.conf"))
            .spec("fashion-mnist");
        List<String> classes = fashion.options().getStringList("classes");
        int[] targets = LabelNoise.targetsByName(classes, PreparationSpec.stringMap(fashion.options()
            .getConfig("pair-flip")));

        assertEquals(10, targets.length);
        assertEquals(classes.indexOf("Shirt"), targets[classes.indexOf("T-shirt/top")]);
        assertEquals(classes.indexOf("Coat"), targets[classes.indexOf("Pullover")]);
        assertEquals(classes.indexOf("Sneaker"), targets[classes.indexOf("Sandal")]);
    }
}
