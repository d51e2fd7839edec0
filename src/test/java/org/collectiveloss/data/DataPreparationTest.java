package org.collectiveloss.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole data stage on the bundled digits set, which every machine has. */
class DataPreparationTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    @Test
    void digitsFromTheRegistryToNoisyScaledParts() {
        // the bundled copy, whatever is installed
        DatasetRegistry registry = DatasetRegistry.load(ConfigFactory.parseString(
            "datasets.digits.paths = [\"/nonexistent/digits.csv.gz\"]"), Path.of("conf", "datasets.conf"));
        PreparationSpec prep = PreparationSpec.fromConfig(ConfigFactory.parseString(
            "split { test-fraction = 0.2, seed = 4 }, scaling = minmax, "
            + "noise { type = symmetric, rate = 0.25, seed = 9 }"));

        TrainTest parts = DataPreparation.prepare(spark, registry, "digits", prep);

        long train = parts.train().count();
        long test = parts.test().count();
        assertEquals(1797, train + test);
        assertTrue(Math.abs(test - 0.2 * 1797) <= 10, "test rows " + test);
        assertEquals(List.of(DatasetSchema.ID, DatasetSchema.FEATURES, DatasetSchema.LABEL,
            DatasetSchema.CLEAN_LABEL), List.of(parts.train().columns()));
        assertEquals(List.of(DatasetSchema.ID, DatasetSchema.FEATURES, DatasetSchema.LABEL),
            List.of(parts.test().columns()));
        assertEquals(0.25, LabelNoise.realisedRate(parts.train()), 4 * Math.sqrt(0.25 * 0.75 / train));
        for (Row r : parts.train().collectAsList()) {
            for (double v : ((Vector) r.get(1)).toArray()) {
                assertTrue(v >= 0 && v <= 1, "min-max scaled training value " + v);
            }
        }
        assertEquals(10, parts.numClasses());
        assertEquals(64, parts.numFeatures());
        DataPreparation.release(parts);
    }
}
