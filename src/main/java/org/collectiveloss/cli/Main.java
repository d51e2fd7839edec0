package org.collectiveloss.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The application's entry point, started by {@code spark-submit} (see {@code submit/}); each job is a
 * subcommand.
 */
@Command(name = "collective-loss", mixinStandardHelpOptions = true, version = "collective-loss 0.1.0",
    description = "Collective (typicality-weighted) loss experiments on Spark and Deeplearning4j.",
    subcommands = {RunExperimentCommand.class, CompareRerunsCommand.class, ReportCommand.class,
        DatasetsCommand.class, InstanceWeightsCommand.class, BenchmarkTrainingCommand.class,
        BenchmarkGraphCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
