package org.collectiveloss.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Spark-free formulas: entropy, agreement, the six schemes, the floor and the rescaling. */
class WeightFormulasTest {

    private static final double EPS = 1e-12;
    private static final double LN3 = Math.log(3);

    @Test
    void pureNeighbourhoodHasZeroEntropy() {
        assertEquals(0.0, NeighbourhoodEntropy.entropy(new double[] {0, 7, 0}), EPS);
        assertEquals(1.0, NeighbourhoodEntropy.agreement(new double[] {0, 7, 0}, 1), EPS);
        assertEquals(0.0, NeighbourhoodEntropy.agreement(new double[] {0, 7, 0}, 2), EPS);
    }

    @Test
    void uniformNeighbourhoodHasEntropyLnC() {
        for (int c = 2; c <= 12; c++) {
            double[] counts = new double[c];
            Arrays.fill(counts, 3.0);
            assertEquals(Math.log(c), NeighbourhoodEntropy.entropy(counts), 1e-12, "C=" + c);
        }
    }

    @Test
    void entropyOfHandCountedNeighbourhood() {
        // Counts 2, 1, 1 of 4: H = -(1/2 ln 1/2 + 2 * 1/4 ln 1/4) = 1.5 ln 2.
        assertEquals(1.5 * Math.log(2), NeighbourhoodEntropy.entropy(new double[] {2, 1, 1}), EPS);
        assertEquals(0.25, NeighbourhoodEntropy.agreement(new double[] {2, 1, 1}, 2), EPS);
    }

    @Test
    void entropyRejectsBadCounts() {
        assertThrows(IllegalArgumentException.class, () -> NeighbourhoodEntropy.entropy(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> NeighbourhoodEntropy.entropy(new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> NeighbourhoodEntropy.entropy(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> NeighbourhoodEntropy.agreement(new double[] {1, 1}, 2));
    }

    @Test
    void schemesFollowTheirFormulas() {
        double h = Math.log(2);        // two of three classes, evenly
        double a = 0.5;
        assertEquals(1.0, WeightScheme.UNIFORM.rawWeight(h, a, 3, 1.0), EPS);
        assertEquals(1.0 - Math.log(2) / LN3, WeightScheme.ENTROPY.rawWeight(h, a, 3, 1.0), EPS);
        assertEquals(0.5, WeightScheme.EXP_ENTROPY.rawWeight(h, a, 3, 1.0), EPS);       // exp(-ln 2)
        assertEquals(0.25, WeightScheme.EXP_ENTROPY.rawWeight(h, a, 3, 2.0), EPS);      // exp(-2 ln 2)
        assertEquals(1.0, WeightScheme.EXP_ENTROPY.rawWeight(h, a, 3, 0.0), EPS);
        assertEquals(0.5, WeightScheme.AGREEMENT.rawWeight(h, a, 3, 1.0), EPS);
        assertEquals((1.0 - Math.log(2) / LN3) * 0.5, WeightScheme.ENTROPY_AGREEMENT.rawWeight(h, a, 3, 1.0), EPS);
        assertEquals(WeightScheme.ENTROPY.rawWeight(h, a, 3, 1.0), WeightScheme.RANDOM.rawWeight(h, a, 3, 1.0), EPS);
        // A maximally mixed neighbourhood: entropy weight 0.
        assertEquals(0.0, WeightScheme.ENTROPY.rawWeight(LN3, 1.0 / 3, 3, 1.0), EPS);
    }

    @Test
    void agreementSeparatesAMislabelledPointInAPureNeighbourhood() {
        // H = 0 for both; only the label-aware schemes see that the second point disagrees with all neighbours.
        InstanceTypicality typical = InstanceTypicality.of(new double[] {5, 0}, 5, 0, false);
        InstanceTypicality flipped = InstanceTypicality.of(new double[] {5, 0}, 5, 1, false);
        assertEquals(typical.rawWeight(WeightScheme.ENTROPY, 2, 1, 1),
            flipped.rawWeight(WeightScheme.ENTROPY, 2, 1, 1));
        assertEquals(1.0, typical.rawWeight(WeightScheme.AGREEMENT, 2, 1, 1), EPS);
        assertEquals(0.0, flipped.rawWeight(WeightScheme.AGREEMENT, 2, 1, 1), EPS);
        assertEquals(0.0, flipped.rawWeight(WeightScheme.ENTROPY_AGREEMENT, 2, 1, 1), EPS);
    }

    @Test
    void includeSelfAddsOneVoteForTheOwnLabel() {
        InstanceTypicality t = InstanceTypicality.of(new double[] {1, 1, 0}, 2, 0, true);
        // Votes 2, 1, 0 of 3.
        assertEquals(-(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3)), t.entropy(), EPS);
        assertEquals(2.0 / 3, t.agreement(), EPS);
        assertEquals(2, t.degree());
    }

    @Test
    void isolatedInstanceGetsTheIsolatedWeightExceptUnderUniform() {
        InstanceTypicality t = InstanceTypicality.of(new double[3], 0, 1, true);
        assertTrue(t.isolated());
        assertTrue(Double.isNaN(t.entropy()) && Double.isNaN(t.agreement()));
        assertEquals(0.7, t.rawWeight(WeightScheme.ENTROPY, 3, 1, 0.7), EPS);
        assertEquals(0.7, t.rawWeight(WeightScheme.AGREEMENT, 3, 1, 0.7), EPS);
        assertEquals(1.0, t.rawWeight(WeightScheme.UNIFORM, 3, 1, 0.7), EPS);
        // Neighbours at similarity 0 cast no vote: isolated although the degree is 2.
        InstanceTypicality zero = InstanceTypicality.of(new double[] {0, 0, 0}, 2, 1, false);
        assertTrue(zero.isolated());
        assertEquals(2, zero.degree());
    }

    @Test
    void flooredWeightsAreRescaledToMeanOne() {
        double[] w = InstanceTypicality.flooredToMeanOne(new double[] {1.0, 0.0, 0.5, 0.05}, 0.1);
        // Floored: 1, 0.1, 0.5, 0.1 with mean 0.425.
        assertArrayEquals(new double[] {1 / 0.425, 0.1 / 0.425, 0.5 / 0.425, 0.1 / 0.425}, w, EPS);
        assertEquals(1.0, Arrays.stream(w).average().orElseThrow(), EPS);
        assertThrows(IllegalArgumentException.class, () -> InstanceTypicality.flooredToMeanOne(new double[] {0, 0}, 0));
    }

    @Test
    void schemeNamesParseAndUnknownNamesFail() {
        for (WeightScheme s : WeightScheme.values()) {
            assertEquals(s, WeightScheme.fromName(s.configName()));
        }
        assertEquals(WeightScheme.EXP_ENTROPY, WeightScheme.fromName("Exp-Entropy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> WeightScheme.fromName("kdn"));
        assertTrue(e.getMessage().contains("entropy-agreement"), e.getMessage());
    }

    @Test
    void rawWeightRejectsArgumentsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> WeightScheme.ENTROPY.rawWeight(0.1, 0.5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> WeightScheme.ENTROPY.rawWeight(-0.1, 0.5, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> WeightScheme.ENTROPY.rawWeight(2.0, 0.5, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> WeightScheme.AGREEMENT.rawWeight(0.1, 1.5, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> WeightScheme.EXP_ENTROPY.rawWeight(0.1, 0.5, 3, -1));
    }

    @Test
    void seededOrderIsAPermutationThatDependsOnTheSeed() {
        Long[] ids = new Long[200];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (long) i;
        }
        Long[] a = ids.clone();
        Long[] b = ids.clone();
        Long[] c = ids.clone();
        Arrays.sort(a, (x, y) -> SeededOrder.compare(7, x, y));
        Arrays.sort(b, (x, y) -> SeededOrder.compare(7, x, y));
        Arrays.sort(c, (x, y) -> SeededOrder.compare(8, x, y));
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, c));
        assertTrue(!Arrays.equals(a, ids));
        Long[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(ids, sorted);
    }
}
