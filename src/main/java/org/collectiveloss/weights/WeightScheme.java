package org.collectiveloss.weights;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How an instance's neighbourhood becomes its raw loss weight. Every raw weight is then floored at
 * {@code minWeight} and all of them are rescaled to mean 1 by {@link TypicalityWeighter}.
 *
 * <p>With H the class entropy of the neighbourhood in nats, C the number of classes, a the agreement (the share
 * of the neighbourhood's votes that carry the instance's own label) and β ≥ 0:
 * <table>
 *   <caption>Raw weight of each scheme</caption>
 *   <tr><th>scheme</th><th>raw weight</th><th>sees own label</th></tr>
 *   <tr><td>{@code uniform}</td><td>1</td><td>no</td></tr>
 *   <tr><td>{@code entropy}</td><td>1 − H / ln C</td><td>no</td></tr>
 *   <tr><td>{@code exp-entropy}</td><td>exp(−β H)</td><td>no</td></tr>
 *   <tr><td>{@code agreement}</td><td>a = 1 − kDN</td><td>yes</td></tr>
 *   <tr><td>{@code entropy-agreement}</td><td>(1 − H / ln C) · a</td><td>yes</td></tr>
 *   <tr><td>{@code random}</td><td>a seeded permutation of the {@code entropy} weights</td><td>no</td></tr>
 * </table>
 *
 * <p>kDN is the k-Disagreeing Neighbours hardness measure of Smith, Martinez and Giraud-Carrier, "An instance
 * level analysis of data complexity", Machine Learning 95(2), 2014: the share of an instance's k nearest
 * neighbours whose label differs from its own. Entropy alone cannot tell a mislabelled point inside a pure
 * neighbourhood (H = 0, a = 0) from a typical one (H = 0, a = 1); the label-aware schemes can.
 *
 * <p>{@code random} is a control: its weights have exactly the distribution of the {@code entropy} weights but
 * are assigned without regard to the data, so a gain of {@code entropy} over {@code random} is a gain from the
 * information in the weights rather than from their spread.
 */
public enum WeightScheme {
    /** Every instance weighs 1: plain cross-entropy, the baseline. */
    UNIFORM("uniform"),
    /** {@code 1 - H / ln C}: the collective loss as first proposed. */
    ENTROPY("entropy"),
    /** {@code exp(-beta H)}: a smooth, tunable decay with the entropy. */
    EXP_ENTROPY("exp-entropy"),
    /** The agreement share {@code 1 - kDN}. */
    AGREEMENT("agreement"),
    /** {@code (1 - H / ln C) * agreement}. */
    ENTROPY_AGREEMENT("entropy-agreement"),
    /** A seeded permutation of the floored {@code entropy} raw weights. */
    RANDOM("random");

    private final String configName;

    WeightScheme(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files, Spark ML params and result tables. */
    public String configName() {
        return configName;
    }

    /** The configuration names of all schemes, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(WeightScheme::configName).toList();
    }

    /**
     * Parses a configuration name such as {@code exp-entropy} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known schemes
     */
    public static WeightScheme fromName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (WeightScheme s : values()) {
            if (s.configName.equals(lower)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown weighting scheme '" + name + "'; use one of " + names() + ".");
    }

    /**
     * Whether the raw weight is assigned by permuting the {@link #ENTROPY} weights over the instances rather
     * than computed from each instance's own neighbourhood.
     */
    public boolean isPermutation() {
        return this == RANDOM;
    }

    /**
     * The raw weight of an instance with a non-empty neighbourhood, before the floor and the rescaling. For
     * {@link #RANDOM} this is the {@link #ENTROPY} weight that the permutation then moves to another instance.
     *
     * @param entropy    H in nats, in {@code [0, ln C]}
     * @param agreement  share of the neighbourhood carrying the instance's own label, in {@code [0, 1]}
     * @param numClasses C, at least 2
     * @param beta       decay rate of {@link #EXP_ENTROPY}, at least 0; ignored by the other schemes
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public double rawWeight(double entropy, double agreement, int numClasses, double beta) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses=" + numClasses + "; the weights need C >= 2 classes.");
        }
        if (!(entropy >= 0.0 && entropy <= Math.log(numClasses) + 1e-12)) {
            throw new IllegalArgumentException("entropy=" + entropy + " lies outside [0, ln " + numClasses + "].");
        }
        if (!(agreement >= 0.0 && agreement <= 1.0)) {
            throw new IllegalArgumentException("agreement=" + agreement + " lies outside [0, 1].");
        }
        if (!(beta >= 0.0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta=" + beta + " must be finite and >= 0 (1 is the default).");
        }
        double normalised = Math.max(0.0, 1.0 - entropy / Math.log(numClasses));
        return switch (this) {
            case UNIFORM -> 1.0;
            case ENTROPY, RANDOM -> normalised;
            case EXP_ENTROPY -> Math.exp(-beta * entropy);
            case AGREEMENT -> agreement;
            case ENTROPY_AGREEMENT -> normalised * agreement;
        };
    }
}
