package org.collectiveloss.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.collectiveloss.data.FeatureScaler;
import org.collectiveloss.data.LabelNoise;
import org.collectiveloss.graph.GraphSpec;
import org.collectiveloss.training.ModelSpec;
import org.collectiveloss.training.SparkTrainingSpec;
import org.collectiveloss.training.TrainingConfig;
import org.collectiveloss.training.TrainingOptions;
import org.collectiveloss.weights.WeightOptions;
import org.collectiveloss.weights.WeightScheme;

/**
 * An experiment read once from HOCON (the {@code experiment} block, over the defaults in {@code reference.conf}):
 * which data sets, seeds, noise rates and weighting methods form the grid, and how each stage is set.
 *
 * @param name            experiment name; results go to {@code results/<name>/} by default
 * @param datasets        registry names of the data sets
 * @param seeds           one run per seed and grid cell; each seed drives split, order, initialisation
 * @param methods         weighting schemes compared
 * @param noise           label-noise settings of the training part (type and rate), one grid axis
 * @param splitMethod     {@code holdout} or {@code kfold}, for sets without a fixed test part
 * @param testFraction    share held out per class, for holdout
 * @param folds           K, for kfold: every seed then runs all K folds
 * @param scaling         feature scaling fitted on the training part
 * @param graph           how the similarity graph is built
 * @param weights         options of the typicality weights (floor, isolated weight, beta, self, similarity votes)
 * @param model           the network (MLP or CNN), its loss and its optimisation
 * @param trainerType     {@code spark} or {@code local}
 * @param spark           parameter-averaging settings
 * @param evalBatchSize   rows per forward pass at evaluation
 * @param shufflePartitions Spark SQL shuffle partitions
 * @param configHash      SHA-256 (first 12 hex digits) of the resolved {@code experiment} block without its grid
 *                        axes (name, datasets, seeds, methods, noise rates): it identifies how each run is done, so
 *                        adding seeds or data sets to an experiment keeps the hash of its finished runs
 * @param training        validation part, early stopping and checkpoints of both trainers
 */
public record ExperimentConfig(String name, List<String> datasets, List<Long> seeds, List<WeightScheme> methods,
                               List<NoiseSetting> noise, String splitMethod, double testFraction, int folds,
                               FeatureScaler.Method scaling, GraphSpec graph,
                               WeightOptions weights, ModelSpec model, String trainerType,
                               SparkTrainingSpec spark, int evalBatchSize, int shufflePartitions,
                               String configHash, TrainingOptions training) {

    /** Keys of the {@code experiment} block that say which runs form the grid, not how a run is done. */
    static final List<String> GRID_AXES = List.of("name", "datasets", "seeds", "methods", "noise");

    /**
     * One level of the noise axis.
     *
     * @param type {@code none}, {@code symmetric} or {@code pair-flip}
     * @param rate flip probability in {@code [0, 1)}; 0 for {@code none}
     */
    public record NoiseSetting(LabelNoise.Kind type, double rate) {

        public NoiseSetting {
            if (!(rate >= 0.0 && rate < 1.0)) {
                throw new IllegalArgumentException("experiment.noise contains rate " + rate
                    + "; a rate must lie in [0, 1).");
            }
            if (type == LabelNoise.Kind.NONE && rate != 0.0) {
                throw new IllegalArgumentException("experiment.noise has type none with rate " + rate
                    + "; give type = symmetric or pair-flip, or rate 0.");
            }
        }

        /** The type's name as written in configs and results ({@code none}, {@code symmetric}, {@code pair-flip}). */
        public String typeName() {
            return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ExperimentConfig {
        datasets = List.copyOf(datasets);
        seeds = List.copyOf(seeds);
        methods = List.copyOf(methods);
        noise = List.copyOf(noise);
        require(!datasets.isEmpty(), "experiment.datasets is empty; name at least one data set, e.g. [digits].");
        require(!seeds.isEmpty(), "experiment.seeds is empty; give at least one seed, e.g. [1, 2, 3].");
        require(!methods.isEmpty(), "experiment.methods is empty; give e.g. [uniform, entropy].");
        require(!noise.isEmpty(), "experiment.noise is empty; give [{type = none}] for clean labels.");
        require(splitMethod.equals("holdout") || splitMethod.equals("kfold"), "experiment.split.method='"
            + splitMethod + "'; use holdout or kfold.");
        require(testFraction > 0.0 && testFraction < 1.0, "experiment.split.test-fraction=" + testFraction
            + " must lie strictly between 0 and 1 (0.2 is usual).");
        require(folds >= 2, "experiment.split.folds=" + folds + " must be at least 2 (5 or 10 are usual).");
        require(trainerType.equals("spark") || trainerType.equals("local"), "experiment.trainer.type='"
            + trainerType + "'; use spark (parameter averaging) or local (one process).");
        require(evalBatchSize >= 1, "experiment.evaluation.batch-size=" + evalBatchSize + " must be >= 1.");
        require(shufflePartitions >= 1, "experiment.spark.shuffle-partitions=" + shufflePartitions
            + " must be >= 1.");
    }

    /**
     * Reads the {@code experiment} block of {@code root}, which must already be resolved over the defaults.
     *
     * @throws IllegalArgumentException naming the key, the bad value and the fix
     */
    public static ExperimentConfig from(Config root) {
        try {
            Config c = root.getConfig("experiment");
            ModelSpec model = TrainingConfig.model(c.getConfig("model"));
            SparkTrainingSpec spark = TrainingConfig.spark(c.getConfig("trainer"));
            List<WeightScheme> methods = c.getStringList("methods").stream().map(WeightScheme::fromName).toList();
            List<NoiseSetting> noise = new ArrayList<>();
            for (Config n : c.getConfigList("noise")) {
                noise.add(new NoiseSetting(LabelNoise.Kind.parse(n.getString("type"), "experiment.noise.type"),
                    n.hasPath("rate") ? n.getDouble("rate") : 0.0));
            }
            return new ExperimentConfig(c.getString("name"), c.getStringList("datasets"), c.getLongList("seeds"),
                methods, noise, c.getString("split.method"), c.getDouble("split.test-fraction"),
                c.getInt("split.folds"), FeatureScaler.Method.parse(c.getString("scaling"), "experiment.scaling"),
                GraphSpec.fromConfig(c.getConfig("graph")),
                new WeightOptions(c.getDouble("weights.min-weight"), c.getDouble("weights.isolated-weight"),
                    c.getDouble("weights.beta"), c.getBoolean("weights.include-self"),
                    c.getBoolean("weights.similarity-weighted")), model,
                c.getString("trainer.type"), spark, c.getInt("evaluation.batch-size"),
                c.getInt("spark.shuffle-partitions"), hash(c), TrainingConfig.options(c.getConfig("trainer")));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Experiment configuration error: " + e.getMessage(), e);
        }
    }

    private static String hash(Config c) {
        Config settings = c;
        for (String axis : GRID_AXES) {
            settings = settings.withoutPath(axis);
        }
        String text = settings.root().render(ConfigRenderOptions.concise().setJson(true));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
