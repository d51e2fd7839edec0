package org.collectiveloss.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The console summary of an experiment: per data set, noise rate and method, the mean ± sample standard
 * deviation of test accuracy and macro-F1 over the seeds, in the order the runs finished.
 */
public final class SummaryTable {

    private SummaryTable() {
    }

    /** Renders the runs as a fixed-width text table. */
    public static String render(List<RunResult> runs) {
        Map<String, SummaryStatistics[]> groups = new LinkedHashMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (RunResult r : runs) {
            String key = r.dataset() + "|" + r.noise() + "|" + r.method();
            keys.putIfAbsent(key, new String[] {r.dataset(), String.format(Locale.ROOT, "%.2f", r.noise()),
                r.method()});
            SummaryStatistics[] s = groups.computeIfAbsent(key,
                k -> new SummaryStatistics[] {new SummaryStatistics(), new SummaryStatistics()});
            s[0].addValue(r.accuracy());
            s[1].addValue(r.macroF1());
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-16s %6s %-18s %5s %18s %18s", "dataset", "noise", "method", "runs",
            "accuracy", "macro-F1"));
        for (Map.Entry<String, SummaryStatistics[]> e : groups.entrySet()) {
            String[] k = keys.get(e.getKey());
            SummaryStatistics acc = e.getValue()[0];
            SummaryStatistics f1 = e.getValue()[1];
            lines.add(String.format(Locale.ROOT, "%-16s %6s %-18s %5d %18s %18s", k[0], k[1], k[2], acc.getN(),
                meanSd(acc), meanSd(f1)));
        }
        return String.join(System.lineSeparator(), lines);
    }

    private static String meanSd(SummaryStatistics s) {
        double sd = s.getN() > 1 ? s.getStandardDeviation() : 0.0;
        return String.format(Locale.ROOT, "%.4f ± %.4f", s.getMean(), sd);
    }
}
