package org.collectiveloss.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Nemenyi post-hoc test after a Friedman test: two methods differ significantly when their average ranks
 * differ by at least the critical difference {@code CD = q_alpha sqrt(k(k+1) / (6N))} (J. Demšar, "Statistical
 * Comparisons of Classifiers over Multiple Data Sets", JMLR 7:1-30, 2006, section 3.2.2 and Table 5a).
 *
 * <p>{@code q_alpha} is the studentized range statistic for k groups and infinite degrees of freedom divided by
 * sqrt(2). For alpha 0.05 and 0.10 and k from 2 to 10 it is taken from Demšar's Table 5a; otherwise it is computed
 * by integrating the distribution of the range of k standard normal variables,
 * {@code P(range <= w) = k * integral phi(z) (Phi(z + w) - Phi(z))^(k-1) dz}, and solving for w (the tests check
 * that both agree on the table's three decimals).
 *
 * <p>Choosing alpha: 0.05 is the usual level; Demšar also shows 0.10, at which the Nemenyi test, which controls
 * the error of all k(k-1)/2 comparisons together, separates more pairs. Comparing every method with one control
 * only (Bonferroni–Dunn, Holm) is more powerful and is not done here.
 */
public final class NemenyiTest {

    private static final double[] Q_05 = {1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164};
    private static final double[] Q_10 = {1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920};

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0.0, 1.0);

    private NemenyiTest() {
    }

    /**
     * {@code q_alpha} for k methods: Demšar's Table 5a for alpha 0.05 and 0.10 with k up to 10, computed
     * otherwise.
     *
     * @throws IllegalArgumentException if k < 2 or alpha is not in (0, 1)
     */
    public static double q(int k, double alpha) {
        checkArguments(k, alpha);
        if (k <= 10 && alpha == 0.05) {
            return Q_05[k - 2];
        }
        if (k <= 10 && alpha == 0.10) {
            return Q_10[k - 2];
        }
        return computedQ(k, alpha);
    }

    /**
     * {@code q_alpha} computed from the distribution of the range of k standard normal variables, whatever k and
     * alpha; about four correct decimals.
     *
     * @throws IllegalArgumentException if k < 2 or alpha is not in (0, 1)
     */
    public static double computedQ(int k, double alpha) {
        checkArguments(k, alpha);
        double target = 1.0 - alpha;
        double range = new BrentSolver(1e-10).solve(200, w -> rangeCdf(k, w) - target, 0.01, 20.0);
        return range / Math.sqrt(2.0);
    }

    /**
     * The critical difference of average ranks for k methods over n blocks.
     *
     * @throws IllegalArgumentException if k < 2, n < 1 or alpha is not in (0, 1)
     */
    public static double criticalDifference(int k, int n, double alpha) {
        if (n < 1) {
            throw new IllegalArgumentException("n=" + n + " blocks; the critical difference needs at least one.");
        }
        return q(k, alpha) * Math.sqrt(k * (k + 1.0) / (6.0 * n));
    }

    /**
     * The groups of methods whose average ranks all lie within less than {@code cd} of one another, as the bars
     * of a critical-difference diagram join them: maximal runs of consecutive methods in rank order, each of at
     * least two methods.
     *
     * @param averageRanks average rank per method
     * @param cd           the critical difference
     * @return each group as indices into {@code averageRanks}, in increasing rank order; groups in order of their
     *     best member
     */
    public static List<int[]> groups(double[] averageRanks, double cd) {
        Integer[] order = new Integer[averageRanks.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(averageRanks[a], averageRanks[b]));
        List<int[]> groups = new ArrayList<>();
        int lastEnd = -1;
        for (int start = 0; start < order.length; start++) {
            int end = start;
            while (end + 1 < order.length && averageRanks[order[end + 1]] - averageRanks[order[start]] < cd) {
                end++;
            }
            // A run ending where an earlier one ended is contained in it.
            if (end > start && end > lastEnd) {
                int[] group = new int[end - start + 1];
                for (int i = start; i <= end; i++) {
                    group[i - start] = order[i];
                }
                groups.add(group);
                lastEnd = end;
            }
        }
        return groups;
    }

    /** P(range of k iid standard normals <= w), by Simpson's rule on [-9, 9]. */
    static double rangeCdf(int k, double w) {
        int intervals = 3000;
        double a = -9.0;
        double h = 18.0 / intervals;
        double sum = 0.0;
        for (int i = 0; i <= intervals; i++) {
            double z = a + i * h;
            double inner = STANDARD_NORMAL.cumulativeProbability(z + w) - STANDARD_NORMAL.cumulativeProbability(z);
            double value = STANDARD_NORMAL.density(z) * Math.pow(Math.max(0.0, inner), k - 1);
            double coefficient = i == 0 || i == intervals ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
            sum += coefficient * value;
        }
        return k * sum * h / 3.0;
    }

    private static void checkArguments(int k, double alpha) {
        if (k < 2) {
            throw new IllegalArgumentException("k=" + k + " methods; the Nemenyi test compares at least 2.");
        }
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha=" + alpha + " must lie in (0, 1); 0.05 is usual.");
        }
    }
}
