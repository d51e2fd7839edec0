package org.collectiveloss.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.data.LabelledData;
import org.collectiveloss.eval.ClassificationMetrics;
import org.collectiveloss.eval.SparkPredictor;
import org.collectiveloss.training.LocalTrainer;
import org.collectiveloss.training.ParameterAveragingTrainer;
import org.collectiveloss.training.TrainedModel;
import org.collectiveloss.weights.TypicalityWeighter;
import org.collectiveloss.weights.WeightScheme;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment's grid: for every data set, noise rate and seed it splits and scales the data and builds the
 * similarity graph once, then, for each weighting method, computes the weights, trains the network and evaluates
 * it on the test part. Each finished run is appended to the results store at once; runs already in the store
 * (same grid coordinates) are skipped, so a killed experiment resumes where it stopped. Resuming refuses a store
 * whose runs were made with other settings (another config hash): their results would not be comparable.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final SparkSession spark;
    private final ExperimentConfig config;
    private final ResultsStore store;
    private final String gitCommit;
    private Provenance provenance;
    private Set<RunKey> done;

    /**
     * @param gitCommit the commit the application was built from, recorded with each run ({@code unknown} if the
     *                  caller cannot tell)
     */
    public ExperimentRunner(SparkSession spark, ExperimentConfig config, ResultsStore store, String gitCommit) {
        this.spark = spark;
        this.config = config;
        this.store = store;
        this.gitCommit = gitCommit;
    }

    /** Runs the whole grid and returns the finished runs in order. */
    public List<RunResult> run() {
        spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(config.shufflePartitions()));
        int total = config.datasets().size() * config.noiseRates().size() * config.seeds().size()
            * config.methods().size();
        LOG.info("Experiment '{}': {} data set(s) x {} noise rate(s) x {} seed(s) x {} method(s) = {} runs;"
                + " config hash {}", config.name(), config.datasets().size(), config.noiseRates().size(),
            config.seeds().size(), config.methods().size(), total, config.configHash());
        provenance = Provenance.collect(spark);
        List<RunResult> previous = store.finished();
        checkSameSettings(previous);
        done = new HashSet<>();
        previous.forEach(r -> done.add(r.key()));
        if (!previous.isEmpty()) {
            LOG.info("Resuming: {} finished run(s) in {} are kept and skipped", previous.size(), store.file());
        }
        long start = System.nanoTime();
        List<RunResult> results = new ArrayList<>(previous);
        for (String datasetName : config.datasets()) {
            LabelledData data = Preparation.load(spark, datasetName);
            for (double noise : config.noiseRates()) {
                if (noise > 0.0) {
                    throw new IllegalArgumentException("experiment.noise-rates contains " + noise
                        + ", but this build injects no label noise; use [0.0].");
                }
                for (long seed : config.seeds()) {
                    int before = results.size();
                    results.addAll(runCell(data, noise, seed));
                    int doneNow = results.size() - previous.size();
                    if (results.size() > before) {
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        double eta = elapsed / doneNow * (total - results.size());
                        LOG.info("Progress: {}/{} runs, {} s elapsed, about {} s left", results.size(), total,
                            String.format(Locale.ROOT, "%.0f", elapsed), String.format(Locale.ROOT, "%.0f", eta));
                    }
                }
            }
        }
        return results;
    }

    private void checkSameSettings(List<RunResult> previous) {
        for (RunResult r : previous) {
            if (!r.configHash().equals(config.configHash())) {
                throw new IllegalStateException(store.file() + " holds runs made with config hash " + r.configHash()
                    + " (e.g. " + r.key() + "), but the current settings hash to " + config.configHash()
                    + "; resuming would mix incomparable runs. Write to another folder with --results DIR.");
            }
        }
    }

    /** One (data set, noise, seed) cell: shared preparation and graph, then one run per unfinished method. */
    private List<RunResult> runCell(LabelledData data, double noise, long seed) {
        String noiseType = noise > 0 ? "symmetric" : "none";
        List<WeightScheme> todo = config.methods().stream()
            .filter(m -> !done.contains(RunKey.of(data.name(), m.configName(), noiseType, noise, seed))).toList();
        if (todo.isEmpty()) {
            return List.of();
        }
        Preparation.TrainTest parts = Preparation.split(data.train(), config.testFraction(), seed);
        if (config.scaling().equals("standard")) {
            parts = Preparation.standardise(parts);
        }
        Dataset<Row> train = parts.train().persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = parts.test().persist(StorageLevel.MEMORY_AND_DISK());
        long nTrain = train.count();
        long nTest = test.count();
        LOG.info("Run cell {} noise={} seed={}: {} training and {} test instances, {} features, {} classes",
            data.name(), noise, seed, nTrain, nTest, data.numFeatures(), data.numClasses());

        boolean needsGraph = todo.stream().anyMatch(m -> m != WeightScheme.UNIFORM);
        Dataset<Row> edges = null;
        double graphSeconds = 0.0;
        if (needsGraph) {
            long t0 = System.nanoTime();
            edges = config.graph().newBuilder().build(train);
            graphSeconds = (System.nanoTime() - t0) / 1e9;
        }

        List<RunResult> out = new ArrayList<>();
        for (WeightScheme method : todo) {
            long t0 = System.nanoTime();
            Dataset<Row> weighted = train;
            String weightColumn = null;
            if (method != WeightScheme.UNIFORM) {
                weighted = new TypicalityWeighter(method, config.minWeight(), config.isolatedWeight())
                    .transform(train, edges, data.numClasses()).persist(StorageLevel.MEMORY_AND_DISK());
                weighted.count();
                weightColumn = DatasetSchema.WEIGHT;
            }
            double weightSeconds = (System.nanoTime() - t0) / 1e9;

            MultiLayerConfiguration conf = config.model().toConfiguration(data.numFeatures(), data.numClasses(),
                seed, DataType.FLOAT);
            TrainedModel model = config.trainerType().equals("spark")
                ? new ParameterAveragingTrainer(config.model(), config.spark())
                    .fit(weighted, weightColumn, conf, data.numClasses(), seed)
                : new LocalTrainer(config.model()).fit(weighted, weightColumn, conf, data.numClasses(), seed);
            ClassificationMetrics metrics = SparkPredictor.evaluate(model.network(), test, config.evalBatchSize());

            RunResult result = new RunResult(config.name(), data.name(), method.configName(),
                noiseType, noise, seed, nTrain, nTest, metrics.accuracy(), metrics.macroF1(),
                metrics.logLoss(), model.epochLosses().get(model.epochLosses().size() - 1),
                needsGraph ? graphSeconds : 0.0, weightSeconds, model.trainSeconds(), config.trainerType(),
                spark.sparkContext().master(), config.configHash(), gitCommit, provenance,
                Instant.now().toString());
            store.append(result);
            store.writeParquet(spark);
            done.add(result.key());
            out.add(result);
            System.out.printf(Locale.ROOT, "run %s %s noise=%.2f seed=%d: accuracy=%.4f macro-F1=%.4f"
                    + " log-loss=%.4f train=%.1fs%n", data.name(), method.configName(), noise, seed,
                metrics.accuracy(), metrics.macroF1(), metrics.logLoss(), model.trainSeconds());
            if (weighted != train) {
                weighted.unpersist();
            }
        }
        if (edges != null) {
            edges.unpersist();
        }
        train.unpersist();
        test.unpersist();
        return out;
    }
}
