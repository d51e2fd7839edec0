package org.collectiveloss.data;

import static org.collectiveloss.data.LocalSpark.features;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Missing-value imputation and scaling, both fitted on the training part only. */
class PreprocessingTest {

    private static final double NAN = Double.NaN;
    private static SparkSession spark;

    /** Features: numeric x, a constant numeric, and a nominal block {red, green, blue}. */
    private static final FeatureInfo INFO = new FeatureInfo(List.of("x", "constant", "c=red", "c=green", "c=blue"),
        List.of(new FeatureInfo.NominalBlock("c", 2, List.of("red", "green", "blue"))));

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    private static Dataset<Row> frame(double[]... rows) {
        List<Row> list = new java.util.ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            list.add(RowFactory.create((long) i, Vectors.dense(rows[i]), (double) (i % 2)));
        }
        return spark.createDataFrame(list, DatasetSchema.SCHEMA);
    }

    private static TrainTest parts() {
        Dataset<Row> train = frame(
            new double[] {1, 5, 1, 0, 0},
            new double[] {NAN, 5, 0, 1, 0},
            new double[] {3, 5, 0, 1, 0},
            new double[] {5, 5, NAN, NAN, NAN});
        Dataset<Row> test = frame(
            new double[] {NAN, 5, NAN, NAN, NAN},
            new double[] {100, 5, 0, 0, 1});
        return new TrainTest("colours", train, test, List.of("even", "odd"), INFO);
    }

    @Test
    void imputesFromTrainingMeansAndModesOnly() {
        TrainTest filled = MissingValueImputer.apply(parts());

        List<Row> train = LocalSpark.rows(filled.train());
        assertArrayEquals(new double[] {3, 5, 0, 1, 0}, features(train.get(1)));
        assertArrayEquals(new double[] {5, 5, 0, 1, 0}, features(train.get(3)));
        List<Row> test = LocalSpark.rows(filled.test());
        // the test value 100 does not move the mean: training rows 1, 3, 5 give 3
        assertArrayEquals(new double[] {3, 5, 0, 1, 0}, features(test.get(0)));
        assertArrayEquals(new double[] {100, 5, 0, 0, 1}, features(test.get(1)));

        MissingValueImputer.Model model = MissingValueImputer.fit(parts().train(), INFO);
        assertEquals(2, model.trainingMissingCount());
    }

    @Test
    void standardScalingCentresOnTrainingAndKeepsConstantFeaturesFinite() {
        TrainTest scaled = FeatureScaler.of(FeatureScaler.Method.STANDARD).apply(MissingValueImputer.apply(
            parts()));

        double[] mean = new double[5];
        List<Row> train = LocalSpark.rows(scaled.train());
        for (Row r : train) {
            double[] f = features(r);
            for (int j = 0; j < f.length; j++) {
                assertTrue(Double.isFinite(f[j]), "feature " + j + " of row " + r);
                mean[j] += f[j] / train.size();
            }
        }
        assertArrayEquals(new double[5], mean, 1e-12);
        assertEquals(0.0, features(train.get(0))[1], "a constant feature becomes 0");
        assertEquals(List.of(DatasetSchema.ID, DatasetSchema.FEATURES, DatasetSchema.LABEL),
            List.of(scaled.test().columns()));
        assertTrue(features(LocalSpark.rows(scaled.test()).get(1))[0] > 10, "test values use training statistics");
    }

    @Test
    void minMaxMapsTheTrainingRangeToTheUnitInterval() {
        TrainTest scaled = FeatureScaler.of(FeatureScaler.Method.MINMAX).apply(MissingValueImputer.apply(
            parts()));

        List<Row> train = LocalSpark.rows(scaled.train());
        // 'constant' and 'c=blue' do not vary in training: both map to the middle, 0.5
        assertArrayEquals(new double[] {0, 0.5, 1, 0, 0.5}, features(train.get(0)), 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 0, 1, 0.5}, features(train.get(3)), 1e-12);
        assertEquals((100 - 1) / 4.0, features(LocalSpark.rows(scaled.test()).get(1))[0], 1e-12);
    }

    @Test
    void scalingRefusesMissingValues() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> FeatureScaler.of(FeatureScaler.Method.STANDARD).apply(parts()));
        assertTrue(e.getMessage().contains("MissingValueImputer"), e.getMessage());
        assertEquals(FeatureScaler.Method.MINMAX, FeatureScaler.Method.parse("MinMax", "k"));
        assertThrows(IllegalArgumentException.class, () -> FeatureScaler.Method.parse("zscore", "scaling"));
    }
}
