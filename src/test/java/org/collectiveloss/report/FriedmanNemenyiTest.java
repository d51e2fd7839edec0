package org.collectiveloss.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.FDistribution;
import org.junit.jupiter.api.Test;

class FriedmanNemenyiTest {

    @Test
    void demsarTable6_givesPublishedRanksAndStatistics() {
        // Demšar, section 3.2.2: average ranks 3.143, 2.000, 2.893, 1.964; chi2_F = 9.28; F_F = 3.69, above the
        // critical value 2.85 of F(3, 39) at 0.05. Table 6 prints C4.5+cf and C4.5+m+cf on "voting" both as
        // 0.975; the published ranks need C4.5+cf ahead there (as a tie the ranks would be 2.929 and 1.929), so
        // the tie is broken in that direction below the printed precision.
        double[][] scores = DemsarExample.AUC.clone();
        scores[12] = new double[] {0.972, 0.981, 0.9751, 0.975};
        FriedmanTest.Result r = FriedmanTest.test(scores);
        assertArrayEquals(new double[] {3.143, 2.000, 2.893, 1.964}, round(r.averageRanks(), 3), 1e-12);
        assertEquals(9.28, Math.round(r.chiSquare() * 100) / 100.0, 1e-12);
        assertEquals(3.69, Math.round(r.f() * 100) / 100.0, 1e-12);
        assertEquals(3, r.fDf1());
        assertEquals(39, r.fDf2());
        double critical = new FDistribution(3, 39).inverseCumulativeProbability(0.95);
        assertEquals(2.85, Math.round(critical * 100) / 100.0, 1e-12);
        assertTrue(r.fP() < 0.05);

        // Exact values from the rank sums 44, 28, 40.5, 27.5.
        double chi2 = 12.0 * 14 / 20 * ((44 * 44 + 28 * 28 + 40.5 * 40.5 + 27.5 * 27.5) / 196.0 - 25);
        assertEquals(chi2, r.chiSquare(), 1e-9);
        assertEquals(13 * chi2 / (42 - chi2), r.f(), 1e-9);
        assertEquals(1 - new ChiSquaredDistribution(3).cumulativeProbability(chi2), r.chiSquareP(), 1e-12);
        assertEquals(1 - new FDistribution(3, 39).cumulativeProbability(13 * chi2 / (42 - chi2)), r.fP(), 1e-12);
    }

    @Test
    void demsarTable6_asPrinted_hasMidRanksOnTheTie() {
        // The table as printed, mid-ranks 2.5 and 2.5 on "voting": rank sums 44, 28, 41, 27 (counted by hand).
        FriedmanTest.Result r = FriedmanTest.test(DemsarExample.AUC);
        assertArrayEquals(new double[] {44 / 14.0, 28 / 14.0, 41 / 14.0, 27 / 14.0}, r.averageRanks(), 1e-12);
        double chi2 = 12.0 * 14 / 20 * ((44 * 44 + 28 * 28 + 41 * 41 + 27 * 27) / 196.0 - 25);
        assertEquals(chi2, r.chiSquare(), 1e-9);
    }

    @Test
    void demsarTable6_criticalDifferences() {
        // Demšar: CD = 2.569 sqrt(4 * 5 / (6 * 14)) = 1.25 at alpha 0.05; with q_0.10 = 2.291 it is 1.12.
        assertEquals(1.25, Math.round(NemenyiTest.criticalDifference(4, 14, 0.05) * 100) / 100.0, 1e-12);
        assertEquals(2.291 * Math.sqrt(20.0 / 84.0), NemenyiTest.criticalDifference(4, 14, 0.10), 1e-12);
        assertEquals(1.12, Math.round(NemenyiTest.criticalDifference(4, 14, 0.10) * 100) / 100.0, 1e-12);
    }

    @Test
    void demsarTable6_groups() {
        double[] ranks = {44 / 14.0, 28 / 14.0, 40.5 / 14.0, 27.5 / 14.0};
        // At 0.05 (CD 1.25) the largest rank difference, 3.143 - 1.964 = 1.179, is not significant: one group.
        List<int[]> at05 = NemenyiTest.groups(ranks, NemenyiTest.criticalDifference(4, 14, 0.05));
        assertEquals(1, at05.size());
        assertArrayEquals(new int[] {3, 1, 2, 0}, at05.get(0));
        // At 0.10 (CD 1.12) C4.5 differs from C4.5+m and C4.5+m+cf; C4.5+cf joins both groups.
        List<int[]> at10 = NemenyiTest.groups(ranks, NemenyiTest.criticalDifference(4, 14, 0.10));
        assertEquals(2, at10.size());
        assertArrayEquals(new int[] {3, 1, 2}, at10.get(0));
        assertArrayEquals(new int[] {2, 0}, at10.get(1));
    }

    @Test
    void tableOfQ_agreesWithStudentizedRangeIntegral() {
        for (int k = 2; k <= 10; k++) {
            for (double alpha : new double[] {0.05, 0.10}) {
                // Demšar's three decimals are not all rounded (k = 3: 2.3437 is printed 2.343).
                assertEquals(NemenyiTest.q(k, alpha), NemenyiTest.computedQ(k, alpha), 1e-3,
                    "k=" + k + " alpha=" + alpha);
            }
        }
        // scipy 1.10.1, studentized_range.ppf(0.95, k, inf) / sqrt(2), for k = 3, 6, 10.
        assertEquals(2.3437005864, NemenyiTest.computedQ(3, 0.05), 1e-6);
        assertEquals(2.8497054196, NemenyiTest.computedQ(6, 0.05), 1e-6);
        assertEquals(3.1636835771, NemenyiTest.computedQ(10, 0.05), 1e-6);
        assertEquals(2.9198888401, NemenyiTest.computedQ(10, 0.10), 1e-6);
        // k = 2: the range of two normals is sqrt(2) |Z|, so q is the two-sided normal quantile.
        assertEquals(1.959964, NemenyiTest.computedQ(2, 0.05), 1e-5);
        // Beyond the table the computed value is used and keeps growing with k.
        assertEquals(NemenyiTest.computedQ(11, 0.05), NemenyiTest.q(11, 0.05), 0.0);
        assertTrue(NemenyiTest.q(11, 0.05) > NemenyiTest.q(10, 0.05));
    }

    @Test
    void perfectAgreement_givesInfiniteF() {
        double[][] scores = {{0.9, 0.8, 0.7}, {0.6, 0.5, 0.4}, {0.99, 0.98, 0.97}};
        FriedmanTest.Result r = FriedmanTest.test(scores);
        assertArrayEquals(new double[] {1, 2, 3}, r.averageRanks(), 1e-12);
        assertEquals(6.0, r.chiSquare(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, r.f());
        assertEquals(0.0, r.fP());
    }

    @Test
    void allTied_givesNoEvidence() {
        double[][] scores = {{0.9, 0.9}, {0.5, 0.5}};
        FriedmanTest.Result r = FriedmanTest.test(scores);
        assertArrayEquals(new double[] {1.5, 1.5}, r.averageRanks(), 1e-12);
        assertEquals(0.0, r.chiSquare(), 1e-12);
        assertEquals(1.0, r.chiSquareP(), 1e-12);
        assertEquals(1.0, r.fP(), 1e-12);
    }

    @Test
    void floatingPointNoise_doesNotBreakTies() {
        // (0.1 + 0.2) and 0.3 differ in the last bit; both are the same score.
        double[] ranks = Ranks.descending(new double[] {0.1 + 0.2, 0.3, 0.2});
        assertArrayEquals(new double[] {1.5, 1.5, 3}, ranks, 1e-12);
    }

    @Test
    void holm_adjustsStepDown() {
        // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04 -> monotone 0.06.
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02},
            HolmCorrection.adjust(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-12);
        assertArrayEquals(new double[] {1.0}, HolmCorrection.adjust(new double[] {1.0}), 0.0);
        assertThrows(IllegalArgumentException.class, () -> HolmCorrection.adjust(new double[] {1.5}));
    }

    @Test
    void invalidArguments_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> FriedmanTest.test(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> FriedmanTest.test(new double[][] {{1}, {2}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FriedmanTest.test(new double[][] {{1, 2}, {1}}));
        assertTrue(e.getMessage().contains("Row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NemenyiTest.q(1, 0.05));
        assertThrows(IllegalArgumentException.class, () -> NemenyiTest.q(3, 1.5));
        assertThrows(IllegalArgumentException.class, () -> NemenyiTest.criticalDifference(3, 0, 0.05));
    }

    private static double[] round(double[] v, int decimals) {
        double scale = Math.pow(10, decimals);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * scale) / scale;
        }
        return out;
    }
}
