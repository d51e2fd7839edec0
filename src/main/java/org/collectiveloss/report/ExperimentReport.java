package org.collectiveloss.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.collectiveloss.report.ReportDocument.Cell;
import org.collectiveloss.report.ReportDocument.Table;
import org.collectiveloss.report.ResultGrid.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistical report of an experiment's runs: per data set and noise level the mean ± sd of accuracy and
 * macro-F1 per method; Wilcoxon signed-rank tests of each method against {@code uniform} across seeds (per data
 * set) and across data sets (per noise level); the Friedman test with the Nemenyi post-hoc test and
 * critical-difference diagrams (J. Demšar, "Statistical Comparisons of Classifiers over Multiple Data Sets",
 * JMLR 7:1-30, 2006); accuracy-against-noise plots; and, when {@code runs.csv} has a {@code noise_auroc} column,
 * the weights' noise-detection AUROC.
 *
 * <p>{@link #write} puts into the output folder {@code report.html} (self-contained), {@code report.md},
 * {@code report.tex} with {@code tables/*.tex} (booktabs), and {@code figures/*.png|svg|pdf}.
 *
 * <p>Tests that cannot reach significance with the data at hand (three seeds give at best p = 0.25 in a
 * two-sided signed-rank test) are shown with that bound beside them, not left out. Not supported: tests on other
 * metrics than accuracy and macro-F1 (log loss is in {@code runs.csv} for notebooks), one-sided tests, and a
 * Friedman test over seeds of a single data set. Files of earlier reports in {@code figures/} and
 * {@code tables/} that the current one does not write are left in place.
 */
public final class ExperimentReport {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentReport.class);

    /** Significance level of the report's statements and of the critical-difference diagrams. */
    public static final double ALPHA = 0.05;

    private static final List<Metric> SCORES = List.of(Metric.ACCURACY, Metric.MACRO_F1);
    private static final String DASH = "–";

    /** The files a report consists of. */
    public record Written(Path html, Path markdown, Path latex, List<Path> tables, List<Path> figures) {
    }

    private final String name;
    private final ResultGrid grid;
    private final RunsTable runs;
    private final Path figuresDir;
    private final ReportDocument doc;
    private final List<Path> figures = new ArrayList<>();
    private final List<String> unpairedNotes = new ArrayList<>();

    private ExperimentReport(String name, RunsTable runs, Path outDir) {
        this.name = name;
        this.runs = runs;
        this.grid = new ResultGrid(runs);
        this.figuresDir = outDir.resolve("figures");
        this.doc = new ReportDocument("Experiment report: " + name);
    }

    /**
     * Builds the report of the runs and writes its files into {@code outDir}.
     *
     * @param name   the experiment's name, for the title
     * @param runs   the runs
     * @param outDir folder for the report; created if missing
     * @throws IllegalArgumentException if there are no runs
     * @throws UncheckedIOException     if a file cannot be written
     */
    public static Written write(String name, RunsTable runs, Path outDir) {
        if (runs.runs().isEmpty()) {
            throw new IllegalArgumentException(runs.source() + " holds no runs; nothing to report. Run the"
                + " experiment first.");
        }
        try {
            Files.createDirectories(outDir.resolve("figures"));
            Files.createDirectories(outDir.resolve("tables"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the report folders in " + outDir, e);
        }
        LOG.info("Report of {}: {} runs, {} data sets, {} methods, {} noise levels -> {}", name, runs.runs().size(),
            runs.datasets().size(), runs.methods().size(), runs.noiseLevels().size(), outDir);
        ExperimentReport report = new ExperimentReport(name, runs, outDir);
        report.build();
        return report.writeFiles(outDir);
    }

    private void build() {
        overview();
        methodsOfAnalysis();
        for (Metric metric : SCORES) {
            doc.heading(2, metric.label());
            meansTable(metric);
            wilcoxonAcrossSeeds(metric);
            wilcoxonAcrossDatasets(metric);
            friedman(metric);
        }
        noiseCurves(Metric.ACCURACY, "Accuracy against label noise");
        noiseDetection();
        if (!unpairedNotes.isEmpty()) {
            doc.heading(2, "Runs without a partner");
            doc.paragraph("These runs have no run of uniform with the same seed (and fold) under the same"
                + " condition, so the paired tests above leave them out; the means include them.");
            doc.bullets(unpairedNotes);
        }
    }

    // ---------------------------------------------------------------- overview and notes on the statistics

    private void overview() {
        doc.heading(2, "Runs");
        List<String> seeds = new ArrayList<>();
        runs.runs().stream().map(RunRecord::replicate).distinct().forEach(seeds::add);
        doc.paragraph(String.format(Locale.ROOT, "%d runs read from %s: %d data set(s) (%s), %d method(s) (%s),"
                + " %d noise level(s) (%s), %d seed(s)%s (%s).", runs.runs().size(), runs.source(),
            runs.datasets().size(), String.join(", ", runs.datasets()), runs.methods().size(),
            String.join(", ", runs.methods()), runs.noiseLevels().size(),
            String.join(", ", runs.noiseLevels().stream().map(NoiseLevel::label).toList()), seeds.size(),
            runs.hasFolds() ? " and folds" : "", String.join(", ", seeds)));
        List<String> provenance = new ArrayList<>();
        provenance.add("experiment(s): " + listOrNone(runs.distinct(RunRecord::experiment)));
        provenance.add("configuration hash(es): " + listOrNone(runs.distinct(RunRecord::configHash)));
        provenance.add("code commit(s): " + listOrNone(runs.distinct(RunRecord::gitCommit)));
        doc.bullets(provenance);
        if (runs.distinct(RunRecord::configHash).size() > 1 || runs.distinct(RunRecord::gitCommit).size() > 1) {
            doc.paragraph("The runs come from more than one configuration or code version. The comparisons below"
                + " treat them as one grid; check that the differences are only the grid's own coordinates.");
        }
        if (!runs.hasColumn(Metric.NOISE_AUROC.column())) {
            doc.paragraph("runs.csv has no noise_auroc column, so the report has no noise-detection section.");
        }
        if (!runs.superseded().isEmpty()) {
            doc.paragraph("Some runs appear more than once; the last line of each is used:");
            doc.bullets(runs.superseded());
        }
    }

    private void methodsOfAnalysis() {
        doc.heading(2, "How the numbers were obtained");
        doc.bullets(List.of(
            "Tables of means: mean ± sample standard deviation over the replicates (seeds) of each cell; the"
                + " number of replicates is stated in the caption, and beside any cell that has a different one."
                + " The best mean of each row, at the precision shown, is in bold.",
            "Wilcoxon signed-rank test, two-sided, of each method against uniform (Demšar 2006, section 3.1.3):"
                + " across seeds for each data set and noise level (pairs: runs with the same seed), and across"
                + " data sets for each noise level (pairs: the data sets' means over seeds). Zero differences"
                + " share their rank between R+ and R− as Demšar proposes; ties get mid-ranks. The p-value is exact"
                + " for up to " + SignedRankTest.MAX_EXACT_PAIRS + " pairs (enumeration of the signed-rank"
                + " distribution given the observed ranks) and otherwise from the normal approximation with tie"
                + " and continuity correction. With m non-zero differences no p below 2^(1−m) is possible: 0.25"
                + " for 3 pairs, 0.0625 for 5; such tests are shown with that bound, since they cannot reach"
                + " α = 0.05 whatever the data. Holm's adjustment is applied over the methods compared with"
                + " uniform on the same data set and noise level (tests across seeds) or at the same noise level"
                + " (tests across data sets).",
            "Friedman test over data sets for each noise level, on the data sets' means over seeds: average"
                + " ranks (1 = best, mid-ranks for ties), Friedman's χ²_F on k − 1 degrees of freedom and the"
                + " Iman–Davenport F_F on k − 1 and (k − 1)(N − 1), which Demšar recommends (section 3.2.2); the"
                + " chi-square approximation needs about N > 10 data sets and k > 5 methods. Nemenyi post-hoc test:"
                + " two methods differ when their average ranks differ by at least CD = q_α √(k(k+1)/(6N)), q_α"
                + " from Demšar's Table 5a.",
            "Scores that differ by less than 1e-9 count as equal: two accuracies of k/n computed in different"
                + " ways can differ in their last bits, and that is no difference."));
    }

    // ---------------------------------------------------------------- tables of means

    private void meansTable(Metric metric) {
        List<String> methods = runs.methods();
        int modalN = modalCount(metric);
        List<String> header = new ArrayList<>(List.of("data set", "noise"));
        header.addAll(methods);
        List<List<Cell>> rows = new ArrayList<>();
        for (Condition c : grid.conditions()) {
            List<Cell> row = new ArrayList<>(List.of(Cell.of(c.dataset()), Cell.of(c.noise().label())));
            row.addAll(meanCells(c, methods, metric, modalN));
            rows.add(row);
        }
        doc.heading(3, metric.label() + ": mean ± sd per data set and noise level");
        doc.table(new Table(id(metric, "means"), metric.label() + " on the test set: mean ± sd over n = " + modalN
            + " seeds per cell unless marked (n = ...); best mean per row in bold.", header, rows, 2));
    }

    /** Cells "mean ± sd" for the methods of a row, the best mean (at the shown precision) in bold. */
    private List<Cell> meanCells(Condition c, List<String> methods, Metric metric, int modalN) {
        double best = Double.NEGATIVE_INFINITY;
        Map<String, SummaryStatistics> stats = new LinkedHashMap<>();
        for (String m : methods) {
            SummaryStatistics s = grid.stats(c, m, metric);
            stats.put(m, s);
            if (s.getN() > 0) {
                best = Math.max(best, roundTo4(s.getMean()));
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (String m : methods) {
            SummaryStatistics s = stats.get(m);
            if (s.getN() == 0) {
                cells.add(Cell.of(DASH));
                continue;
            }
            String sd = s.getN() > 1 ? fmt4(s.getStandardDeviation()) : DASH;
            String text = fmt4(s.getMean()) + " ± " + sd + (s.getN() != modalN ? " (n = " + s.getN() + ")" : "");
            cells.add(new Cell(text, roundTo4(s.getMean()) == best));
        }
        return cells;
    }

    private int modalCount(Metric metric) {
        Map<Long, Integer> counts = new HashMap<>();
        for (Condition c : grid.conditions()) {
            for (String m : grid.methods(c)) {
                long n = grid.stats(c, m, metric).getN();
                if (n > 0) {
                    counts.merge(n, 1, Integer::sum);
                }
            }
        }
        return counts.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey())).map(e -> e.getKey().intValue()).orElse(0);
    }

    // ---------------------------------------------------------------- Wilcoxon against uniform

    private void wilcoxonAcrossSeeds(Metric metric) {
        doc.heading(3, metric.label() + ": Wilcoxon signed-rank test against uniform, across seeds");
        if (!runs.methods().contains(RunsTable.BASELINE)) {
            doc.paragraph("No runs of uniform, the baseline of these tests; the methods present are "
                + String.join(", ", runs.methods()) + ".");
            return;
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (Condition c : grid.conditions()) {
            Map<String, RunRecord> base = grid.cell(c, RunsTable.BASELINE);
            List<String> others = grid.methods(c).stream().filter(m -> !m.equals(RunsTable.BASELINE)).toList();
            if (base.isEmpty()) {
                if (!others.isEmpty()) {
                    unpairedNote(metric, c.dataset() + ", noise " + c.noise().label() + ": no uniform runs; "
                        + String.join(", ", others) + " not compared");
                }
                continue;
            }
            List<SignedRankTest.Result> results = new ArrayList<>();
            List<double[]> deltas = new ArrayList<>();
            List<Integer> unpaired = new ArrayList<>();
            for (String m : others) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<String> alone = new ArrayList<>();
                for (Map.Entry<String, RunRecord> e : grid.cell(c, m).entrySet()) {
                    RunRecord partner = base.get(e.getKey());
                    if (partner == null) {
                        alone.add(m + " seed " + e.getKey());
                    } else {
                        x.add(metric.of(e.getValue()));
                        y.add(metric.of(partner));
                    }
                }
                for (String seed : base.keySet()) {
                    if (!grid.cell(c, m).containsKey(seed)) {
                        alone.add("uniform seed " + seed + " (no " + m + ")");
                    }
                }
                if (!alone.isEmpty()) {
                    unpairedNote(metric, c.dataset() + ", noise " + c.noise().label() + ": " + String.join(", ",
                        alone));
                }
                unpaired.add(alone.size());
                double[] xs = x.stream().mapToDouble(Double::doubleValue).toArray();
                double[] ys = y.stream().mapToDouble(Double::doubleValue).toArray();
                results.add(xs.length == 0 ? null : SignedRankTest.test(xs, ys));
                deltas.add(new double[] {meanDifference(xs, ys)});
            }
            double[] holm = holm(results);
            for (int i = 0; i < others.size(); i++) {
                rows.add(wilcoxonRow(List.of(c.dataset(), c.noise().label(), others.get(i)), results.get(i),
                    deltas.get(i)[0], holm[i], unpaired.get(i), "pairs"));
            }
        }
        List<String> header = List.of("data set", "noise", "method", "pairs", "mean Δ", "W/T/L", "R+",
            "R−", "p", "p (Holm)", "note");
        doc.table(new Table(id(metric, "wilcoxon-seeds"), metric.label() + ": each method against uniform on the"
            + " same seeds; Δ = method − uniform; W/T/L = pairs the method wins, ties, loses; two-sided p,"
            + " Holm-adjusted over the methods of a data set and noise level.", header, rows, "lllrrrrrrrp"));
    }

    private void wilcoxonAcrossDatasets(Metric metric) {
        doc.heading(3, metric.label() + ": Wilcoxon signed-rank test against uniform, across data sets");
        if (!runs.methods().contains(RunsTable.BASELINE)) {
            doc.paragraph("No runs of uniform; not computed.");
            return;
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (NoiseLevel level : runs.noiseLevels()) {
            List<String> others = runs.methods().stream().filter(m -> !m.equals(RunsTable.BASELINE)).toList();
            List<SignedRankTest.Result> results = new ArrayList<>();
            List<Double> deltas = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (String m : others) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (String d : grid.datasets(level)) {
                    Condition c = new Condition(d, level);
                    SummaryStatistics sm = grid.stats(c, m, metric);
                    SummaryStatistics sb = grid.stats(c, RunsTable.BASELINE, metric);
                    if (sm.getN() > 0 && sb.getN() > 0) {
                        x.add(sm.getMean());
                        y.add(sb.getMean());
                    }
                }
                if (x.isEmpty()) {
                    continue;
                }
                double[] xs = x.stream().mapToDouble(Double::doubleValue).toArray();
                double[] ys = y.stream().mapToDouble(Double::doubleValue).toArray();
                shown.add(m);
                results.add(SignedRankTest.test(xs, ys));
                deltas.add(meanDifference(xs, ys));
            }
            double[] holm = holm(results);
            for (int i = 0; i < shown.size(); i++) {
                rows.add(wilcoxonRow(List.of(level.label(), shown.get(i)), results.get(i), deltas.get(i), holm[i],
                    0, "data sets"));
            }
        }
        List<String> header = List.of("noise", "method", "data sets", "mean Δ", "W/T/L", "R+", "R−", "p",
            "p (Holm)", "note");
        doc.table(new Table(id(metric, "wilcoxon-datasets"), metric.label() + ": each method against uniform"
            + " across data sets (each data set's mean over seeds); Δ = method − uniform; W/T/L = data sets the"
            + " method wins, ties, loses; two-sided p,"
            + " Holm-adjusted over the methods of a noise level.", header, rows, "llrrrrrrrp"));
    }

    private List<Cell> wilcoxonRow(List<String> labels, SignedRankTest.Result r, double delta, double holm,
                                   int unpaired, String unit) {
        List<Cell> row = new ArrayList<>();
        labels.forEach(l -> row.add(Cell.of(l)));
        if (r == null) {
            row.add(Cell.of("0"));
            for (int i = 0; i < 6; i++) {
                row.add(Cell.of(DASH));
            }
            row.add(Cell.of("no pairs: no seed was run for both"));
            return row;
        }
        List<String> notes = new ArrayList<>();
        if (!r.canReach(ALPHA)) {
            notes.add(String.format(Locale.ROOT, "n = %d %s%s: smallest attainable p = %s", r.pairs(),
                r.pairs() == 1 ? unit.substring(0, unit.length() - 1) : unit,
                r.zeros() == 0 ? "" : r.zeros() == 1 ? " (1 zero difference)" : " (" + r.zeros()
                    + " zero differences)", shortP(r.smallestAttainableP())));
        }
        if (r.method() == SignedRankTest.Method.NORMAL) {
            notes.add(String.format(Locale.ROOT, "normal approximation, z = %.3f", r.z()));
        }
        if (unpaired > 0) {
            notes.add(unpaired + " run(s) without a partner left out");
        }
        row.add(Cell.of(Integer.toString(r.pairs())));
        row.add(Cell.of(String.format(Locale.ROOT, "%+.4f", delta)));
        row.add(Cell.of(r.wins() + "/" + r.zeros() + "/" + r.losses()));
        row.add(Cell.of(trimRank(r.rPlus())));
        row.add(Cell.of(trimRank(r.rMinus())));
        row.add(new Cell(pText(r.pValue()), r.pValue() <= ALPHA));
        row.add(new Cell(pText(holm), holm <= ALPHA));
        row.add(Cell.of(String.join("; ", notes)));
        return row;
    }

    private static double[] holm(List<SignedRankTest.Result> results) {
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) != null) {
                present.add(i);
            }
        }
        double[] p = present.stream().mapToDouble(i -> results.get(i).pValue()).toArray();
        double[] adjusted = HolmCorrection.adjust(p);
        double[] out = new double[results.size()];
        java.util.Arrays.fill(out, Double.NaN);
        for (int j = 0; j < present.size(); j++) {
            out[present.get(j)] = adjusted[j];
        }
        return out;
    }

    private void unpairedNote(Metric metric, String note) {
        // The pairing is the same for every metric; note it once.
        if (metric == SCORES.get(0)) {
            unpairedNotes.add(note);
        }
    }

    // ---------------------------------------------------------------- Friedman and Nemenyi

    private void friedman(Metric metric) {
        doc.heading(3, metric.label() + ": Friedman test and Nemenyi post-hoc test across data sets");
        List<String> methods = runs.methods();
        List<String> header = new ArrayList<>(List.of("noise", "data sets"));
        header.addAll(methods);
        header.addAll(List.of("χ²_F (df)", "p", "F_F (df)", "p", "CD 0.05", "CD 0.10"));
        List<List<Cell>> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<NoiseLevel, FriedmanOutcome> diagrams = new LinkedHashMap<>();
        for (NoiseLevel level : runs.noiseLevels()) {
            FriedmanOutcome o = friedmanAt(level, metric);
            List<Cell> row = new ArrayList<>(List.of(Cell.of(level.label()),
                Cell.of(Integer.toString(o.datasets.size()))));
            double bestRank = Double.POSITIVE_INFINITY;
            for (double r : o.ranks) {
                bestRank = Math.min(bestRank, Math.round(r * 100) / 100.0);
            }
            for (String m : methods) {
                int j = o.methods.indexOf(m);
                if (j < 0 || o.datasets.isEmpty()) {
                    row.add(Cell.of(DASH));
                } else {
                    double r = Math.round(o.ranks[j] * 100) / 100.0;
                    row.add(new Cell(String.format(Locale.ROOT, "%.2f", o.ranks[j]), r == bestRank));
                }
            }
            if (o.result == null) {
                for (int i = 0; i < 6; i++) {
                    row.add(Cell.of(DASH));
                }
                notes.add(level.label() + ": " + o.why);
            } else {
                FriedmanTest.Result r = o.result;
                int k = o.methods.size();
                row.add(Cell.of(String.format(Locale.ROOT, "%.3f (%d)", r.chiSquare(), r.chiSquareDf())));
                row.add(new Cell(pText(r.chiSquareP()), r.chiSquareP() <= ALPHA));
                row.add(Cell.of(Double.isInfinite(r.f()) ? "∞" : String.format(Locale.ROOT, "%.3f (%d, %d)",
                    r.f(), r.fDf1(), r.fDf2())));
                row.add(new Cell(pText(r.fP()), r.fP() <= ALPHA));
                double cd05 = NemenyiTest.criticalDifference(k, r.blocks(), 0.05);
                row.add(Cell.of(String.format(Locale.ROOT, "%.3f", cd05)));
                row.add(Cell.of(String.format(Locale.ROOT, "%.3f", NemenyiTest.criticalDifference(k, r.blocks(),
                    0.10))));
                notes.add(level.label() + ": " + separatedPairs(o, cd05)
                    + (r.blocks() <= 10 || k <= 5 ? " With N = " + r.blocks() + " data sets and k = " + k
                    + " methods the chi-square approximation is rough; read F_F." : ""));
                diagrams.put(level, o);
            }
            if (!o.excluded.isEmpty()) {
                notes.add(level.label() + ": left out of the test for lacking some method's runs: "
                    + String.join(", ", o.excluded) + ".");
            }
            rows.add(row);
        }
        doc.table(new Table(id(metric, "friedman"), metric.label() + ": average rank of each method over data"
            + " sets (1 = best, best in bold), Friedman χ²_F and Iman–Davenport F_F with p-values, Nemenyi"
            + " critical differences.", header, rows, 2));
        doc.bullets(notes);
        for (Map.Entry<NoiseLevel, FriedmanOutcome> e : diagrams.entrySet()) {
            FriedmanOutcome o = e.getValue();
            double cd = NemenyiTest.criticalDifference(o.methods.size(), o.datasets.size(), ALPHA);
            String base = id(metric, "cd-" + safe(e.getKey().label()));
            new CriticalDifferenceDiagram(o.methods, o.ranks, cd, ALPHA).write(figuresDir.resolve(base));
            addFigureFiles(base);
            doc.figure(base, String.format(Locale.ROOT, "Critical-difference diagram of %s, noise %s: average"
                    + " ranks over %d data sets; methods joined by a bar are not significantly different"
                    + " (Nemenyi, α = %s, CD = %.3f).", metric.label(), e.getKey().label(), o.datasets.size(),
                String.valueOf(ALPHA), cd));
        }
    }

    /** A Friedman test at one noise level, or why there is none. */
    private static final class FriedmanOutcome {
        List<String> methods = List.of();
        List<String> datasets = List.of();
        List<String> excluded = new ArrayList<>();
        double[] ranks = new double[0];
        FriedmanTest.Result result;
        String why = "";
    }

    private FriedmanOutcome friedmanAt(NoiseLevel level, Metric metric) {
        FriedmanOutcome o = new FriedmanOutcome();
        List<String> allDatasets = grid.datasets(level);
        o.methods = runs.methods().stream().filter(m -> allDatasets.stream()
            .anyMatch(d -> grid.stats(new Condition(d, level), m, metric).getN() > 0)).toList();
        List<String> complete = new ArrayList<>();
        for (String d : allDatasets) {
            Condition c = new Condition(d, level);
            if (o.methods.stream().allMatch(m -> grid.stats(c, m, metric).getN() > 0)) {
                complete.add(d);
            } else {
                o.excluded.add(d);
            }
        }
        o.datasets = complete;
        if (complete.isEmpty()) {
            o.why = "no data set has runs of every method.";
            return o;
        }
        double[][] scores = new double[complete.size()][o.methods.size()];
        for (int i = 0; i < complete.size(); i++) {
            for (int j = 0; j < o.methods.size(); j++) {
                scores[i][j] = grid.stats(new Condition(complete.get(i), level), o.methods.get(j), metric).getMean();
            }
        }
        o.ranks = FriedmanTest.averageRanks(scores);
        if (o.methods.size() < 2) {
            o.why = "only one method; nothing to rank.";
        } else if (complete.size() < 2) {
            o.why = "N = " + complete.size() + " data set: the Friedman test needs at least 2 (Demšar's"
                + " chi-square approximation about 10); the ranks are those of that one data set.";
        } else {
            o.result = FriedmanTest.test(scores);
        }
        return o;
    }

    private static String separatedPairs(FriedmanOutcome o, double cd) {
        List<String> pairs = new ArrayList<>();
        for (int a = 0; a < o.methods.size(); a++) {
            for (int b = a + 1; b < o.methods.size(); b++) {
                double diff = o.ranks[a] - o.ranks[b];
                if (Math.abs(diff) >= cd) {
                    int better = diff < 0 ? a : b;
                    int worse = diff < 0 ? b : a;
                    pairs.add(o.methods.get(better) + " better than " + o.methods.get(worse));
                }
            }
        }
        return String.format(Locale.ROOT, "Nemenyi at α = 0.05 (CD = %.3f): %s.", cd,
            pairs.isEmpty() ? "no pair of methods differs significantly" : String.join(", ", pairs));
    }

    // ---------------------------------------------------------------- plots and noise detection

    private void noiseCurves(Metric metric, String title) {
        doc.heading(2, title);
        boolean single = runs.noiseLevels().size() == 1;
        if (single) {
            doc.paragraph("This experiment ran a single noise level, so each plot shows one point per method.");
        }
        for (String dataset : runs.datasets()) {
            for (String type : grid.noiseTypes(dataset)) {
                List<NoiseCurveChart.Curve> curves = curves(dataset, type, metric);
                if (curves.isEmpty()) {
                    doc.paragraph(String.format("%s, %s noise: no %s values to plot.", dataset, type,
                        metric.label()));
                    continue;
                }
                String base = id(metric, "vs-noise-" + safe(dataset) + "-" + safe(type));
                new NoiseCurveChart(chartTitle(dataset, type), metric, curves).write(figuresDir.resolve(base));
                addFigureFiles(base);
                doc.figure(base, String.format("%s on %s against the %slabel-noise rate: mean ± one sample sd"
                    + " over seeds per point (counts as in the table of means); points of different methods are"
                    + " shifted sideways slightly so that their error bars stay apart.", metric.label(), dataset,
                    typeWords(type)));
            }
        }
    }

    private List<NoiseCurveChart.Curve> curves(String dataset, String type, Metric metric) {
        List<NoiseLevel> levels = grid.curve(dataset, type);
        List<NoiseCurveChart.Curve> curves = new ArrayList<>();
        for (String m : runs.methods()) {
            List<double[]> points = new ArrayList<>();
            for (NoiseLevel l : levels) {
                SummaryStatistics s = grid.stats(new Condition(dataset, l), m, metric);
                if (s.getN() > 0) {
                    points.add(new double[] {l.rate(), s.getMean(), s.getN() > 1 ? s.getStandardDeviation() : 0});
                }
            }
            if (!points.isEmpty()) {
                double[] rates = points.stream().mapToDouble(p -> p[0]).toArray();
                double[] means = points.stream().mapToDouble(p -> p[1]).toArray();
                double[] sds = points.stream().mapToDouble(p -> p[2]).toArray();
                curves.add(new NoiseCurveChart.Curve(m, runs.methods().indexOf(m), rates, means, sds));
            }
        }
        return curves;
    }

    private void noiseDetection() {
        if (!runs.hasColumn(Metric.NOISE_AUROC.column())) {
            return;
        }
        Metric metric = Metric.NOISE_AUROC;
        doc.heading(2, "Weights as noise detectors");
        doc.paragraph("AUROC of each run's instance weights as a detector of the training labels that the noise"
            + " injection flipped (0.5 = no better than chance). Runs without label noise or without weights"
            + " have none (–).");
        boolean any = runs.runs().stream().anyMatch(r -> !Double.isNaN(r.noiseAuroc()));
        if (!any) {
            doc.paragraph("The noise_auroc column holds no value in any run.");
            return;
        }
        List<String> methods = runs.methods().stream().filter(m -> runs.runs().stream()
            .anyMatch(r -> r.method().equals(m) && !Double.isNaN(r.noiseAuroc()))).toList();
        int modalN = modalCount(metric);
        List<String> header = new ArrayList<>(List.of("data set", "noise"));
        header.addAll(methods);
        List<List<Cell>> rows = new ArrayList<>();
        for (Condition c : grid.conditions()) {
            List<Cell> cells = meanCells(c, methods, metric, modalN);
            if (cells.stream().allMatch(x -> x.text().equals(DASH))) {
                continue;
            }
            List<Cell> row = new ArrayList<>(List.of(Cell.of(c.dataset()), Cell.of(c.noise().label())));
            row.addAll(cells);
            rows.add(row);
        }
        doc.table(new Table(id(metric, "means"), metric.label() + ": mean ± sd over n = " + modalN
            + " seeds per cell unless marked; best per row in bold.", header, rows, 2));
        for (String dataset : runs.datasets()) {
            for (String type : grid.noiseTypes(dataset)) {
                List<NoiseCurveChart.Curve> curves = curves(dataset, type, metric);
                if (curves.isEmpty()) {
                    continue;
                }
                String base = id(metric, "vs-noise-" + safe(dataset) + "-" + safe(type));
                new NoiseCurveChart(chartTitle(dataset, type), metric, curves).write(figuresDir.resolve(base));
                addFigureFiles(base);
                doc.figure(base, String.format("%s on %s against the %slabel-noise rate: mean ± one sample sd"
                    + " over seeds.", metric.label(), dataset, typeWords(type)));
            }
        }
    }

    // ---------------------------------------------------------------- files

    private Written writeFiles(Path outDir) {
        try {
            List<Path> tables = new ArrayList<>();
            for (Table t : doc.tables()) {
                Path file = outDir.resolve("tables").resolve(t.id() + ".tex");
                Files.writeString(file, LatexRenderer.table(t), StandardCharsets.UTF_8);
                tables.add(file);
            }
            Path html = outDir.resolve("report.html");
            Path md = outDir.resolve("report.md");
            Path tex = outDir.resolve("report.tex");
            Files.writeString(html, HtmlRenderer.render(doc, figuresDir), StandardCharsets.UTF_8);
            Files.writeString(md, MarkdownRenderer.render(doc), StandardCharsets.UTF_8);
            Files.writeString(tex, LatexRenderer.document(doc), StandardCharsets.UTF_8);
            LOG.info("Report of {} written: {}, {}, {}, {} tables, {} figure files", name, html, md, tex,
                tables.size(), figures.size());
            return new Written(html, md, tex, List.copyOf(tables), List.copyOf(figures));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report into " + outDir, e);
        }
    }

    private void addFigureFiles(String base) {
        for (String ext : List.of(".png", ".svg", ".pdf")) {
            figures.add(figuresDir.resolve(base + ext));
        }
    }

    // ---------------------------------------------------------------- formatting

    private static String id(Metric metric, String what) {
        return metric.column().replace('_', '-') + "-" + what;
    }

    /** A file-name-safe version of a label. */
    static String safe(String label) {
        String s = label.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("-+", "-");
        return s.replaceAll("^-|-$", "");
    }

    private static String chartTitle(String dataset, String noiseType) {
        return noiseType.equals("none") ? dataset : dataset + " (" + noiseType + " noise)";
    }

    private static String typeWords(String noiseType) {
        return noiseType.equals("none") ? "" : noiseType + " ";
    }

    private static String listOrNone(List<String> values) {
        return values.isEmpty() ? "not recorded" : String.join(", ", values);
    }

    private static double meanDifference(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] - y[i];
        }
        // Rounded like the scores, and "+ 0.0" turns a negative zero into zero: no "-0.0000" in the tables.
        return x.length == 0 ? Double.NaN : Ranks.round(sum / x.length) + 0.0;
    }

    private static String fmt4(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    private static double roundTo4(double x) {
        return Math.round(x * 1e4) / 1e4;
    }

    /** A rank sum: a multiple of 1/4 (mid-ranks, halved for zero differences), without trailing zeros. */
    private static String trimRank(double r) {
        return java.math.BigDecimal.valueOf(r).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
            .toPlainString();
    }

    /** A probability with at most four significant digits and no trailing zeros, e.g. 0.25 or 1. */
    static String shortP(double p) {
        return new java.math.BigDecimal(p).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A p-value with four decimals, or in scientific notation below 1e-4. */
    static String pText(double p) {
        if (Double.isNaN(p)) {
            return DASH;
        }
        return p >= 1e-4 || p == 0.0 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
