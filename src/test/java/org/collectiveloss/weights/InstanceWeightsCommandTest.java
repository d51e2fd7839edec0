package org.collectiveloss.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.collectiveloss.SparkTestSession;
import org.collectiveloss.cli.InstanceWeightsCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The export command end to end on the bundled digits set: files, their contents, and bad arguments. */
class InstanceWeightsCommandTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        SparkTestSession.get();
    }

    @Test
    void exportsTheFirstInstancesWithHistogramsAndNoiseAuroc() throws IOException {
        Path out = tmp.resolve("digits.csv");
        int exit = new CommandLine(new InstanceWeightsCommand()).execute("digits", "--out", out.toString(),
            "--limit", "300", "--k", "5", "--scheme", "entropy-agreement", "--noise", "0.2", "--partitions", "4");
        assertEquals(0, exit);

        List<String> lines = Files.readAllLines(out);
        assertEquals(InstanceWeightsCsv.HEADER, lines.get(0));
        assertEquals(301, lines.size(), "one row per instance of the first 300");
        long previous = -1;
        double sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            long id = Long.parseLong(f[0]);
            assertTrue(id > previous && id < 1797, line);
            previous = id;
            int label = Integer.parseInt(f[1]);
            assertTrue(label >= 0 && label < 10, line);
            assertEquals("5", f[2], "k = 5 neighbours: " + line);
            double h = Double.parseDouble(f[3]);
            assertTrue(h >= 0 && h <= Math.log(10) + 1e-12, line);
            sum += Double.parseDouble(f[5]);
        }
        assertEquals(1.0, sum / 300, 1e-9, "weights have mean 1");
        // The first 300 training instances of the split: ids beyond 299 appear where test rows were held out.
        assertTrue(previous >= 299);

        for (String name : List.of("digits-entropy-hist.png", "digits-entropy-hist.svg", "digits-weight-hist.png",
            "digits-weight-hist.svg")) {
            assertTrue(Files.size(tmp.resolve(name)) > 1000, name);
        }
        List<String> auroc = Files.readAllLines(tmp.resolve("digits-noise-auroc.csv"));
        assertEquals("scheme,auroc,flipped,instances", auroc.get(0));
        assertEquals(1 + WeightScheme.values().length, auroc.size());
        assertTrue(auroc.get(1).startsWith("uniform,0.500000,"), auroc.get(1));
        double agreement = Double.parseDouble(auroc.stream().filter(l -> l.startsWith("agreement,")).findFirst()
            .orElseThrow().split(",")[1]);
        assertTrue(agreement > 0.8, "agreement finds flipped digits: " + agreement);
    }

    @Test
    void badArgumentsFailBeforeAnyWork() {
        CommandLine cli = new CommandLine(new InstanceWeightsCommand());
        cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertNotEquals(0, cli.execute("digits", "--out", tmp.resolve("w.csv").toString(), "--scheme", "kdn"));
        assertNotEquals(0, cli.execute("digits", "--out", tmp.resolve("w.txt").toString()));
        assertNotEquals(0, cli.execute("digits", "--out", tmp.resolve("w.csv").toString(), "--limit", "0"));
        assertNotEquals(0, cli.execute("digits", "--out", tmp.resolve("w.csv").toString(), "--graph", "hnsw"));
        assertNotEquals(0, cli.execute("no-such-set", "--out", tmp.resolve("w.csv").toString()));
        assertTrue(Files.notExists(tmp.resolve("w.csv")));
    }
}
