package org.collectiveloss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.junit.jupiter.api.Test;

class SignedRankTestTest {

    /** Two-sided p by visiting every sign assignment of the non-zero ranks: the definition, by brute force. */
    private static double bruteForceP(double[] ranks, boolean[] zero, double observedRPlus) {
        int n = ranks.length;
        double fixed = 0.0;
        int m = 0;
        double[] free = new double[n];
        for (int i = 0; i < n; i++) {
            if (zero[i]) {
                fixed += ranks[i] / 2.0;
            } else {
                free[m++] = ranks[i];
            }
        }
        long lower = 0;
        long upper = 0;
        long total = 1L << m;
        for (long signs = 0; signs < total; signs++) {
            double rPlus = fixed;
            for (int j = 0; j < m; j++) {
                if ((signs >> j & 1) == 1) {
                    rPlus += free[j];
                }
            }
            if (rPlus <= observedRPlus + 1e-9) {
                lower++;
            }
            if (rPlus >= observedRPlus - 1e-9) {
                upper++;
            }
        }
        return Math.min(1.0, 2.0 * Math.min(lower, upper) / (double) total);
    }

    @Test
    void demsarTable2_givesPublishedRankSums() {
        // Demšar, section 3.1.3: C4.5+m against C4.5 on 14 data sets, two zero differences split between the
        // sums: R+ = 93, R- = 12; with N = 14 the critical T at 0.05 is 21, so the difference is significant.
        SignedRankTest.Result r = SignedRankTest.test(DemsarExample.column(1), DemsarExample.column(0));
        assertEquals(14, r.pairs());
        assertEquals(2, r.zeros());
        assertEquals(93.0, r.rPlus(), 1e-9);
        assertEquals(12.0, r.rMinus(), 1e-9);
        assertEquals(12.0, r.t(), 1e-9);
        assertEquals(10, r.wins());
        assertEquals(2, r.losses());
        assertEquals(SignedRankTest.Method.EXACT, r.method());

        // Ranks of |d| as printed in Demšar's Table 2.
        double[] ranks = {3.5, 7, 9, 12, 5, 3.5, 6, 1.5, 14, 1.5, 11, 13, 8, 10};
        boolean[] zero = new boolean[14];
        zero[7] = true;
        zero[9] = true;
        double expected = bruteForceP(ranks, zero, 93.0);
        assertEquals(expected, r.pValue(), 1e-12);
        assertTrue(r.pValue() < 0.05, "Demšar finds this difference significant at 0.05: " + r);
    }

    @Test
    void untiedTextbookCase_matchesEnumerationAndCommonsMath() {
        // d = 1, -2, 3, ..., 10: R+ = 53, R- = 2. Sums >= 53 of subsets of {1..10}: 55, 54 (without 1),
        // 53 (without 2): 3 of 1024; sums <= 2 likewise 3, so p = 2 * 3 / 1024.
        double[] x = {1, -2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] y = new double[10];
        SignedRankTest.Result r = SignedRankTest.test(x, y);
        assertEquals(53.0, r.rPlus(), 1e-12);
        assertEquals(2.0, r.rMinus(), 1e-12);
        assertEquals(6.0 / 1024.0, r.pValue(), 1e-15);
        assertEquals(new WilcoxonSignedRankTest().wilcoxonSignedRankTest(x, y, true), r.pValue(), 1e-12);
        assertEquals(Math.pow(2, -9), r.smallestAttainableP(), 1e-15);
    }

    @Test
    void randomUntiedSamples_agreeWithCommonsMathExact() {
        Random random = new Random(12345);
        WilcoxonSignedRankTest commons = new WilcoxonSignedRankTest();
        for (int trial = 0; trial < 30; trial++) {
            int n = 5 + random.nextInt(16);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextGaussian() + 0.3;
                y[i] = random.nextGaussian();
            }
            assertEquals(commons.wilcoxonSignedRankTest(x, y, true), SignedRankTest.test(x, y).pValue(), 1e-12,
                "trial " + trial);
        }
    }

    @Test
    void tiesAndZeros_matchBruteForce() {
        Random random = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int n = 3 + random.nextInt(12);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values: many ties and zeros.
                x[i] = random.nextInt(5) / 100.0;
                y[i] = random.nextInt(5) / 100.0;
            }
            SignedRankTest.Result r = SignedRankTest.test(x, y);
            double[] abs = new double[n];
            boolean[] zero = new boolean[n];
            for (int i = 0; i < n; i++) {
                abs[i] = Math.abs(Math.round((x[i] - y[i]) * 100));
                zero[i] = abs[i] == 0;
            }
            double[] ranks = midRanks(abs);
            double rPlus = 0;
            for (int i = 0; i < n; i++) {
                rPlus += zero[i] ? ranks[i] / 2 : (x[i] > y[i] ? ranks[i] : 0);
            }
            assertEquals(rPlus, r.rPlus(), 1e-9, "trial " + trial);
            assertEquals(n * (n + 1) / 2.0 - rPlus, r.rMinus(), 1e-9);
            assertEquals(bruteForceP(ranks, zero, rPlus), r.pValue(), 1e-12, "trial " + trial);
        }
    }

    /** Mid-ranks by counting, independent of commons-math. */
    private static double[] midRanks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = 0;
            int equal = 0;
            for (double w : v) {
                if (w < v[i]) {
                    below++;
                } else if (w == v[i]) {
                    equal++;
                }
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    @Test
    void threePairs_cannotGoBelowAQuarter() {
        SignedRankTest.Result r = SignedRankTest.test(new double[] {0.9, 0.8, 0.7}, new double[] {0.5, 0.6, 0.65});
        assertEquals(0.25, r.pValue(), 1e-15);
        assertEquals(0.25, r.smallestAttainableP(), 1e-15);
        assertFalse(r.canReach(0.05));
        assertEquals(6.0, r.rPlus(), 1e-12);
    }

    @Test
    void allZeroDifferences_giveOne() {
        SignedRankTest.Result r = SignedRankTest.test(new double[] {0.5, 0.7}, new double[] {0.5, 0.7});
        assertEquals(1.0, r.pValue());
        assertEquals(2, r.zeros());
        assertEquals(1.5, r.rPlus(), 1e-12);
        assertEquals(1.5, r.rMinus(), 1e-12);
    }

    @Test
    void swappingSamples_swapsSumsAndKeepsP() {
        double[] x = {0.91, 0.92, 0.90, 0.95, 0.93, 0.94, 0.90};
        double[] y = {0.90, 0.93, 0.90, 0.91, 0.90, 0.90, 0.89};
        SignedRankTest.Result a = SignedRankTest.test(x, y);
        SignedRankTest.Result b = SignedRankTest.test(y, x);
        assertEquals(a.rPlus(), b.rMinus(), 1e-12);
        assertEquals(a.pValue(), b.pValue(), 1e-15);
    }

    @Test
    void largeSample_usesNormalApproximationWithTieCorrection() {
        // 60 pairs, differences in {-2, -1, 0, 1, 2, 3} (heavily tied, with zeros). Expected values from the
        // formulas of the zero-split statistic, with mid-ranks counted here: E = n(n+1)/4,
        // Var = (sum of squared non-zero ranks) / 4, continuity correction 1/2.
        int n = 60;
        double[] x = new double[n];
        double[] y = new double[n];
        int[] pattern = {-2, -1, 0, 1, 2, 3, 1, 2, 3, 1};
        for (int i = 0; i < n; i++) {
            x[i] = pattern[i % pattern.length] / 100.0;
        }
        SignedRankTest.Result r = SignedRankTest.test(x, y);
        assertEquals(SignedRankTest.Method.NORMAL, r.method());

        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(pattern[i % pattern.length]);
        }
        double[] ranks = midRanks(abs);
        double rPlus = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            int d = pattern[i % pattern.length];
            rPlus += d > 0 ? ranks[i] : (d == 0 ? ranks[i] / 2 : 0);
            variance += d != 0 ? ranks[i] * ranks[i] / 4 : 0;
        }
        double mean = n * (n + 1) / 4.0;
        double z = (Math.abs(rPlus - mean) - 0.5) / Math.sqrt(variance);
        double p = 2 * new NormalDistribution().cumulativeProbability(-z);
        assertEquals(rPlus, r.rPlus(), 1e-9);
        assertEquals(z, r.z(), 1e-9);
        assertEquals(p, r.pValue(), 1e-12);
    }

    @Test
    void normalApproximation_isCloseToExactWithoutTies() {
        // For 51 untied pairs the exact distribution (computed here by the recursion on counts) and the
        // continuity-corrected normal approximation agree to about 1e-3.
        int n = 51;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i % 3 == 0 ? -1 : 1) * (i + 1);
        }
        SignedRankTest.Result r = SignedRankTest.test(x, y);
        long[] counts = new long[n * (n + 1) / 2 + 1];
        counts[0] = 1;
        for (int rank = 1; rank <= n; rank++) {
            for (int v = counts.length - 1; v >= rank; v--) {
                counts[v] += counts[v - rank];
            }
        }
        long lower = 0;
        for (int v = 0; v <= (int) r.rPlus(); v++) {
            lower += counts[v];
        }
        long upper = 0;
        for (int v = (int) r.rPlus(); v < counts.length; v++) {
            upper += counts[v];
        }
        double exact = 2.0 * Math.min(lower, upper) / Math.pow(2, n);
        assertEquals(exact, r.pValue(), 1e-3);
    }

    @Test
    void invalidInput_isRejectedWithReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SignedRankTest.test(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("2 and 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SignedRankTest.test(new double[0], new double[0]));
        e = assertThrows(IllegalArgumentException.class,
            () -> SignedRankTest.test(new double[] {Double.NaN}, new double[] {1}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
