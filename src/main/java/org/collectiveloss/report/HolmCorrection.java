package org.collectiveloss.report;

import java.util.Arrays;

/**
 * Holm's step-down adjustment of p-values for a family of tests (S. Holm, "A Simple Sequentially Rejective
 * Multiple Test Procedure", Scandinavian Journal of Statistics 6:65-70, 1979), which Demšar (JMLR 7, 2006,
 * section 3.2.2) recommends when several methods are compared with one control.
 *
 * <p>With the m p-values sorted ascending, {@code p_(i)} becomes {@code max_{j <= i} min(1, (m - j + 1) p_(j))};
 * rejecting where the adjusted value is at most alpha controls the family-wise error at alpha.
 */
public final class HolmCorrection {

    private HolmCorrection() {
    }

    /**
     * Adjusted p-values, in the order of the input.
     *
     * @throws IllegalArgumentException if a p-value is not in [0, 1]
     */
    public static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
                throw new IllegalArgumentException("p-value " + i + " is " + p[i] + "; p-values lie in [0, 1].");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double[] adjusted = new double[m];
        double running = 0.0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
