package org.collectiveloss.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.collectiveloss.cli.ConfigLoading;
import org.collectiveloss.data.DatasetRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every experiment shipped in conf/experiments reads into a valid config whose data sets are registered. */
class ShippedConfigsTest {

    static List<String> names() {
        File[] files = new File("conf/experiments").listFiles((d, n) -> n.endsWith(".conf"));
        assertTrue(files != null && files.length >= 3, "conf/experiments holds the shipped experiments");
        return java.util.Arrays.stream(files).map(f -> f.getName().replace(".conf", "")).sorted().toList();
    }

    @ParameterizedTest
    @MethodSource("names")
    void readsAndNamesRegisteredDataSets(String name) {
        Config config = ConfigLoading.experiment(Path.of("conf/experiments"), name, List.of());
        ExperimentConfig experiment = ExperimentConfig.from(config);
        assertEquals(name, experiment.name(), "the experiment's name matches its file");
        DatasetRegistry registry = DatasetRegistry.load(config, DatasetRegistry.defaultFile());
        experiment.datasets().forEach(registry::spec);
    }
}
