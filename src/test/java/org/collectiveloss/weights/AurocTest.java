package org.collectiveloss.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** AUROC in the Mann–Whitney form, against values counted by hand and against pair counting. */
class AurocTest {

    @Test
    void perfectChanceAndInvertedDetectors() {
        boolean[] pos = {false, false, true, true};
        assertEquals(1.0, Auroc.of(new double[] {0.1, 0.2, 0.8, 0.9}, pos), 1e-12);
        assertEquals(0.0, Auroc.of(new double[] {0.8, 0.9, 0.1, 0.2}, pos), 1e-12);
        assertEquals(0.5, Auroc.of(new double[] {0.5, 0.5, 0.5, 0.5}, pos), 1e-12);
    }

    @Test
    void handCountedWithTies() {
        // Positives 0.3, 0.7; negatives 0.1, 0.3, 0.5. Pairs (pos, neg): 0.3 beats 0.1, ties 0.3, loses to 0.5:
        // 1.5; 0.7 beats all three: 3. AUROC = 4.5 / 6 = 0.75.
        double[] scores = {0.1, 0.3, 0.3, 0.5, 0.7};
        boolean[] pos = {false, true, false, false, true};
        assertEquals(0.75, Auroc.of(scores, pos), 1e-12);
        assertEquals(0.75, Auroc.fromCounts(new double[] {0.1, 0.3, 0.5, 0.7}, new long[] {0, 1, 0, 1},
            new long[] {1, 1, 1, 0}), 1e-12);
    }

    @Test
    void agreesWithPairCountingOnRandomTiedData() {
        Random random = new Random(12345);
        int n = 300;
        double[] scores = new double[n];
        boolean[] pos = new boolean[n];
        TreeMap<Double, long[]> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextInt(12);          // many ties
            pos[i] = random.nextDouble() < 0.3 + 0.04 * scores[i];
            counts.computeIfAbsent(scores[i], s -> new long[2])[pos[i] ? 0 : 1]++;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (pos[i] && !pos[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        double expected = wins / pairs;
        assertEquals(expected, Auroc.of(scores, pos), 1e-12);
        double[] s = counts.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        long[] p = counts.values().stream().mapToLong(c -> c[0]).toArray();
        long[] q = counts.values().stream().mapToLong(c -> c[1]).toArray();
        assertEquals(expected, Auroc.fromCounts(s, p, q), 1e-12);
    }

    @Test
    void undefinedWithoutBothClassesOrWithBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {1, 2}, new boolean[] {true, true}));
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {1, 2}, new boolean[] {true}));
        assertThrows(IllegalArgumentException.class,
            () -> Auroc.of(new double[] {1, Double.NaN}, new boolean[] {true, false}));
        assertThrows(IllegalArgumentException.class,
            () -> Auroc.fromCounts(new double[] {2, 1}, new long[] {1, 0}, new long[] {0, 1}));
    }
}
