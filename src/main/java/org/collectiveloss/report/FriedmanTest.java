package org.collectiveloss.report;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * The Friedman test of k methods over N blocks (data sets), with the Iman–Davenport F statistic, as in Demšar
 * (J. Demšar, "Statistical Comparisons of Classifiers over Multiple Data Sets", JMLR 7:1-30, 2006, section 3.2.2).
 *
 * <p>Within each block the methods are ranked, rank 1 for the highest score, mid-ranks for ties (see
 * {@link Ranks}); {@code R_j} is method j's average rank over the blocks. Then
 * <pre>
 *   chi2_F = 12N / (k(k+1)) * (sum_j R_j^2 - k(k+1)^2 / 4),   k - 1 degrees of freedom,
 *   F_F    = (N - 1) chi2_F / (N(k - 1) - chi2_F),          (k - 1) and (k - 1)(N - 1) degrees of freedom.
 * </pre>
 * p-values come from commons-math's {@link ChiSquaredDistribution} and {@link FDistribution}. Iman and
 * Davenport showed chi2_F to be conservative; Demšar recommends F_F, and notes that the chi-square approximation
 * wants about N > 10 and k > 5. When every block ranks the methods alike, {@code chi2_F = N(k-1)} and F_F is
 * infinite (p = 0).
 *
 * <p>The statistic is Demšar's, without the correction for ties that some software applies (scipy's
 * {@code friedmanchisquare}, for one); with ties the uncorrected statistic is somewhat smaller, so conservative.
 */
public final class FriedmanTest {

    /**
     * The outcome of one test.
     *
     * @param blocks       N, the number of blocks (data sets)
     * @param averageRanks R_j per method, in the order of the score matrix's columns
     * @param chiSquare    chi2_F
     * @param chiSquareP   p-value of chi2_F on k - 1 degrees of freedom
     * @param f            Iman–Davenport F_F; positive infinity when every block ranks the methods alike
     * @param fP           p-value of F_F
     */
    public record Result(int blocks, double[] averageRanks, double chiSquare, double chiSquareP, double f,
                         double fP) {

        /** k, the number of methods. */
        public int methods() {
            return averageRanks.length;
        }

        /** Degrees of freedom of the chi-square statistic, k - 1. */
        public int chiSquareDf() {
            return methods() - 1;
        }

        /** Numerator degrees of freedom of F_F, k - 1. */
        public int fDf1() {
            return methods() - 1;
        }

        /** Denominator degrees of freedom of F_F, (k - 1)(N - 1). */
        public int fDf2() {
            return (methods() - 1) * (blocks - 1);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "N=%d k=%d ranks=%s chi2=%.4f (p=%.4g) F=%.4f (p=%.4g)", blocks,
                methods(), Arrays.toString(averageRanks), chiSquare, chiSquareP, f, fP);
        }
    }

    private FriedmanTest() {
    }

    /**
     * Average ranks of the columns of {@code scores}, rank 1 for the highest score of a row.
     *
     * @param scores one row per block, one column per method; higher is better
     * @throws IllegalArgumentException if the matrix is empty or ragged or holds a value that is not finite
     */
    public static double[] averageRanks(double[][] scores) {
        int k = checkShape(scores);
        double[] sum = new double[k];
        for (double[] row : scores) {
            double[] r = Ranks.descending(row);
            for (int j = 0; j < k; j++) {
                sum[j] += r[j];
            }
        }
        for (int j = 0; j < k; j++) {
            sum[j] /= scores.length;
        }
        return sum;
    }

    /**
     * Runs the test.
     *
     * @param scores one row per block (at least 2), one column per method (at least 2); higher is better
     * @throws IllegalArgumentException if there are fewer than 2 blocks or methods, the matrix is ragged, or a
     *                                  value is not finite
     */
    public static Result test(double[][] scores) {
        int k = checkShape(scores);
        int n = scores.length;
        if (n < 2 || k < 2) {
            throw new IllegalArgumentException("The Friedman test needs at least 2 blocks and 2 methods; got " + n
                + " blocks (data sets) and " + k + " methods.");
        }
        double[] ranks = averageRanks(scores);
        double sumSquares = 0.0;
        for (double r : ranks) {
            sumSquares += r * r;
        }
        double chi2 = 12.0 * n / (k * (k + 1.0)) * (sumSquares - k * (k + 1.0) * (k + 1.0) / 4.0);
        // Rounding can leave a tiny negative value when all ranks are equal.
        chi2 = Math.max(0.0, chi2);
        double chi2P = 1.0 - new ChiSquaredDistribution(null, k - 1.0).cumulativeProbability(chi2);

        double denominator = n * (k - 1.0) - chi2;
        double f;
        double fP;
        if (denominator <= 1e-12 * n * k) {
            f = Double.POSITIVE_INFINITY;
            fP = 0.0;
        } else {
            f = (n - 1.0) * chi2 / denominator;
            fP = 1.0 - new FDistribution(null, k - 1.0, (k - 1.0) * (n - 1.0)).cumulativeProbability(f);
        }
        return new Result(n, ranks, chi2, chi2P, f, fP);
    }

    private static int checkShape(double[][] scores) {
        if (scores.length == 0 || scores[0].length == 0) {
            throw new IllegalArgumentException("The score matrix is empty; pass one row per data set and one"
                + " column per method.");
        }
        int k = scores[0].length;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i].length != k) {
                throw new IllegalArgumentException("Row " + i + " of the score matrix has " + scores[i].length
                    + " columns, row 0 has " + k + "; every data set needs a score for every method.");
            }
        }
        return k;
    }
}
