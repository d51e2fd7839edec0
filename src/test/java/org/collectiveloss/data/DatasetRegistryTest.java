package org.collectiveloss.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry file and its typed reading; no Spark involved. */
class DatasetRegistryTest {

    private static final Path FILE = Path.of("conf", "datasets.conf");

    private static DatasetRegistry registry(String overrides) {
        return DatasetRegistry.load(ConfigFactory.parseString(overrides), FILE);
    }

    @Test
    void shippedRegistryHoldsTheSuite() {
        DatasetRegistry r = registry("");

        assertEquals(List.of("breast-cancer", "credit-g", "diabetes", "digits", "fashion-mnist", "glass",
            "ionosphere", "iris", "segment", "soybean", "vote", "wine"), r.names());
        for (DatasetSpec s : r.specs()) {
            assertEquals(s.name().equals("fashion-mnist"), s.hasFixedTest(), s.name());
            assertTrue(s.debianPackage().isPresent(), s.name());
            assertFalse(s.licence().isBlank(), s.name());
        }
        DatasetSpec segment = r.spec("segment");
        assertEquals(2, segment.paths().size());
        assertTrue(segment.paths().get(0).endsWith("/segment-challenge.arff"));
        assertEquals(List.of("classpath:datasets/digits.csv.gz"), r.spec("digits").fallbackPaths());
        assertEquals(DataFormat.IDX, r.spec("fashion-mnist").format());
    }

    @Test
    void callerConfigOverridesPathsDirectoriesAndAddsSets() {
        DatasetRegistry r = registry("datasets.fashion-mnist.paths = [\"/data/i.gz\", \"/data/l.gz\"]\n"
            + "dataset-dirs.weka = /opt/weka\n"
            + "datasets.mine { format = csv, paths = [\"/data/mine.csv\"], class-column = target }");

        assertEquals(List.of("/data/i.gz", "/data/l.gz"), r.spec("fashion-mnist").paths());
        assertEquals(List.of("/opt/weka/credit-g.arff"), r.spec("credit-g").paths());
        assertEquals("target", r.spec("mine").classColumn().orElseThrow());
        assertEquals(13, r.names().size());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> registry("").spec("mnist"));
        assertTrue(e.getMessage().contains("'mnist'") && e.getMessage().contains("fashion-mnist, glass"),
            e.getMessage());
    }

    @Test
    void malformedEntriesNameTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry(
            "datasets.x { format = csv, paths = [a], classcolumn = y }")).getMessage()
            .contains("datasets.x.classcolumn is not a registry key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry(
            "datasets.x { format = csv, paths = [a], options.sheet = 2 }")).getMessage()
            .contains("datasets.x.options.sheet"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry(
            "datasets.x { format = xlsx, paths = [a] }")).getMessage().contains("libsvm"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry(
            "datasets.x { format = idx, paths = [a, b, c] }")).getMessage().contains("exactly two"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry(
            "datasets.x { paths = [a] }")).getMessage().contains("datasets.x.format is missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DatasetRegistry.load(
            ConfigFactory.empty(), Path.of("no", "such.conf"))).getMessage().contains("does not exist"));
    }

    @Test
    void preparationSettingsWithDefaultsAndRequiredSeeds() {
        PreparationSpec p = PreparationSpec.fromConfig(ConfigFactory.parseString(
            "split.seed = 3, noise { type = pair-flip, rate = 0.3, seed = 4 }"));

        assertEquals("holdout", p.split().method());
        assertEquals(0.2, p.split().testFraction());
        assertEquals(FeatureScaler.Method.STANDARD, p.scaling());
        assertEquals(LabelNoise.Kind.PAIR_FLIP, p.noise().type());
        assertEquals(0.3, p.noise().rate());
        assertEquals(3, p.withFold(3).split().fold());
        assertEquals(LabelNoise.Kind.NONE, PreparationSpec.fromConfig(ConfigFactory.parseString("split.seed = 1"))
            .noise().type());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreparationSpec.fromConfig(
            ConfigFactory.parseString("split.test-fraction = 0.3"))).getMessage().contains("split.seed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreparationSpec.fromConfig(
            ConfigFactory.parseString("split.seed = 1, noise { type = symmetric, rate = 0.2 }"))).getMessage()
            .contains("noise.seed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreparationSpec.fromConfig(
            ConfigFactory.parseString("split.seed = 1, noise { type = symmetric, rate = 1.5, seed = 1 }")))
            .getMessage().contains("rate = 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreparationSpec.fromConfig(
            ConfigFactory.parseString("split { method = kfold, fold = 5, seed = 1 }"))).getMessage()
            .contains("fold = 5"));
        Config merged = DatasetRegistry.mergedConfig(ConfigFactory.empty(), FILE);
        assertTrue(merged.hasPath("dataset-dirs.weka"));
    }
}
