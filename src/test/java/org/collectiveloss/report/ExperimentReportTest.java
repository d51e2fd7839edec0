package org.collectiveloss.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void quickstart_reportsMeansAndTheLimitsOfThreeSeeds(@TempDir Path dir) throws Exception {
        RunsTable runs = RunsTable.read(RunsTableTest.quickstart());
        ExperimentReport.Written w = ExperimentReport.write("quickstart", runs, dir);
        String md = Files.readString(w.markdown());

        // Means and sample sds of the fixture's accuracies, by hand: 345, 346, 345 correct of 355 for uniform,
        // 345, 345, 346 for entropy: equal means, both bold.
        String cell = "**" + meanSd(345 / 355.0, 346 / 355.0, 345 / 355.0) + "**";
        assertTrue(md.contains("| digits | none | " + cell + " | " + cell + " |"), md);
        assertTrue(md.contains("n = 3 seeds per cell"));
        // Differences entropy - uniform: 0, -1/355, +1/355. The zero takes rank 1, the others share 2.5; the
        // zero's rank is split: R+ = R- = 3. Two non-zero differences: p is at best 2^(1-2) = 0.5; here p = 1.
        assertTrue(md.contains("| digits | none | entropy | 3 | +0.0000 | 1/1/1 | 3 | 3 | 1.0000 | 1.0000 |"
            + " n = 3 pairs (1 zero difference): smallest attainable p = 0.5 |"), md);
        // One data set: the test across data sets has one pair (a zero), Friedman is not defined.
        assertTrue(md.contains("n = 1 data set (1 zero difference): smallest attainable p = 1"), md);
        assertTrue(md.contains("N = 1 data set: the Friedman test needs at least 2"), md);
        assertTrue(md.contains("The noise\\_auroc column holds no value in any run."), md);

        assertFigures(w, 3);
        assertEquals(8, w.tables().size());
        for (Path t : w.tables()) {
            String tex = Files.readString(t);
            assertTrue(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"), t
                .toString());
            assertBalancedBraces(tex);
        }
        String tex = Files.readString(w.latex());
        assertTrue(tex.contains("\\input{tables/accuracy-means}"));
        assertTrue(tex.contains("\\includegraphics[width=0.85\\linewidth]{figures/accuracy-vs-noise-digits-none.pdf}"));
        assertBalancedBraces(tex);

        String html = Files.readString(w.html());
        assertEquals(8, count(html, "<table "));
        assertEquals(1, count(html, "src=\"data:image/png;base64,"));
        assertTrue(html.contains("<b>" + meanSd(345 / 355.0, 346 / 355.0, 345 / 355.0) + "</b>"));
    }

    @Test
    void gridOfSixDataSets_runsFriedmanNemenyiAndNoiseDetection(@TempDir Path dir) throws Exception {
        RunsTable runs = RunsTable.parse(SyntheticRuns.lines(42), "synthetic runs.csv");
        ExperimentReport.Written w = ExperimentReport.write("synthetic", runs, dir);
        String md = Files.readString(w.markdown());

        // Friedman at symmetric 0.4 from the data sets' mean accuracies, aggregated here independently.
        List<String> methods = List.of("uniform", "entropy", "agreement");
        double[][] scores = new double[SyntheticRuns.DATASETS.size()][3];
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String line : SyntheticRuns.lines(42).subList(1, SyntheticRuns.lines(42).size())) {
            String[] f = line.split(",");
            if (f[4].equals("0.40")) {
                sums.computeIfAbsent(f[2] + "/" + f[1], k -> new double[2]);
                sums.get(f[2] + "/" + f[1])[0] += Double.parseDouble(f[5]);
                sums.get(f[2] + "/" + f[1])[1]++;
            }
        }
        for (int d = 0; d < scores.length; d++) {
            for (int j = 0; j < 3; j++) {
                double[] s = sums.get(SyntheticRuns.DATASETS.get(d) + "/" + methods.get(j));
                scores[d][j] = s[0] / s[1];
            }
        }
        FriedmanTest.Result f = FriedmanTest.test(scores);
        // Entropy has the largest effect at 0.4 (0.032 against noise of sd 0.005 / sqrt 3): ranks 3, 1, 2.
        assertArrayEquals(new double[] {3, 1, 2}, f.averageRanks(), 1e-12);
        String row = String.format(Locale.ROOT, "| symmetric 0.4 | 6 | 3.00 | **1.00** | 2.00 | %.3f (2) |",
            f.chiSquare());
        assertTrue(md.contains(row), row + "\n" + md);
        double cd = NemenyiTest.criticalDifference(3, 6, 0.05);
        assertTrue(md.contains(String.format(Locale.ROOT, "Nemenyi at α = 0.05 (CD = %.3f): entropy better than"
            + " uniform.", cd)), md);

        // Wilcoxon across the six data sets: entropy wins on all, so R+ = 21 and exact p = 2/64.
        assertTrue(md.contains("| symmetric 0.4 | entropy | 6 | "), md);
        assertTrue(md.contains("| 6/0/0 | 21 | 0 | **0.0313** | 0.0625 |"), md);
        assertTrue(md.contains("| noise | data sets | uniform | entropy | agreement | χ²\\_F (df) |"), md);

        // The noise-detection section and its plots, only for methods with AUROC values.
        assertTrue(md.contains("## Weights as noise detectors"));
        String auroc = md.substring(md.indexOf("## Weights as noise detectors"));
        assertTrue(auroc.contains("| data set | noise | entropy | agreement |"), auroc);
        assertFalse(auroc.contains("| alpha | none |"), "no AUROC without noise");

        // Figures: 2 metrics x 3 noise levels of CD diagrams, 6 accuracy curves, 6 AUROC curves; 3 files each.
        assertFigures(w, (6 + 6 + 6) * 3);
        assertTrue(Files.exists(dir.resolve("figures/accuracy-cd-symmetric-0.4.svg")));
        assertTrue(Files.exists(dir.resolve("figures/accuracy-vs-noise-alpha-symmetric.pdf")));
        assertTrue(Files.exists(dir.resolve("figures/noise-auroc-vs-noise-alpha-symmetric.png")));
    }

    @Test
    void missingBaselineAndUnpairedSeeds_areReported(@TempDir Path dir) throws Exception {
        List<String> lines = List.of("dataset,method,noise,seed,accuracy,macro_f1",
            "d,uniform,0,1,0.5,0.4", "d,uniform,0,2,0.6,0.5", "d,entropy,0,1,0.55,0.45", "d,entropy,0,3,0.7,0.6",
            "e,entropy,0,1,0.5,0.5");
        ExperimentReport.Written w = ExperimentReport.write("x", RunsTable.parse(lines, "x.csv"), dir);
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("## Runs without a partner"), md);
        assertTrue(md.contains("d, noise none: entropy seed 3, uniform seed 2 (no entropy)"), md);
        assertTrue(md.contains("e, noise none: no uniform runs; entropy not compared"), md);
        assertTrue(md.contains("2 run(s) without a partner left out"), md);
        // Cells with another count than the usual one say so; a single run has no sd.
        assertTrue(md.contains("0.5000 ± – (n = 1)"), md);
        // e lacks uniform: left out of the Friedman test, and said so.
        assertTrue(md.contains("left out of the test for lacking some method's runs: e."), md);
    }

    private static String meanSd(double... v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, Math.sqrt(ss / (v.length - 1)));
    }

    private static void assertFigures(ExperimentReport.Written w, int expected) throws Exception {
        assertEquals(expected, w.figures().size());
        for (Path p : w.figures()) {
            assertTrue(Files.size(p) > 500, p + " is too small");
            String name = p.getFileName().toString();
            if (name.endsWith(".png")) {
                assertTrue(ImageIO.read(p.toFile()).getWidth() >= 640, p.toString());
            } else if (name.endsWith(".svg")) {
                // Well-formed XML with an svg root.
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                // XChart's SVGs name the SVG 1.1 DTD; the check must not go on line for it.
                factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                var doc = factory.newDocumentBuilder().parse(p.toFile());
                assertEquals("svg", doc.getDocumentElement().getNodeName(), p.toString());
            } else {
                byte[] head = new byte[5];
                try (var in = Files.newInputStream(p)) {
                    assertEquals(5, in.read(head));
                }
                assertEquals("%PDF-", new String(head, StandardCharsets.US_ASCII), p.toString());
            }
        }
    }

    private static void assertBalancedBraces(String tex) {
        int depth = 0;
        for (int i = 0; i < tex.length(); i++) {
            char c = tex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                assertTrue(depth >= 0, "unbalanced } at " + i);
            }
        }
        assertEquals(0, depth);
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
