package org.collectiveloss.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.collectiveloss.graph.GraphSpec;
import org.collectiveloss.training.MlpSpec;
import org.collectiveloss.training.SparkTrainingSpec;
import org.collectiveloss.weights.WeightScheme;

/**
 * An experiment read once from HOCON (the {@code experiment} block, over the defaults in {@code reference.conf}):
 * which data sets, seeds, noise rates and weighting methods form the grid, and how each stage is set.
 *
 * @param name            experiment name; results go to {@code results/<name>/} by default
 * @param datasets        registry names of the data sets
 * @param seeds           one run per seed and grid cell; each seed drives split, order, initialisation
 * @param methods         weighting schemes compared
 * @param noiseRates      label-noise rates of the training part
 * @param testFraction    share held out per class for sets without a fixed test part
 * @param scaling         {@code standard} or {@code none}
 * @param graph           how the similarity graph is built
 * @param minWeight       floor of the raw weight
 * @param isolatedWeight  raw weight of an instance without neighbours
 * @param model           the network and its optimisation
 * @param trainerType     {@code spark} or {@code local}
 * @param spark           parameter-averaging settings
 * @param evalBatchSize   rows per forward pass at evaluation
 * @param shufflePartitions Spark SQL shuffle partitions
 * @param configHash      SHA-256 (first 12 hex digits) of the resolved {@code experiment} block without its grid
 *                        axes (name, datasets, seeds, methods, noise rates): it identifies how each run is done, so
 *                        adding seeds or data sets to an experiment keeps the hash of its finished runs
 */
public record ExperimentConfig(String name, List<String> datasets, List<Long> seeds, List<WeightScheme> methods,
                               List<Double> noiseRates, double testFraction, String scaling, GraphSpec graph,
                               double minWeight, double isolatedWeight, MlpSpec model, String trainerType,
                               SparkTrainingSpec spark, int evalBatchSize, int shufflePartitions,
                               String configHash) {

    /** Keys of the {@code experiment} block that say which runs form the grid, not how a run is done. */
    static final List<String> GRID_AXES = List.of("name", "datasets", "seeds", "methods", "noise-rates");

    public ExperimentConfig {
        datasets = List.copyOf(datasets);
        seeds = List.copyOf(seeds);
        methods = List.copyOf(methods);
        noiseRates = List.copyOf(noiseRates);
        require(!datasets.isEmpty(), "experiment.datasets is empty; name at least one data set, e.g. [digits].");
        require(!seeds.isEmpty(), "experiment.seeds is empty; give at least one seed, e.g. [1, 2, 3].");
        require(!methods.isEmpty(), "experiment.methods is empty; give e.g. [uniform, entropy].");
        require(!noiseRates.isEmpty(), "experiment.noise-rates is empty; give [0.0] for clean labels.");
        for (double rate : noiseRates) {
            require(rate >= 0.0 && rate < 1.0, "experiment.noise-rates contains " + rate
                + "; a rate must lie in [0, 1).");
        }
        require(testFraction > 0.0 && testFraction < 1.0, "experiment.split.test-fraction=" + testFraction
            + " must lie strictly between 0 and 1 (0.2 is usual).");
        require(scaling.equals("standard") || scaling.equals("none"), "experiment.scaling='" + scaling
            + "'; use standard or none.");
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
            MlpSpec model = new MlpSpec(c.getIntList("model.hidden-layers"), c.getString("model.activation"),
                c.getString("model.updater"), c.getDouble("model.learning-rate"), c.getDouble("model.l2"),
                c.getInt("model.epochs"), c.getInt("model.batch-size"));
            SparkTrainingSpec spark = new SparkTrainingSpec(c.getInt("trainer.workers"),
                c.getInt("trainer.averaging-frequency"), c.getInt("trainer.prefetch"));
            List<WeightScheme> methods = c.getStringList("methods").stream().map(WeightScheme::fromName).toList();
            return new ExperimentConfig(c.getString("name"), c.getStringList("datasets"), c.getLongList("seeds"),
                methods, c.getDoubleList("noise-rates"), c.getDouble("split.test-fraction"),
                c.getString("scaling"),
                GraphSpec.fromConfig(c.getConfig("graph")),
                c.getDouble("weights.min-weight"), c.getDouble("weights.isolated-weight"), model,
                c.getString("trainer.type"), spark, c.getInt("evaluation.batch-size"),
                c.getInt("spark.shuffle-partitions"), hash(c));
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
