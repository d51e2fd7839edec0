package org.collectiveloss.data;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects label noise into a training part, seeded and reproducible; the test part is never touched.
 *
 * <ul>
 *   <li>{@link Kind#SYMMETRIC}: each label is flipped with probability {@code rate}; a flipped label goes to
 *       one of the other C-1 classes, uniformly. (This is the "flip rate" convention: the expected share of
 *       wrong labels is {@code rate} itself, not {@code rate * (C-1)/C}.)</li>
 *   <li>{@link Kind#PAIR_FLIP}: each label is flipped with probability {@code rate} to one fixed class,
 *       {@code targets[c]}. The default map sends class c to (c+1) mod C; a data set can name its own in the
 *       registry ({@code options.pair-flip}, class name to class name): the shipped Fashion-MNIST entry pairs
 *       T-shirt/top with Shirt, Pullover with Coat, Trouser with Dress and Sandal with Sneaker (both ways),
 *       and sends Ankle boot to Sneaker and Bag to Shirt, so that every class has a target.</li>
 * </ul>
 *
 * <p>Whether row {@code id} is flipped, and to which class, depends only on (seed, id): the same seed gives the
 * same noisy labels on any partitioning, and a higher rate flips a superset of the rows a lower rate flips. The
 * clean label is kept in {@link DatasetSchema#CLEAN_LABEL}; the realised rate (flipped rows / rows) is logged
 * and differs from {@code rate} by sampling error, about {@code sqrt(rate (1-rate) / n)}.
 *
 * <p>Choosing the rate: 0.1 to 0.4 covers the range usual in noisy-label studies; pair-flip above 0.5 makes the
 * target class the majority label of its source class, which no method can undo. Not supported:
 * instance-dependent noise, noise on the test part.
 */
public final class LabelNoise {

    private static final Logger LOG = LoggerFactory.getLogger(LabelNoise.class);

    /** Noise models. */
    public enum Kind {
        /** No noise: labels unchanged, no clean-label column. */
        NONE,
        /** Flip to a uniformly chosen other class. */
        SYMMETRIC,
        /** Flip to one fixed class per class. */
        PAIR_FLIP;

        /** The kind named {@code text} ({@code none}, {@code symmetric}, {@code pair-flip}), case-insensitive. */
        public static Kind parse(String text, String where) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " = '" + text + "' is not a noise kind; use none, "
                    + "symmetric or pair-flip.", e);
            }
        }
    }

    private final Kind kind;
    private final double rate;
    private final long seed;
    private final int[] targets;

    private LabelNoise(Kind kind, double rate, long seed, int[] targets) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("noise rate = " + rate + " must lie in [0, 1), e.g. 0.2.");
        }
        this.kind = kind;
        this.rate = rate;
        this.seed = seed;
        this.targets = targets == null ? null : targets.clone();
    }

    /** No noise. */
    public static LabelNoise none() {
        return new LabelNoise(Kind.NONE, 0, 0, null);
    }

    /** Symmetric noise at {@code rate} in [0, 1). */
    public static LabelNoise symmetric(double rate, long seed) {
        return new LabelNoise(Kind.SYMMETRIC, rate, seed, null);
    }

    /** Pair-flip noise at {@code rate} with the default map c to (c+1) mod C. */
    public static LabelNoise pairFlip(double rate, long seed) {
        return new LabelNoise(Kind.PAIR_FLIP, rate, seed, null);
    }

    /**
     * Pair-flip noise at {@code rate} with an explicit map.
     *
     * @param targets {@code targets[c]} is the class that class c flips to; it must differ from c
     */
    public static LabelNoise pairFlip(double rate, long seed, int[] targets) {
        for (int c = 0; c < targets.length; c++) {
            if (targets[c] == c || targets[c] < 0 || targets[c] >= targets.length) {
                throw new IllegalArgumentException("pair-flip target of class " + c + " is " + targets[c]
                    + "; it must be another class in 0.." + (targets.length - 1) + ".");
            }
        }
        return new LabelNoise(Kind.PAIR_FLIP, rate, seed, targets);
    }

    /**
     * A pair-flip map from class names, as the registry's {@code options.pair-flip} gives it: every class must
     * be mapped to another existing class.
     *
     * @throws IllegalArgumentException naming the class that is missing, unknown or mapped to itself
     */
    public static int[] targetsByName(List<String> classNames, Map<String, String> map) {
        int[] targets = new int[classNames.size()];
        for (String key : map.keySet()) {
            if (!classNames.contains(key)) {
                throw new IllegalArgumentException("pair-flip maps '" + key + "', which is not a class; the classes"
                    + " are " + classNames + ".");
            }
        }
        for (int c = 0; c < targets.length; c++) {
            String to = map.get(classNames.get(c));
            if (to == null) {
                throw new IllegalArgumentException("pair-flip has no target for class '" + classNames.get(c)
                    + "'; give every class of " + classNames + " a target.");
            }
            targets[c] = classNames.indexOf(to);
            if (targets[c] < 0 || targets[c] == c) {
                throw new IllegalArgumentException("pair-flip maps '" + classNames.get(c) + "' to '" + to + "', "
                    + (targets[c] < 0 ? "which is not a class" : "itself") + "; map it to another of "
                    + classNames + ".");
            }
        }
        return targets;
    }

    /** The default pair-flip map, c to (c+1) mod C. */
    public static int[] nextClassTargets(int numClasses) {
        int[] t = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            t[c] = (c + 1) % numClasses;
        }
        return t;
    }

    /** The noise kind. */
    public Kind kind() {
        return kind;
    }

    /** The requested flip rate. */
    public double rate() {
        return rate;
    }

    /** Applies the noise to the training part; the test part is returned as it is. */
    public TrainTest apply(TrainTest data) {
        if (kind == Kind.NONE) {
            return data;
        }
        return data.withFrames(apply(data.train(), data.numClasses(), data.name()), data.test());
    }

    /**
     * Flips labels of {@code train}, adding {@link DatasetSchema#CLEAN_LABEL}, and logs the realised rate.
     *
     * @param name data set name, for the log
     * @throws IllegalArgumentException if the frame already carries clean labels (noise applied twice), or the
     *     pair-flip map does not fit {@code numClasses}
     */
    public Dataset<Row> apply(Dataset<Row> train, int numClasses, String name) {
        if (kind == Kind.NONE) {
            return train;
        }
        if (Arrays.asList(train.columns()).contains(DatasetSchema.CLEAN_LABEL)) {
            throw new IllegalArgumentException("Data set '" + name + "' already has a " + DatasetSchema.CLEAN_LABEL
                + " column: label noise was applied before. Apply it once, to the clean training part.");
        }
        int[] map = kind == Kind.PAIR_FLIP ? (targets != null ? targets : nextClassTargets(numClasses)) : null;
        if (map != null && map.length != numClasses) {
            throw new IllegalArgumentException("The pair-flip map has " + map.length + " classes, data set '"
                + name + "' has " + numClasses + ".");
        }
        long s = seed;
        double r = rate;
        int classes = numClasses;
        UserDefinedFunction flip = functions.udf((UDF2<Long, Double, Double>) (id, label) ->
            noisyLabel(s, r, classes, map, id, label), DataTypes.DoubleType);
        Dataset<Row> noisy = train.withColumn(DatasetSchema.CLEAN_LABEL, col(DatasetSchema.LABEL))
            .withColumn(DatasetSchema.LABEL, flip.apply(col(DatasetSchema.ID), col(DatasetSchema.LABEL)));

        long rows = noisy.count();
        long flipped = noisy.filter(col(DatasetSchema.LABEL).notEqual(col(DatasetSchema.CLEAN_LABEL))).count();
        LOG.info("{}: {} label noise at rate {} (seed {}): {} of {} training labels flipped, realised rate {}",
            name, kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), rate, seed, flipped, rows,
            rows == 0 ? 0 : String.format(Locale.ROOT, "%.4f", flipped / (double) rows));
        return noisy;
    }

    /** The realised noise rate of a frame with clean labels: the share of rows whose label was changed. */
    public static double realisedRate(Dataset<Row> noisy) {
        long rows = noisy.count();
        long flipped = noisy.filter(col(DatasetSchema.LABEL).notEqual(col(DatasetSchema.CLEAN_LABEL))).count();
        return rows == 0 ? 0 : flipped / (double) rows;
    }

    /** The noisy label of one row; a pure function of its arguments. */
    static double noisyLabel(long seed, double rate, int numClasses, int[] pairTargets, long id, double label) {
        if (SeededHash.uniform(seed, SeededHash.FLIP, id) >= rate) {
            return label;
        }
        int c = (int) label;
        if (pairTargets != null) {
            return pairTargets[c];
        }
        int k = (int) (SeededHash.uniform(seed, SeededHash.TARGET, id) * (numClasses - 1));
        return k >= c ? k + 1 : k;
    }
}
