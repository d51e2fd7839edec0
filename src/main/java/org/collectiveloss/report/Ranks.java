package org.collectiveloss.report;

import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Mid-ranks (tied values share the mean of the ranks they span) as the rank tests of this package use them,
 * computed by commons-math's {@link NaturalRanking}.
 *
 * <p>Scores are first rounded to {@link #RESOLUTION}: the difference of two scores, or the mean of a few, carries
 * floating-point noise in its last bits that would otherwise split ties (0.768 - 0.763 and 0.936 - 0.931 differ in
 * the 17th digit; so can two accuracies of 345/355 computed along different paths). Metrics of test sets below a
 * billion instances differ by far more than the rounding.
 */
public final class Ranks {

    /** Grid to which scores are rounded before they are compared: {@value}. */
    public static final double RESOLUTION = 1e-9;

    private static final NaturalRanking RANKING = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

    private Ranks() {
    }

    /**
     * Ranks in ascending order: rank 1 for the smallest value, mid-ranks for ties.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public static double[] ascending(double[] values) {
        return RANKING.rank(rounded(values, 1.0));
    }

    /**
     * Ranks in descending order, as for scores where higher is better: rank 1 for the largest value, mid-ranks
     * for ties.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public static double[] descending(double[] scores) {
        return RANKING.rank(rounded(scores, -1.0));
    }

    /** {@code x} rounded to {@link #RESOLUTION}. */
    public static double round(double x) {
        return Math.rint(x / RESOLUTION) * RESOLUTION;
    }

    private static double[] rounded(double[] values, double sign) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("Value " + i + " to rank is " + values[i]
                    + "; ranks need finite numbers.");
            }
            out[i] = sign * round(values[i]);
        }
        return out;
    }
}
