package org.collectiveloss.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.data.DataPreparation;
import org.collectiveloss.data.DatasetLoaders;
import org.collectiveloss.data.DatasetRegistry;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.data.DatasetSpec;
import org.collectiveloss.data.LabelNoise;
import org.collectiveloss.data.LabelledData;
import org.collectiveloss.data.PreparationSpec;
import org.collectiveloss.data.TrainTest;
import org.collectiveloss.eval.ClassificationMetrics;
import org.collectiveloss.eval.SparkPredictor;
import org.collectiveloss.experiment.ExperimentConfig.NoiseSetting;
import org.collectiveloss.training.LocalTrainer;
import org.collectiveloss.training.NetworkTrainer;
import org.collectiveloss.training.ParameterAveragingTrainer;
import org.collectiveloss.training.TrainedModel;
import org.collectiveloss.training.TrainingOptions;
import org.collectiveloss.weights.NoiseDetection;
import org.collectiveloss.weights.TypicalityWeighter;
import org.collectiveloss.weights.TypicalityWeighterModel;
import org.collectiveloss.weights.WeightScheme;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment's grid: data sets × noise settings × seeds (× folds) × methods. For every cell of the first
 * four it prepares the data (split, imputation, scaling and label noise, all seeded by the run's seed) and builds
 * the similarity graph once; then, for each weighting method, it computes the weights, trains the network and
 * evaluates it on the test part. Each finished run is appended to the results store at once; runs already in the
 * store (same grid coordinates) are skipped, so a killed experiment resumes where it stopped. Resuming refuses a
 * store whose runs were made with other settings (another config hash): their results would not be comparable.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final SparkSession spark;
    private final ExperimentConfig config;
    private final DatasetRegistry registry;
    private final ResultsStore store;
    private final String gitCommit;
    private Provenance provenance;
    private Set<RunKey> done;

    /**
     * @param registry  where the experiment's data sets are looked up
     * @param gitCommit the commit the application was built from, recorded with each run ({@code unknown} if the
     *                  caller cannot tell)
     */
    public ExperimentRunner(SparkSession spark, ExperimentConfig config, DatasetRegistry registry,
                            ResultsStore store, String gitCommit) {
        this.spark = spark;
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.gitCommit = gitCommit;
    }

    /** Runs the whole grid and returns all its runs, those resumed from the store first. */
    public List<RunResult> run() {
        spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(config.shufflePartitions()));
        config.datasets().forEach(registry::spec);
        int folds = foldsPerSeed();
        int total = config.datasets().size() * config.noise().size() * config.seeds().size() * folds
            * config.methods().size();
        LOG.info("Experiment '{}': {} data set(s) x {} noise setting(s) x {} seed(s) x {} fold(s) x {} method(s)"
                + " = {} runs; config hash {}", config.name(), config.datasets().size(), config.noise().size(),
            config.seeds().size(), folds, config.methods().size(), total, config.configHash());
        provenance = Provenance.collect(spark);
        List<RunResult> previous = store.finished();
        checkSameSettings(previous);
        done = new HashSet<>();
        previous.forEach(r -> done.add(r.key()));
        if (!previous.isEmpty()) {
            LOG.info("Resuming: {} finished run(s) in {} are kept and skipped", previous.size(), store.file());
        }

        // Progress counts the runs of this grid only: the store may also hold runs of other data sets or seeds.
        int doneBefore = total - remainingRuns(folds);
        if (doneBefore > 0) {
            LOG.info("{} of the {} runs of this grid are already finished", doneBefore, total);
        }
        long start = System.nanoTime();
        List<RunResult> results = new ArrayList<>(previous);
        for (String datasetName : config.datasets()) {
            DatasetSpec spec = registry.spec(datasetName);
            LabelledData data = null;
            for (NoiseSetting noise : config.noise()) {
                for (long seed : config.seeds()) {
                    for (int fold = 0; fold < folds; fold++) {
                        List<WeightScheme> todo = unfinished(datasetName, noise, seed, fold);
                        if (todo.isEmpty()) {
                            continue;
                        }
                        if (data == null) {
                            data = DatasetLoaders.load(spark, spec);
                        }
                        results.addAll(runCell(data, spec, noise, seed, fold, todo));
                        int newRuns = results.size() - previous.size();
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        int finished = doneBefore + newRuns;
                        double eta = elapsed / newRuns * (total - finished);
                        LOG.info("Progress: {}/{} runs, {} s elapsed, about {} s left", finished, total,
                            String.format(Locale.ROOT, "%.0f", elapsed), String.format(Locale.ROOT, "%.0f", eta));
                    }
                }
            }
            if (data != null) {
                data.unpersist();
            }
        }
        return results;
    }

    private int foldsPerSeed() {
        return config.splitMethod().equals("kfold") ? config.folds() : 1;
    }

    /** Runs of the grid that are not in the store yet. */
    private int remainingRuns(int folds) {
        int remaining = 0;
        for (String dataset : config.datasets()) {
            for (NoiseSetting noise : config.noise()) {
                for (long seed : config.seeds()) {
                    for (int fold = 0; fold < folds; fold++) {
                        remaining += unfinished(dataset, noise, seed, fold).size();
                    }
                }
            }
        }
        return remaining;
    }

    private List<WeightScheme> unfinished(String dataset, NoiseSetting noise, long seed, int fold) {
        return config.methods().stream()
            .filter(m -> !done.contains(RunKey.of(dataset, m.configName(), noise.typeName(), noise.rate(), seed,
                fold)))
            .toList();
    }

    private PreparationSpec preparation(NoiseSetting noise, long seed, int fold) {
        PreparationSpec.Noise n = noise.type() == LabelNoise.Kind.NONE ? PreparationSpec.Noise.none()
            : new PreparationSpec.Noise(noise.type(), noise.rate(), seed, Map.of());
        return new PreparationSpec(new PreparationSpec.Split(config.splitMethod(), config.testFraction(),
            config.folds(), fold, seed), config.scaling(), n);
    }

    /** One (data set, noise, seed, fold) cell: shared preparation and graph, then one run per method. */
    private List<RunResult> runCell(LabelledData data, DatasetSpec spec, NoiseSetting noise, long seed, int fold,
                                    List<WeightScheme> methods) {
        TrainTest parts = DataPreparation.prepare(data, spec, preparation(noise, seed, fold));
        Dataset<Row> train = parts.train();
        Dataset<Row> test = parts.test();
        long nTrain = train.count();
        long nTest = test.count();
        LOG.info("Run cell {} noise={} {} seed={} fold={}: {} training and {} test instances, {} features,"
                + " {} classes", data.name(), noise.typeName(), noise.rate(), seed, fold, nTrain, nTest,
            parts.numFeatures(), parts.numClasses());

        boolean needsGraph = methods.stream().anyMatch(m -> m != WeightScheme.UNIFORM);
        Dataset<Row> edges = null;
        double graphSeconds = 0.0;
        if (needsGraph) {
            long t0 = System.nanoTime();
            edges = config.graph().newBuilder().build(train);
            graphSeconds = (System.nanoTime() - t0) / 1e9;
        }

        List<RunResult> out = new ArrayList<>();
        for (WeightScheme method : methods) {
            long t0 = System.nanoTime();
            Dataset<Row> weighted = train;
            String weightColumn = null;
            if (method != WeightScheme.UNIFORM) {
                TypicalityWeighterModel weights = new TypicalityWeighter().setScheme(method)
                    .setOptions(config.weights()).setNumClasses(parts.numClasses()).setSeed(seed)
                    .fitOnGraph(train, edges);
                weighted = weights.transform(train).persist(StorageLevel.MEMORY_AND_DISK());
                weighted.count();
                weights.instanceWeights().unpersist();
                weightColumn = DatasetSchema.WEIGHT;
            }
            double weightSeconds = (System.nanoTime() - t0) / 1e9;
            // How well (1 - weight) singles out the flipped labels; equal weights score exactly 0.5.
            double noiseAuroc = noise.type() == LabelNoise.Kind.NONE ? Double.NaN
                : weightColumn == null ? 0.5
                : NoiseDetection.auroc(weighted, weightColumn, DatasetSchema.LABEL, DatasetSchema.CLEAN_LABEL);

            MultiLayerConfiguration conf = config.model().toConfiguration(parts.numFeatures(), parts.numClasses(),
                seed, DataType.FLOAT);
            // Per-epoch metrics (and checkpoints, if on) of each run in its own folder.
            TrainingOptions options = config.training().withRunDirectory(store.file().getParent()
                .resolve("training").resolve(String.format(Locale.ROOT, "%s-%s-%s%s-seed%d-fold%d", data.name(),
                    method.configName(), noise.typeName(), noise.rate(), seed, fold)));
            NetworkTrainer trainer = config.trainerType().equals("spark")
                ? new ParameterAveragingTrainer(config.model(), config.spark(), options)
                : new LocalTrainer(config.model(), options);
            TrainedModel model = trainer.fit(weighted, weightColumn, conf, parts.numClasses(), seed);
            ClassificationMetrics metrics = SparkPredictor.evaluate(model.network(), test, config.evalBatchSize());

            RunResult result = new RunResult(config.name(), data.name(), method.configName(), noise.typeName(),
                noise.rate(), seed, fold, nTrain, nTest, metrics.accuracy(), metrics.macroF1(), metrics.logLoss(),
                model.epochLosses().get(model.epochLosses().size() - 1), noiseAuroc, graphSeconds, weightSeconds,
                model.trainSeconds(), config.trainerType(), spark.sparkContext().master(), config.configHash(),
                gitCommit, provenance, Instant.now().toString());
            store.append(result);
            store.writeParquet(spark);
            done.add(result.key());
            out.add(result);
            System.out.printf(Locale.ROOT, "run %s %s noise=%s %.2f seed=%d fold=%d: accuracy=%.4f macro-F1=%.4f"
                    + " log-loss=%.4f train=%.1fs%n", data.name(), method.configName(), noise.typeName(),
                noise.rate(), seed, fold, metrics.accuracy(), metrics.macroF1(), metrics.logLoss(),
                model.trainSeconds());
            if (weighted != train) {
                weighted.unpersist();
            }
        }
        if (edges != null) {
            edges.unpersist();
        }
        DataPreparation.release(parts);
        return out;
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
}
