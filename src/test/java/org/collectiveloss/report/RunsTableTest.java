package org.collectiveloss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.collectiveloss.experiment.RunResult;
import org.junit.jupiter.api.Test;

class RunsTableTest {

    static Path quickstart() {
        return resource("/report/quickstart-runs.csv");
    }

    static Path resource(String name) {
        try {
            return Path.of(RunsTableTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void quickstartFile_isReadByColumnName() {
        RunsTable t = RunsTable.read(quickstart());
        assertEquals(String.join(",", RunResult.CSV_HEADER), String.join(",", t.header()));
        assertEquals(6, t.runs().size());
        assertEquals(List.of("digits"), t.datasets());
        assertEquals(List.of("uniform", "entropy"), t.methods());
        assertEquals(List.of(new NoiseLevel("none", 0.0)), t.noiseLevels());
        RunRecord first = t.runs().get(0);
        assertEquals("uniform", first.method());
        assertEquals(1L, first.seed());
        assertEquals(345.0 / 355.0, first.accuracy(), 1e-15);
        assertEquals(0.9718171202253361, first.macroF1(), 0.0);
        assertTrue(Double.isNaN(first.noiseAuroc()));
        assertEquals("aed53b14a24f", first.configHash());
        assertEquals("d4292af59316", first.gitCommit());
        assertEquals("1", first.replicate());
        assertTrue(t.hasColumn("noise_auroc"), "the runner writes the column, NaN without noise");
        assertFalse(t.hasFolds(), "a holdout experiment's fold 0 is no replicate of its own");
        assertTrue(t.superseded().isEmpty());
    }

    @Test
    void earlierTwentyColumnLayout_stillLoads() {
        RunsTable t = RunsTable.read(resource("/report/quickstart-runs-20-columns.csv"));
        assertEquals(20, t.header().size());
        assertEquals(6, t.runs().size());
        assertEquals(0.971831, t.runs().get(0).accuracy(), 0.0);
        assertEquals("bb207e431d46", t.runs().get(0).gitCommit());
    }

    @Test
    void otherColumnOrder_extraAndQuotedColumns_areTolerated() {
        RunsTable t = RunsTable.parse(SyntheticRuns.lines(1), "synthetic");
        int expected = SyntheticRuns.DATASETS.size() * SyntheticRuns.RATES.length * SyntheticRuns.SEEDS
            * SyntheticRuns.METHODS.size();
        assertEquals(expected, t.runs().size());
        assertEquals("uniform", t.methods().get(0), "the baseline comes first");
        assertEquals(3, t.noiseLevels().size());
        RunRecord r = t.runs().get(0);
        assertEquals("1", r.replicate(), "fold 0 everywhere: a holdout split, replicates are seeds");
        assertEquals("entropy", r.method());
        assertTrue(t.hasColumn("noise_auroc"));
        assertTrue(Double.isNaN(r.noiseAuroc()), "empty AUROC at noise 0");
        assertTrue(t.runs().stream().anyMatch(x -> !Double.isNaN(x.noiseAuroc())));
    }

    @Test
    void rerunRun_replacesTheEarlierLine_andSaysSo() {
        List<String> lines = List.of("dataset,method,noise,seed,accuracy,macro_f1",
            "d,uniform,0,1,0.5,0.4", "d,uniform,0,2,0.6,0.5", "d,uniform,0,1,0.7,0.6");
        RunsTable t = RunsTable.parse(lines, "x.csv");
        assertEquals(2, t.runs().size());
        assertEquals(0.7, t.runs().stream().filter(r -> r.seed() == 1).findFirst().orElseThrow().accuracy());
        assertEquals(1, t.superseded().size());
        assertTrue(t.superseded().get(0).contains("line 2") && t.superseded().get(0).contains("line 4"),
            t.superseded().get(0));
        assertEquals("none", t.runs().get(0).noise().type(), "absent noise_type reads as none");
    }

    @Test
    void missingColumn_namesItAndTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RunsTable.parse(List.of("dataset,method,noise,seed,accuracy", "d,u,0,1,0.5"), "r.csv"));
        assertTrue(e.getMessage().contains("r.csv") && e.getMessage().contains("[macro_f1]"), e.getMessage());
    }

    @Test
    void badValues_nameLineColumnAndValue() {
        String header = "dataset,method,noise,seed,accuracy,macro_f1";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RunsTable.parse(List.of(header, "d,u,0,1,0.5,0.5", "d,u,0,x,0.5,0.5"), "r.csv"));
        assertTrue(e.getMessage().contains("r.csv line 3, column 'seed': 'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> RunsTable.parse(List.of(header, "d,u,0,1,NaN,0.5"), "r.csv"));
        assertTrue(e.getMessage().contains("column 'accuracy': 'NaN'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> RunsTable.parse(List.of(header, "d,u,1.5,1,0.5,0.5"), "r.csv"));
        assertTrue(e.getMessage().contains("column 'noise': '1.5'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> RunsTable.parse(List.of(header, "d,u,0,1,0.5"), "r.csv"));
        assertTrue(e.getMessage().contains("line 2 has 5 fields"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> RunsTable.parse(List.of(header, ",u,0,1,0.5,0.5"), "r.csv"));
        assertTrue(e.getMessage().contains("column 'dataset'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunsTable.parse(List.of(), "r.csv"));
        assertTrue(e.getMessage().contains("r.csv is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunsTable.read(Path.of("/nonexistent/runs.csv")));
        assertTrue(e.getMessage().contains("/nonexistent/runs.csv"), e.getMessage());
    }

    @Test
    void csvSplitting_handlesQuotes() {
        assertEquals(List.of("a", "b,c", "d\"e", ""), RunsTable.splitCsv("a,\"b,c\",\"d\"\"e\",", "s", 1));
        assertThrows(IllegalArgumentException.class, () -> RunsTable.splitCsv("a,\"b", "s", 1));
    }
}
