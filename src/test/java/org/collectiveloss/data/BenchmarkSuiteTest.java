package org.collectiveloss.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped suite against the sizes its publishers give. Each set runs only where its Debian package is
 * installed (CI installs them); elsewhere it is skipped, except digits, which falls back to the bundled copy.
 * Attributes are counted before one-hot encoding: a nominal attribute counts once.
 */
class BenchmarkSuiteTest {

    private static SparkSession spark;
    private static DatasetRegistry registry;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
        registry = DatasetRegistry.load(ConfigFactory.empty(), Path.of("conf", "datasets.conf"));
    }

    @ParameterizedTest(name = "{0}: {1} + {2} rows, {3} classes, {4} attributes")
    @CsvSource({
        "fashion-mnist, 60000, 10000, 10, 784",
        "digits,         1797,     0, 10,  64",
        "iris,            150,     0,  3,   4",
        "wine,            178,     0,  3,  13",
        "breast-cancer,   569,     0,  2,  30",
        "credit-g,       1000,     0,  2,  20",
        "diabetes,        768,     0,  2,   8",
        "segment,        2310,     0,  7,  19",
        "vote,            435,     0,  2,  16",
        "soybean,         683,     0, 19,  35",
        "glass,           214,     0,  6,   9",
        "ionosphere,      351,     0,  2,  34"
    })
    void publishedSizes(String name, long rows, long testRows, int classes, int attributes) {
        DatasetSpec spec = registry.spec(name);
        Assumptions.assumeTrue(DatasetLoaders.available(spec, new Configuration()),
            name + ": files not installed (" + spec.debianPackage().orElse("no package") + ")");

        LabelledData data = DatasetLoaders.load(spark, spec);
        try {
            assertEquals(DatasetSchema.SCHEMA, data.train().schema());
            assertEquals(rows, data.train().count());
            assertEquals(testRows, data.fixedTest().map(t -> t.count()).orElse(0L));
            assertEquals(classes, data.numClasses());
            FeatureInfo info = data.featureInfo();
            assertEquals(attributes, info.numericIndices().length + info.nominalBlocks().size());
            if (name.equals("fashion-mnist")) {
                // balanced by construction: 6,000 training and 1,000 test images per class
                long[] perClass = new long[10];
                java.util.Arrays.fill(perClass, 6000);
                assertArrayEquals(perClass, LoadSupport.classCounts(data.train(), 10));
                java.util.Arrays.fill(perClass, 1000);
                assertArrayEquals(perClass, LoadSupport.classCounts(data.fixedTest().orElseThrow(), 10));
                assertTrue(data.train().first().getAs(DatasetSchema.FEATURES) != null);
            }
        } finally {
            data.unpersist();
        }
    }
}
