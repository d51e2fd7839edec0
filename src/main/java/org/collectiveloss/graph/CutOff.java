package org.collectiveloss.graph;

import java.util.Locale;

/**
 * How the similarity cut-off τ of a {@link GraphMode#THRESHOLD} graph is set: every pair of instances whose
 * similarity is at least τ becomes an edge (in both directions). τ is given indirectly, as the share of all
 * pairs to keep, in one of three equivalent ways:
 * <ul>
 *   <li>{@link Kind#QUANTILE} q in (0, 1): τ is the q-quantile of the similarities of all pairs, so the share
 *       1 − q of the pairs is kept (q = 0.99 keeps the most similar 1 %).</li>
 *   <li>{@link Kind#MEAN_DEGREE} D &gt; 0: the mean number of neighbours per instance; with n instances the
 *       share D / (n − 1) of the pairs is kept. The most intuitive choice: D = 10 is comparable to a 10-NN
 *       graph in size, but concentrates the edges in dense regions and leaves outliers isolated.</li>
 *   <li>{@link Kind#DENSITY} ρ in (0, 1]: the share of all n (n − 1) / 2 pairs kept.</li>
 * </ul>
 * τ itself is estimated from a seeded random sample of instances (all pairs among them; see
 * {@link SimilarityCutOff}) of {@code sampleSize} rows, 0 choosing a size from the share (enough pairs that
 * several thousand of them fall above τ).
 *
 * @param kind       which of the three is given
 * @param value      q, D or ρ
 * @param sampleSize instances sampled to estimate τ; 0 for automatic, otherwise at least 2
 */
public record CutOff(Kind kind, double value, int sampleSize) {

    /** The three ways to give the cut-off. */
    public enum Kind {
        QUANTILE, MEAN_DEGREE, DENSITY;

        /** The configuration key: {@code quantile}, {@code mean-degree} or {@code density}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public CutOff {
        if (kind == null) {
            throw new IllegalArgumentException("graph.threshold: give one of quantile, mean-degree or density.");
        }
        String key = "graph.threshold." + kind.configName();
        switch (kind) {
            case QUANTILE -> require(value > 0.0 && value < 1.0, key + "=" + value
                + " must lie strictly between 0 and 1 (0.99 keeps the most similar 1 % of pairs).");
            case MEAN_DEGREE -> require(value > 0.0 && Double.isFinite(value), key + "=" + value
                + " must be positive (10 gives a graph about the size of a 10-NN graph).");
            default -> require(value > 0.0 && value <= 1.0, key + "=" + value
                + " must lie in (0, 1] (the share of all pairs kept, e.g. 0.001).");
        }
        require(sampleSize == 0 || sampleSize >= 2, "graph.threshold.sample-size=" + sampleSize
            + " must be 0 (automatic) or at least 2 instances.");
    }

    /** Keeps the share {@code 1 - q} of the pairs. */
    public static CutOff quantile(double q) {
        return new CutOff(Kind.QUANTILE, q, 0);
    }

    /** Keeps about {@code degree} neighbours per instance on average. */
    public static CutOff meanDegree(double degree) {
        return new CutOff(Kind.MEAN_DEGREE, degree, 0);
    }

    /** Keeps the share {@code share} of all pairs. */
    public static CutOff density(double share) {
        return new CutOff(Kind.DENSITY, share, 0);
    }

    /** The same cut-off estimated from {@code rows} sampled instances (0: automatic). */
    public CutOff withSampleSize(int rows) {
        return new CutOff(kind, value, rows);
    }

    /** The share of all pairs of {@code n} instances to keep, capped at 1. */
    public double keptShare(long n) {
        return switch (kind) {
            case QUANTILE -> 1.0 - value;
            case MEAN_DEGREE -> n < 2 ? 1.0 : Math.min(1.0, value / (n - 1));
            default -> value;
        };
    }

    @Override
    public String toString() {
        return kind.configName() + "=" + value + (sampleSize > 0 ? " (sample " + sampleSize + ")" : "");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
