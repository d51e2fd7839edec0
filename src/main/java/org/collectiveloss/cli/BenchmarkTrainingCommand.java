package org.collectiveloss.cli;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.data.DatasetLoaders;
import org.collectiveloss.data.DatasetRegistry;
import org.collectiveloss.data.DatasetSpec;
import org.collectiveloss.data.LabelledData;
import org.collectiveloss.training.SparkTrainingSpec;
import org.collectiveloss.training.benchmark.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code benchmark-training}: trains the same MLP on Fashion-MNIST in one process and through Spark parameter
 * averaging, with uniform and non-uniform weights, and prints one line per run and the summary line last.
 */
@Command(name = "benchmark-training", mixinStandardHelpOptions = true,
    description = "Trains an MLP with hidden layers 256-128 (ReLU, Adam 1e-3, batch 128) on Fashion-MNIST (or another"
        + " registered set with a test part) in one process and with Spark parameter averaging, with uniform and"
        + " non-uniform weights; prints the throughput, the weighted loss's overhead and the test accuracy as its"
        + " last line.")
public final class BenchmarkTrainingCommand implements Callable<Integer> {

    @Option(names = "--dataset", defaultValue = "fashion-mnist",
        description = "Registered data set with a published test part (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--registry", paramLabel = "FILE",
        description = "Data set registry (default: conf/datasets.conf, or -D" + DatasetRegistry.FILE_PROPERTY
            + " / $" + DatasetRegistry.FILE_ENV + ").")
    Path registryFile;

    @Option(names = "--scale-by", defaultValue = "255",
        description = "Every feature is divided by this (255 maps 8-bit pixels to [0, 1]; default:"
            + " ${DEFAULT-VALUE}).")
    double scaleBy;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs of every run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--runs", split = ",", paramLabel = "RUN",
        description = "Runs to make, comma-separated, from local-uniform, spark-uniform, local-weighted,"
            + " spark-weighted (default: all four).")
    List<String> runs = new ArrayList<>(TrainingBenchmark.RUNS);

    @Option(names = "--workers", description = "Parameter-averaging workers (default: the Spark context's default"
        + " parallelism, i.e. the cores of local[*]).")
    Integer workers;

    @Option(names = "--averaging-frequency", defaultValue = "20",
        description = "Minibatches per worker between two averagings (default: ${DEFAULT-VALUE}).")
    int averagingFrequency;

    @Option(names = "--storage-level", defaultValue = "memory_only",
        description = "Persistence of the minibatch RDD: memory_only, memory_only_ser or memory_and_disk_ser"
            + " (default: ${DEFAULT-VALUE}).")
    String storageLevel;

    @Option(names = "--worker-threads", defaultValue = "1",
        description = "ND4J threads per Spark worker, 0 for ND4J's default (default: ${DEFAULT-VALUE}).")
    int workerThreads;

    @Option(names = "--local-threads", defaultValue = "0",
        description = "ND4J threads of the single-process runs, 0 for ND4J's default (default: ${DEFAULT-VALUE}).")
    int localThreads;

    @Option(names = "--prefetch", defaultValue = "0",
        description = "Minibatches prefetched per worker (default: ${DEFAULT-VALUE}).")
    int prefetch;

    @Option(names = "--no-save-updater", description = "Reset the updater state every averaging round (DL4J's"
        + " builder default) instead of averaging it.")
    boolean noSaveUpdater;

    @Option(names = "--stats", description = "Collect DL4J's per-phase training statistics and log them.")
    boolean stats;

    @Override
    public Integer call() {
        DatasetRegistry registry = DatasetRegistry.load(ConfigFactory.empty(),
            registryFile != null ? registryFile : DatasetRegistry.defaultFile());
        DatasetSpec spec = registry.spec(dataset);
        SparkSession spark = SparkSessions.getOrCreate("collective-loss benchmark-training " + dataset);
        int numWorkers = workers != null ? workers : spark.sparkContext().defaultParallelism();
        SparkTrainingSpec sparkSpec = new SparkTrainingSpec(numWorkers, averagingFrequency, prefetch, "direct", "",
            2, !noSaveUpdater, storageLevel, workerThreads, stats);
        TrainingBenchmark.Settings settings = new TrainingBenchmark.Settings(epochs, seed, runs, sparkSpec,
            localThreads, scaleBy);
        System.out.printf(Locale.ROOT, "benchmark-training: %s, master %s, %d workers, averaging every %d minibatches,"
                + " storage %s, %d ND4J thread(s) per worker, %s ND4J threads in one process, %d cores,"
                + " OMP_WAIT_POLICY=%s%n", dataset, spark.sparkContext().master(), numWorkers, averagingFrequency,
            storageLevel, workerThreads, localThreads == 0 ? "default" : localThreads,
            Runtime.getRuntime().availableProcessors(), System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"));
        LabelledData data = DatasetLoaders.load(spark, spec);
        TrainingBenchmark.Result result = TrainingBenchmark.run(spark, data, settings,
            run -> System.out.println(run.describe()));
        if (result.overhead() != null) {
            System.out.println(result.overhead().describe());
        }
        System.out.println(result.summary());
        return 0;
    }
}
