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
            + "datasetDirs.weka = /opt/weka\n"
            + "datasets.mine { format = csv, paths = [\"/data/mine.csv\"], classColumn = target }");

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
    void preparationDefaultsAndOverrides() {
        Config merged = DatasetRegistry.mergedConfig(ConfigFactory.parseString(
            "preparation.noise { kind = pair-flip, rate = 0.3 }"), FILE);
        PreparationSpec p = PreparationSpec.fromConfig(merged.getConfig("preparation"));

        assertEquals("holdout", p.split().method());
        assertEquals(FeatureScaler.Method.STANDARD, p.scaling());
        assertEquals(LabelNoise.Kind.PAIR_FLIP, p.noise().kind());
        assertEquals(0.3, p.noise().rate());
        assertEquals(3, p.withFold(3).split().fold());

        Config badRate = DatasetRegistry.mergedConfig(ConfigFactory.parseString("preparation.noise.rate = 1.5"),
            FILE);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreparationSpec.fromConfig(
            badRate.getConfig("preparation"))).getMessage().contains("rate = 1.5"));
        Config badFold = DatasetRegistry.mergedConfig(ConfigFactory.parseString(
            "preparation.split { method = kfold, fold = 5 }"), FILE);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PreparationSpec.fromConfig(
            badFold.getConfig("preparation"))).getMessage().contains("fold = 5"));
    }
}
