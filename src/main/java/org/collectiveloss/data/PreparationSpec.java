package org.collectiveloss.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a loaded data set is turned into the parts that training sees: the split, the scaling and the label
 * noise. Build it directly, or read it from a configuration block with {@link #fromConfig(Config)}:
 *
 * <pre>
 * split { method = holdout, test-fraction = 0.2, folds = 5, fold = 0, seed = 1 }   # or method = kfold
 * scaling = standard                                                              # none | standard | minmax
 * noise { type = symmetric, rate = 0.2, seed = 1 }   # none | symmetric | pair-flip; optional pairs { "a" = "b" }
 * </pre>
 *
 * Defaults for keys left out: {@code method = holdout}, {@code test-fraction = 0.2}, {@code folds = 5},
 * {@code fold = 0}, {@code scaling = standard}, {@code noise.type = none}, {@code noise.rate = 0}. Seeds have no
 * default: {@code split.seed} is always required, {@code noise.seed} whenever noise is on, so that every random
 * choice is traceable to the run's configuration.
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
                throw new IllegalArgumentException("split.method = '" + method + "' is not known; use holdout or "
                    + "kfold.");
            }
            splitter(method, testFraction, folds, fold, seed);
        }

        /** The splitter these settings describe. */
        public StratifiedSplitter splitter() {
            return splitter(method, testFraction, folds, fold, seed);
        }

        private static StratifiedSplitter splitter(String method, double testFraction, int folds, int fold,
                                                   long seed) {
            return method.equals("holdout") ? StratifiedSplitter.holdout(testFraction, seed)
                : StratifiedSplitter.kFold(folds, fold, seed);
        }
    }

    /**
     * Label-noise settings.
     *
     * @param type  none, symmetric or pair-flip
     * @param rate  flip probability in [0, 1)
     * @param seed  seed of the flips
     * @param pairs pair-flip map by class name; empty to use the data set's own ({@code options.pair-flip}) or
     *              the default c to (c+1) mod C
     */
    public record Noise(LabelNoise.Kind type, double rate, long seed, Map<String, String> pairs) {

        public Noise {
            Objects.requireNonNull(type, "type");
            pairs = Map.copyOf(pairs);
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("noise.rate = " + rate + " must lie in [0, 1), e.g. 0.2.");
            }
        }

        /** No noise. */
        public static Noise none() {
            return new Noise(LabelNoise.Kind.NONE, 0, 0, Map.of());
        }
    }

    /**
     * Reads the settings from a block shaped as in the class comment.
     *
     * @throws IllegalArgumentException naming a missing or malformed key
     */
    public static PreparationSpec fromConfig(Config block) {
        try {
            Config s = block.hasPath("split") ? block.getConfig("split") : ConfigFactory.empty();
            if (!s.hasPath("seed")) {
                throw new IllegalArgumentException("split.seed is missing; every split takes its seed from the "
                    + "configuration, e.g. split.seed = 1.");
            }
            Split split = new Split(s.hasPath("method") ? s.getString("method") : "holdout",
                s.hasPath("test-fraction") ? s.getDouble("test-fraction") : 0.2,
                s.hasPath("folds") ? s.getInt("folds") : 5,
                s.hasPath("fold") ? s.getInt("fold") : 0,
                s.getLong("seed"));
            FeatureScaler.Method scaling = FeatureScaler.Method.parse(block.hasPath("scaling")
                ? block.getString("scaling") : "standard", "scaling");
            return new PreparationSpec(split, scaling, noise(block));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Data preparation settings: " + e.getMessage(), e);
        }
    }

    private static Noise noise(Config block) {
        if (!block.hasPath("noise")) {
            return Noise.none();
        }
        Config n = block.getConfig("noise");
        LabelNoise.Kind type = LabelNoise.Kind.parse(n.hasPath("type") ? n.getString("type") : "none",
            "noise.type");
        if (type == LabelNoise.Kind.NONE) {
            return Noise.none();
        }
        if (!n.hasPath("seed")) {
            throw new IllegalArgumentException("noise.seed is missing; label noise takes its seed from the "
                + "configuration, e.g. noise.seed = 1.");
        }
        return new Noise(type, n.hasPath("rate") ? n.getDouble("rate") : 0.0, n.getLong("seed"),
            n.hasPath("pairs") ? stringMap(n.getConfig("pairs")) : Map.of());
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

    /** The same settings with other noise (the pair map is kept). */
    public PreparationSpec withNoise(LabelNoise.Kind type, double rate, long seed) {
        return new PreparationSpec(split, scaling, type == LabelNoise.Kind.NONE ? Noise.none()
            : new Noise(type, rate, seed, noise.pairs()));
    }

    /** The pair-flip map the noise settings give for a data set, if any is configured. */
    Optional<Map<String, String>> pairs(DatasetSpec dataset) {
        if (!noise.pairs().isEmpty()) {
            return Optional.of(noise.pairs());
        }
        return dataset.options().hasPath("pair-flip") ? Optional.of(stringMap(dataset.options()
            .getConfig("pair-flip"))) : Optional.empty();
    }
}
