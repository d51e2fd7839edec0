package org.collectiveloss.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a loaded data set is turned into the parts that training sees: the split, the scaling and the label
 * noise, read from configuration. The shipped defaults are the {@code preparation} block of
 * {@code conf/datasets.conf}; an experiment configuration overrides any key of it.
 *
 * <pre>
 * preparation {
 *   split { method = holdout, testFraction = 0.25, folds = 5, fold = 0, seed = 1 }   # or method = kfold
 *   scaling = standard                                                             # none | standard | minmax
 *   noise { kind = none, rate = 0.0, seed = 1 }     # symmetric | pair-flip; optional pairs { "a" = "b" }
 * }
 * </pre>
 *
 * @param split   how to split a set without a fixed test part
 * @param scaling feature scaling, fitted on the training part
 * @param noise   label noise for the training part
 */
public record PreparationSpec(Split split, FeatureScaler.Method scaling, Noise noise) {

    public PreparationSpec {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(noise, "noise");
    }

    /**
     * Split settings.
     *
     * @param method       {@code holdout} or {@code kfold}
     * @param testFraction test share per class, for holdout
     * @param folds        K, for kfold
     * @param fold         0-based test fold, for kfold
     * @param seed         seed of the row order
     */
    public record Split(String method, double testFraction, int folds, int fold, long seed) {

        public Split {
            method = method.trim().toLowerCase(Locale.ROOT);
            if (!method.equals("holdout") && !method.equals("kfold")) {
                throw new IllegalArgumentException("preparation.split.method = '" + method + "' is not known; use "
                    + "holdout or kfold.");
            }
        }

        /** The splitter these settings describe; validates the numbers. */
        public StratifiedSplitter splitter() {
            return method.equals("holdout") ? StratifiedSplitter.holdout(testFraction, seed)
                : StratifiedSplitter.kFold(folds, fold, seed);
        }
    }

    /**
     * Label-noise settings.
     *
     * @param kind  none, symmetric or pair-flip
     * @param rate  flip probability in [0, 1)
     * @param seed  seed of the flips
     * @param pairs pair-flip map by class name; empty to use the data set's own ({@code options.pairFlip}) or
     *              the default c to (c+1) mod C
     */
    public record Noise(LabelNoise.Kind kind, double rate, long seed, Map<String, String> pairs) {

        public Noise {
            Objects.requireNonNull(kind, "kind");
            pairs = Map.copyOf(pairs);
        }
    }

    /**
     * Reads the settings from a {@code preparation} block; every key shown in the class comment is required
     * (the defaults come from {@code conf/datasets.conf} merged underneath).
     *
     * @throws IllegalArgumentException naming a missing or malformed key
     */
    public static PreparationSpec fromConfig(Config preparation) {
        try {
            Config s = preparation.getConfig("split");
            Split split = new Split(s.getString("method"), s.getDouble("testFraction"), s.getInt("folds"),
                s.getInt("fold"), s.getLong("seed"));
            split.splitter();
            FeatureScaler.Method scaling = FeatureScaler.Method.parse(preparation.getString("scaling"),
                "preparation.scaling");
            Config n = preparation.getConfig("noise");
            Map<String, String> pairs = n.hasPath("pairs") ? stringMap(n.getConfig("pairs"))
                : Map.of();
            Noise noise = new Noise(LabelNoise.Kind.parse(n.getString("kind"), "preparation.noise.kind"),
                n.getDouble("rate"), n.getLong("seed"), pairs);
            if (!(noise.rate() >= 0 && noise.rate() < 1)) {
                throw new IllegalArgumentException("preparation.noise.rate = " + noise.rate() + " must lie in "
                    + "[0, 1).");
            }
            return new PreparationSpec(split, scaling, noise);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("preparation: " + e.getMessage(), e);
        }
    }

    /** A class-name map from a config object whose keys may be quoted names such as {@code "T-shirt/top"}. */
    static Map<String, String> stringMap(Config object) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : object.root().entrySet()) {
            map.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
        }
        return map;
    }

    /** The same settings with another test fold, for running all K folds. */
    public PreparationSpec withFold(int fold) {
        return new PreparationSpec(new Split(split.method(), split.testFraction(), split.folds(), fold,
            split.seed()), scaling, noise);
    }

    /** The same settings with other noise. */
    public PreparationSpec withNoise(LabelNoise.Kind kind, double rate, long seed) {
        return new PreparationSpec(split, scaling, new Noise(kind, rate, seed, noise.pairs()));
    }

    /** The pair-flip map the noise settings give for a data set, if any is configured. */
    Optional<Map<String, String>> pairs(DatasetSpec dataset) {
        if (!noise.pairs().isEmpty()) {
            return Optional.of(noise.pairs());
        }
        return dataset.options().hasPath("pairFlip") ? Optional.of(stringMap(dataset.options()
            .getConfig("pairFlip"))) : Optional.empty();
    }
}
