package org.collectiveloss.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Compares a scheduled rerun of an experiment with the previous one, cell by cell (data set, noise, method).
 *
 * <p>A cell's mean test accuracy over its seeds has moved when it differs from the previous rerun's by more than
 * the larger of the two seed standard deviations: a shift smaller than the seed-to-seed spread is within the
 * noise of the experiment itself and is not flagged. A move downwards is a regression; a cell present before and
 * missing now is a regression too (a run that no longer finishes). With a single seed the spread is zero and any
 * change is flagged: such reruns are best given several seeds.
 */
public final class RerunComparison {

    private RerunComparison() {
    }

    /** How one cell compares; {@code previousMean} is NaN for a cell that is new in this rerun. */
    public record CellChange(String dataset, double noise, String method, long runs, double mean, double sd,
                             double previousMean, double previousSd, Status status) {

        /** The line written to the history file. */
        public String toCsv(String stamp, String experiment) {
            return String.join(",", stamp, experiment, dataset, Double.toString(noise), method, Long.toString(runs),
                fmt(mean), fmt(sd), fmt(previousMean), fmt(previousSd), status.name().toLowerCase(Locale.ROOT));
        }
    }

    /** The verdict for one cell. */
    public enum Status { NEW, STEADY, IMPROVED, REGRESSED, MISSING }

    /** Header of the history file, matching {@link CellChange#toCsv}. */
    public static final String HISTORY_HEADER =
        "rerun,experiment,dataset,noise,method,runs,mean_accuracy,sd_accuracy,previous_mean,previous_sd,status";

    /** Compares the runs of the current rerun with those of the previous one (empty for a first rerun). */
    public static List<CellChange> compare(List<RunResult> current, List<RunResult> previous) {
        Map<String, SummaryStatistics> now = byCell(current);
        Map<String, SummaryStatistics> before = byCell(previous);
        Map<String, RunResult> examples = new LinkedHashMap<>();
        for (RunResult r : previous) {
            examples.putIfAbsent(cell(r), r);
        }
        for (RunResult r : current) {
            examples.putIfAbsent(cell(r), r);
        }
        List<CellChange> changes = new ArrayList<>();
        for (Map.Entry<String, RunResult> e : examples.entrySet()) {
            RunResult r = e.getValue();
            SummaryStatistics cur = now.get(e.getKey());
            SummaryStatistics prev = before.get(e.getKey());
            if (cur == null) {
                changes.add(new CellChange(r.dataset(), r.noise(), r.method(), 0, Double.NaN, Double.NaN,
                    prev.getMean(), sd(prev), Status.MISSING));
                continue;
            }
            Status status;
            double prevMean = prev == null ? Double.NaN : prev.getMean();
            double prevSd = prev == null ? Double.NaN : sd(prev);
            if (prev == null) {
                status = Status.NEW;
            } else {
                double spread = Math.max(sd(cur), prevSd);
                double delta = cur.getMean() - prevMean;
                status = Math.abs(delta) <= spread ? Status.STEADY : delta > 0 ? Status.IMPROVED : Status.REGRESSED;
            }
            changes.add(new CellChange(r.dataset(), r.noise(), r.method(), cur.getN(), cur.getMean(), sd(cur),
                prevMean, prevSd, status));
        }
        return changes;
    }

    /** True if any cell regressed or went missing. */
    public static boolean hasRegression(List<CellChange> changes) {
        return changes.stream().anyMatch(c -> c.status() == Status.REGRESSED || c.status() == Status.MISSING);
    }

    private static Map<String, SummaryStatistics> byCell(List<RunResult> runs) {
        Map<String, SummaryStatistics> cells = new LinkedHashMap<>();
        for (RunResult r : runs) {
            cells.computeIfAbsent(cell(r), k -> new SummaryStatistics()).addValue(r.accuracy());
        }
        return cells;
    }

    private static String cell(RunResult r) {
        return r.dataset() + "|" + r.noiseType() + "|" + r.noise() + "|" + r.method();
    }

    private static double sd(SummaryStatistics s) {
        return s.getN() > 1 ? s.getStandardDeviation() : 0.0;
    }

    private static String fmt(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.6f", x);
    }
}
