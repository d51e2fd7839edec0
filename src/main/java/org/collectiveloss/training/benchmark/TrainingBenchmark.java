package org.collectiveloss.training.benchmark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.data.LabelledData;
import org.collectiveloss.eval.ClassificationMetrics;
import org.collectiveloss.eval.LocalPredictor;
import org.collectiveloss.training.EpochMetrics;
import org.collectiveloss.training.LocalTrainer;
import org.collectiveloss.training.LossSpec;
import org.collectiveloss.training.MlpSpec;
import org.collectiveloss.training.NetworkTrainer;
import org.collectiveloss.training.Nd4jThreads;
import org.collectiveloss.training.OptimiserSpec;
import org.collectiveloss.training.ParameterAveragingTrainer;
import org.collectiveloss.training.SparkTrainingSpec;
import org.collectiveloss.training.TrainedModel;
import org.collectiveloss.training.TrainingOptions;
import org.collectiveloss.training.WeightedDataSets;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the training engine on a data set with a published test part, by default Fashion-MNIST (Xiao, Rasul and
 * Vollgraf, 2017: 60,000 training and 10,000 test images of 28x28 grey pixels, 10 classes), read through the
 * project's data registry, features divided by a constant (255 maps pixels to [0, 1]): the same MLP
 * (784-256-128-10, ReLU, Adam at 1e-3, minibatches of 128) trained in one process and through Spark parameter
 * averaging, each with uniform weights (DL4J's own unweighted cross-entropy) and with non-uniform weights (the
 * weighted cross-entropy of the collective loss, weights drawn from [0.5, 1.5) and rescaled to mean 1).
 *
 * <p>Figures: throughput is training examples per second of fit time (data preparation, evaluation and Spark
 * start-up excluded). The weighted loss's overhead is measured apart, in one process: an unweighted and a weighted
 * copy of the network are fitted alternately, minibatch by minibatch, on the same minibatches for
 * {@link #OVERHEAD_EPOCHS} epochs, and the overhead is the ratio of their summed fit times minus 1. Interleaving
 * makes both see the same machine load, which on a shared machine drifts more between two ten-epoch runs than the
 * few per cent being measured. Test accuracy is that of the final network on the 10,000 test images; the summary
 * gives the lower of the two uniform runs.
 */
public final class TrainingBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingBenchmark.class);

    /** The four runs, in the order they are made. */
    public static final List<String> RUNS = List.of("local-uniform", "spark-uniform", "local-weighted",
        "spark-weighted");

    /** Epochs of the interleaved measurement of the weighted loss's overhead. */
    public static final int OVERHEAD_EPOCHS = 2;

    private TrainingBenchmark() {
    }

    /**
     * @param epochs       epochs of every run
     * @param seed         seeds initialisation, minibatches and weights
     * @param runs         which of {@link #RUNS} to make
     * @param spark        parameter-averaging settings of the Spark runs
     * @param localThreads ND4J threads of the single-process runs, 0 for ND4J's default (all cores)
     * @param scaleBy      every feature is divided by it; 255 for 8-bit pixels, 1 to leave features unchanged
     */
    public record Settings(int epochs, long seed, List<String> runs, SparkTrainingSpec spark, int localThreads,
                           double scaleBy) {

        public Settings {
            runs = List.copyOf(runs);
            if (epochs < 1) {
                throw new IllegalArgumentException("--epochs=" + epochs + " must be at least 1.");
            }
            for (String r : runs) {
                if (!RUNS.contains(r)) {
                    throw new IllegalArgumentException("--runs contains '" + r + "'; choose from " + RUNS + ".");
                }
            }
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("--runs is empty; choose from " + RUNS + ".");
            }
            if (!(scaleBy > 0) || Double.isInfinite(scaleBy)) {
                throw new IllegalArgumentException("--scale-by=" + scaleBy + " must be positive (255 for pixels).");
            }
        }
    }

    /**
     * The figures of one run.
     *
     * @param name               one of {@link #RUNS}
     * @param examplesPerSecond  training throughput
     * @param medianEpochSeconds median fit time of an epoch
     * @param testAccuracy       accuracy on the test images
     * @param history            per-epoch metrics
     */
    public record RunFigures(String name, double examplesPerSecond, double medianEpochSeconds, double testAccuracy,
                             List<EpochMetrics> history) {

        public String describe() {
            return String.format(Locale.ROOT, "run %-14s epochs=%d fit=%.1fs eps=%.0f median_epoch=%.2fs"
                    + " final_train_loss=%.4f test_acc=%.4f", name, history.size(),
                history.stream().mapToDouble(EpochMetrics::seconds).sum(), examplesPerSecond, medianEpochSeconds,
                history.get(history.size() - 1).trainLoss(), testAccuracy);
        }
    }

    /**
     * The interleaved measurement of the weighted loss's cost.
     *
     * @param uniformSeconds  summed fit time of the unweighted network (DL4J's cross-entropy, one-hot labels)
     * @param weightedSeconds summed fit time of the weighted network (weighted cross-entropy, weighted labels)
     * @param minibatches     minibatches fitted by each
     */
    public record Overhead(double uniformSeconds, double weightedSeconds, long minibatches) {

        public double fraction() {
            return weightedSeconds / uniformSeconds - 1.0;
        }

        public String describe() {
            return String.format(Locale.ROOT, "overhead interleaved minibatches=%d uniform=%.2fms weighted=%.2fms"
                    + " per minibatch: %+.1f%%", minibatches, 1000 * uniformSeconds / minibatches,
                1000 * weightedSeconds / minibatches, 100 * fraction());
        }
    }

    /** The figures of all runs made, and the overhead measurement (null when no weighted run was asked for). */
    public record Result(List<RunFigures> runs, Overhead overhead) {

        public double localExamplesPerSecond() {
            return find("local-uniform").map(RunFigures::examplesPerSecond).orElse(Double.NaN);
        }

        public double sparkExamplesPerSecond() {
            return find("spark-uniform").map(RunFigures::examplesPerSecond).orElse(Double.NaN);
        }

        /** Relative extra fit time of the weighted loss, from the interleaved measurement. */
        public double weightedOverhead() {
            return overhead == null ? Double.NaN : overhead.fraction();
        }

        /**
         * The lower test accuracy of the uniform runs made (the standard training, in one process and averaged on
         * Spark); the weighted runs' random weights are a timing device, and their accuracies are reported per run.
         */
        public double testAccuracy() {
            return runs.stream().filter(r -> r.name().endsWith("-uniform")).mapToDouble(RunFigures::testAccuracy)
                .min().orElse(Double.NaN);
        }

        /** The benchmark's one-line summary. */
        public String summary() {
            return String.format(Locale.ROOT, "training-benchmark local_eps=%.0f spark_eps=%.0f"
                    + " weighted_overhead=%.3f test_acc=%.4f", localExamplesPerSecond(), sparkExamplesPerSecond(),
                weightedOverhead(), testAccuracy());
        }

        private java.util.Optional<RunFigures> find(String name) {
            return runs.stream().filter(r -> r.name().equals(name)).findFirst();
        }
    }

    /**
     * Makes the runs in order on {@code data} and reports each to {@code onRun} as it finishes.
     *
     * @throws IllegalArgumentException if the data set has no published test part
     */
    public static Result run(SparkSession spark, LabelledData data, Settings settings, Consumer<RunFigures> onRun) {
        Dataset<Row> test = data.fixedTest().orElseThrow(() -> new IllegalArgumentException("Data set '"
            + data.name() + "' has no published test part; the benchmark needs one, e.g. fashion-mnist."));
        int numClasses = data.numClasses();
        int numFeatures = data.numFeatures();
        Dataset<Row> frame = withWeights(scaled(data.train(), settings.scaleBy()), settings.seed())
            .persist(StorageLevel.MEMORY_AND_DISK());
        long trainRows = frame.count();
        List<DataSet> testBatches = WeightedDataSets.batches(scaled(test, settings.scaleBy()), null, numClasses,
            1000, 1, settings.seed()).collect();
        LOG.info("{}: {} training and {} test rows, {} features divided by {}, {} classes", data.name(), trainRows,
            testBatches.stream().mapToInt(DataSet::numExamples).sum(), numFeatures, settings.scaleBy(), numClasses);

        List<RunFigures> figures = new ArrayList<>();
        for (String name : RUNS) {
            if (!settings.runs().contains(name)) {
                continue;
            }
            boolean weighted = name.endsWith("weighted");
            MlpSpec model = model(weighted, settings.epochs());
            MultiLayerConfiguration conf = model.toConfiguration(numFeatures, numClasses, settings.seed(),
                DataType.FLOAT);
            NetworkTrainer trainer = name.startsWith("local")
                ? new LocalTrainer(model, TrainingOptions.NONE, settings.localThreads())
                : new ParameterAveragingTrainer(model, settings.spark(), TrainingOptions.NONE);
            LOG.info("Benchmark run {}: {}, ND4J threads {}", name, model.describe(numFeatures, numClasses),
                Nd4jThreads.get());
            TrainedModel fitted = trainer.fit(frame, weighted ? DatasetSchema.WEIGHT : null, conf, numClasses,
                settings.seed());
            ClassificationMetrics metrics = LocalPredictor.evaluate(fitted.network(), testBatches);
            RunFigures run = new RunFigures(name, fitted.examplesPerSecond(), median(fitted.history()),
                metrics.accuracy(), fitted.history());
            figures.add(run);
            onRun.accept(run);
        }
        Overhead overhead = null;
        if (settings.runs().stream().anyMatch(r -> r.endsWith("-weighted"))) {
            overhead = measureOverhead(frame, numFeatures, numClasses, settings);
            LOG.info("{}", overhead.describe());
        }
        frame.unpersist();
        return new Result(figures, overhead);
    }

    /**
     * Fits an unweighted and a weighted copy of the benchmark network alternately on the same minibatches, in this
     * process, and sums each one's fit time. Which of the two goes first alternates from minibatch to minibatch.
     */
    private static Overhead measureOverhead(Dataset<Row> frame, int numFeatures, int numClasses, Settings settings) {
        List<DataSet> plain = WeightedDataSets.batches(frame, null, numClasses, 128, 1, settings.seed()).collect();
        List<DataSet> weighted = WeightedDataSets.batches(frame, DatasetSchema.WEIGHT, numClasses, 128, 1,
            settings.seed()).collect();
        MultiLayerNetwork uniformNet = new MultiLayerNetwork(model(false, OVERHEAD_EPOCHS)
            .toConfiguration(numFeatures, numClasses, settings.seed(), DataType.FLOAT));
        MultiLayerNetwork weightedNet = new MultiLayerNetwork(model(true, OVERHEAD_EPOCHS)
            .toConfiguration(numFeatures, numClasses, settings.seed(), DataType.FLOAT));
        uniformNet.init();
        weightedNet.init();
        int previousThreads = Nd4jThreads.get();
        if (settings.localThreads() > 0) {
            Nd4jThreads.set(settings.localThreads());
        }
        try {
            // Warm-up: the first minibatches pay for JIT compilation and workspace allocation.
            for (int i = 0; i < 20; i++) {
                uniformNet.fit(plain.get(i));
                weightedNet.fit(weighted.get(i));
            }
            long uniformNanos = 0;
            long weightedNanos = 0;
            long count = 0;
            for (int epoch = 0; epoch < OVERHEAD_EPOCHS; epoch++) {
                for (int i = 0; i < plain.size(); i++) {
                    boolean uniformFirst = (i + epoch) % 2 == 0;
                    long a = System.nanoTime();
                    if (uniformFirst) {
                        uniformNet.fit(plain.get(i));
                    } else {
                        weightedNet.fit(weighted.get(i));
                    }
                    long b = System.nanoTime();
                    if (uniformFirst) {
                        weightedNet.fit(weighted.get(i));
                    } else {
                        uniformNet.fit(plain.get(i));
                    }
                    long c = System.nanoTime();
                    uniformNanos += uniformFirst ? b - a : c - b;
                    weightedNanos += uniformFirst ? c - b : b - a;
                    count++;
                }
            }
            return new Overhead(uniformNanos / 1e9, weightedNanos / 1e9, count);
        } finally {
            Nd4jThreads.set(previousThreads);
        }
    }

    /** The benchmark network: weighted cross-entropy or DL4J's unweighted cross-entropy. */
    private static MlpSpec model(boolean weighted, int epochs) {
        return new MlpSpec(List.of(256, 128), "relu", 0.0, false,
            OptimiserSpec.constant("adam", 1e-3, 0.0, epochs, 128),
            new LossSpec(weighted ? LossSpec.WEIGHTED_CROSS_ENTROPY : LossSpec.CROSS_ENTROPY, 2.0, List.of()));
    }

    /** Features divided by {@code scaleBy} (Spark ML's element-wise product with a constant vector). */
    private static Dataset<Row> scaled(Dataset<Row> frame, double scaleBy) {
        if (scaleBy == 1.0) {
            return frame;
        }
        int dim = ((Vector) frame.select(DatasetSchema.FEATURES).first().get(0)).size();
        double[] factor = new double[dim];
        Arrays.fill(factor, 1.0 / scaleBy);
        Dataset<Row> product = new ElementwiseProduct().setScalingVec(Vectors.dense(factor))
            .setInputCol(DatasetSchema.FEATURES).setOutputCol("_scaled").transform(frame);
        return product.drop(DatasetSchema.FEATURES).withColumnRenamed("_scaled", DatasetSchema.FEATURES);
    }

    /**
     * Adds non-uniform weights: {@code 0.5 + u} with {@code u} in [0, 1) from a hash of the seed and the id,
     * divided by their mean so that they average 1 as the collective loss's weights do.
     */
    private static Dataset<Row> withWeights(Dataset<Row> frame, long seed) {
        Column u = shiftrightunsigned(xxhash64(col(DatasetSchema.ID), lit("benchmark-weight"), lit(seed)), 11)
            .cast("double").divide(9007199254740992.0);
        Dataset<Row> raw = frame.withColumn(DatasetSchema.WEIGHT, u.plus(0.5));
        double mean = raw.agg(avg(col(DatasetSchema.WEIGHT))).first().getDouble(0);
        return raw.withColumn(DatasetSchema.WEIGHT, col(DatasetSchema.WEIGHT).divide(mean));
    }

    private static double median(List<EpochMetrics> history) {
        double[] s = history.stream().mapToDouble(EpochMetrics::seconds).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
