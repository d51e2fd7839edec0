package org.collectiveloss.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.collectiveloss.SparkTestSession;
import org.collectiveloss.cli.ConfigLoading;
import org.collectiveloss.data.DatasetRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart experiment end to end on local Spark, shortened (one seed, a few epochs): load, split, scale,
 * exact graph, entropy weights, DL4J parameter averaging and evaluation, with the results file it writes.
 */
class QuickstartPipelineTest {

    private static DatasetRegistry registry(Config config) {
        return DatasetRegistry.load(config, DatasetRegistry.defaultFile());
    }

    @Test
    void quickstartRunsEndToEndAndWritesOneRowPerRun(@TempDir Path results) throws Exception {
        Config config = ConfigLoading.experiment(Path.of("conf/experiments"), "quickstart",
            List.of("seeds=[7]", "model.epochs=4"));
        ExperimentConfig experiment = ExperimentConfig.from(config);
        assertEquals(List.of(7L), experiment.seeds());

        List<RunResult> runs = new ExperimentRunner(SparkTestSession.get(), experiment, registry(config),
            new ResultsStore(results), "test").run();

        assertEquals(2, runs.size());
        for (RunResult run : runs) {
            assertEquals(1797, run.nTrain() + run.nTest());
            assertEquals(350, run.nTest(), 10);
            // Far above the 10 % of guessing: the whole chain carries signal from the data to the metrics.
            assertTrue(run.accuracy() > 0.85, "accuracy " + run.accuracy() + " of " + run.method());
            assertTrue(run.macroF1() > 0.85, "macro-F1 " + run.macroF1());
        }
        List<String> lines = Files.readAllLines(results.resolve(ResultsStore.RUNS_CSV), StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("experiment,dataset,method,noise_type,noise,seed"));
        assertTrue(lines.get(1).startsWith("quickstart,digits,uniform,none,"));
        assertTrue(lines.get(2).startsWith("quickstart,digits,entropy,none,"));
        assertTrue(Files.isDirectory(results.resolve(ResultsStore.RUNS_PARQUET)));
        assertEquals(2, SparkTestSession.get().read().parquet(results.resolve(ResultsStore.RUNS_PARQUET).toString())
            .count());

        // Running again resumes: nothing is recomputed, nothing is written twice.
        List<RunResult> again = new ExperimentRunner(SparkTestSession.get(), experiment, registry(config),
            new ResultsStore(results), "test").run();
        assertEquals(runs, again);
        assertEquals(lines, Files.readAllLines(results.resolve(ResultsStore.RUNS_CSV), StandardCharsets.UTF_8));

        // Other settings must not be mixed into the same results.
        ExperimentConfig changed = ExperimentConfig.from(ConfigLoading.experiment(Path.of("conf/experiments"),
            "quickstart", List.of("seeds=[7]", "model.epochs=3")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ExperimentRunner(
            SparkTestSession.get(), changed, registry(config), new ResultsStore(results), "test").run());
        assertTrue(e.getMessage().contains("config hash"), e.getMessage());
    }
}
