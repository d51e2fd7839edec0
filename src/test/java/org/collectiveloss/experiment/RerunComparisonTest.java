package org.collectiveloss.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.collectiveloss.experiment.RerunComparison.CellChange;
import org.collectiveloss.experiment.RerunComparison.Status;
import org.junit.jupiter.api.Test;

class RerunComparisonTest {

    private static final Provenance PROV = new Provenance("17", "3.5.9", "1.0.0-M2.1", "host", 2);

    private static RunResult run(String method, long seed, double accuracy) {
        return new RunResult("e", "digits", method, "none", 0.0, seed, 0, 100, 20, accuracy, accuracy, 0.1, 0.1,
            Double.NaN, 0, 0, 1, "spark", "local[2]", "h", "c", PROV, "t");
    }

    @Test
    void flagsOnlyMovesBeyondTheSeedSpread() {
        // Previous: uniform 0.90/0.92 (sd 0.0141), entropy 0.90/0.92.
        List<RunResult> previous = List.of(run("uniform", 1, 0.90), run("uniform", 2, 0.92),
            run("entropy", 1, 0.90), run("entropy", 2, 0.92));
        // Now: uniform mean 0.915 (moved 0.004, within spread), entropy mean 0.85 (fell 0.06, beyond it).
        List<RunResult> current = List.of(run("uniform", 1, 0.91), run("uniform", 2, 0.92),
            run("entropy", 1, 0.85), run("entropy", 2, 0.85), run("agreement", 1, 0.9));

        List<CellChange> changes = RerunComparison.compare(current, previous);

        assertEquals(Status.STEADY, status(changes, "uniform"));
        assertEquals(Status.REGRESSED, status(changes, "entropy"));
        assertEquals(Status.NEW, status(changes, "agreement"));
        assertTrue(RerunComparison.hasRegression(changes));
    }

    @Test
    void aCellThatDisappearsIsARegressionAndAnImprovementIsNot() {
        List<RunResult> previous = List.of(run("uniform", 1, 0.80), run("entropy", 1, 0.80));
        List<CellChange> changes = RerunComparison.compare(List.of(run("uniform", 1, 0.95)), previous);
        assertEquals(Status.IMPROVED, status(changes, "uniform"));
        assertEquals(Status.MISSING, status(changes, "entropy"));
        assertTrue(RerunComparison.hasRegression(changes));
        assertFalse(RerunComparison.hasRegression(RerunComparison.compare(List.of(run("uniform", 1, 0.95)),
            List.of(run("uniform", 1, 0.80)))));
    }

    private static Status status(List<CellChange> changes, String method) {
        return changes.stream().filter(c -> c.method().equals(method)).findFirst().orElseThrow().status();
    }
}
