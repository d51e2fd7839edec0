package org.collectiveloss.cli;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.data.DatasetRegistry;
import org.collectiveloss.experiment.ExperimentConfig;
import org.collectiveloss.experiment.ExperimentRunner;
import org.collectiveloss.experiment.ResultsStore;
import org.collectiveloss.experiment.RunResult;
import org.collectiveloss.experiment.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code run-experiment NAME}: runs {@code conf/experiments/NAME.conf} and writes its results. */
@Command(name = "run-experiment", mixinStandardHelpOptions = true,
    description = "Runs the experiment described by <config-dir>/<name>.conf and writes <results>/runs.csv.")
public final class RunExperimentCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Experiment name: <config-dir>/NAME.conf is read.")
    String name;

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "conf/experiments",
        description = "Folder of experiment configs (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = "--results", paramLabel = "DIR",
        description = "Results folder (default: results/NAME).")
    Path results;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Overrides one config key, e.g. --set experiment.seeds=[1] (repeatable; the 'experiment.'"
            + " prefix may be left out).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        Config config = ConfigLoading.experiment(configDir, name, overrides);
        ExperimentConfig experiment = ExperimentConfig.from(config);
        Path resultsDir = results != null ? results : Path.of("results", name);
        ResultsStore store = new ResultsStore(resultsDir);
        SparkSession spark = SparkSessions.getOrCreate("collective-loss " + name);
        String commit = System.getenv().getOrDefault("CL_GIT_COMMIT", "unknown");
        DatasetRegistry registry = DatasetRegistry.load(config, DatasetRegistry.defaultFile());
        List<RunResult> runs = new ExperimentRunner(spark, experiment, registry, store, commit).run();
        System.out.println();
        System.out.println(SummaryTable.render(runs));
        System.out.println();
        System.out.println("Runs written to " + store.file());
        return 0;
    }
}
