package org.collectiveloss.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The runs of a {@link RunsTable} indexed by cell: a condition (data set and noise level) and a method, each cell
 * holding its replicates (seeds, and folds where there are any).
 */
public final class ResultGrid {

    /** A data set under one noise level. */
    public record Condition(String dataset, NoiseLevel noise) {
    }

    private final RunsTable table;
    private final Map<Condition, Map<String, Map<String, RunRecord>>> cells = new LinkedHashMap<>();

    public ResultGrid(RunsTable table) {
        this.table = table;
        for (RunRecord r : table.runs()) {
            cells.computeIfAbsent(new Condition(r.dataset(), r.noise()), c -> new LinkedHashMap<>())
                .computeIfAbsent(r.method(), m -> new LinkedHashMap<>())
                .put(r.replicate(), r);
        }
    }

    public RunsTable table() {
        return table;
    }

    /** Conditions ordered by data set (file order) and noise level. */
    public List<Condition> conditions() {
        List<String> datasets = table.datasets();
        List<Condition> out = new ArrayList<>(cells.keySet());
        out.sort(Comparator.<Condition>comparingInt(c -> datasets.indexOf(c.dataset()))
            .thenComparing(Condition::noise));
        return out;
    }

    /** Methods with at least one run in the condition, in {@link RunsTable#methods()} order. */
    public List<String> methods(Condition c) {
        Map<String, Map<String, RunRecord>> byMethod = cells.getOrDefault(c, Map.of());
        return table.methods().stream().filter(byMethod::containsKey).toList();
    }

    /** The cell's runs by replicate; empty if the method has no run there. */
    public Map<String, RunRecord> cell(Condition c, String method) {
        return cells.getOrDefault(c, Map.of()).getOrDefault(method, Map.of());
    }

    /** Statistics of a metric over the cell's replicates, NaN values (undefined metrics) left out. */
    public SummaryStatistics stats(Condition c, String method, Metric metric) {
        SummaryStatistics s = new SummaryStatistics();
        for (RunRecord r : cell(c, method).values()) {
            double v = metric.of(r);
            if (!Double.isNaN(v)) {
                s.addValue(v);
            }
        }
        return s;
    }

    /** The data sets that have runs at the noise level, in file order. */
    public List<String> datasets(NoiseLevel noise) {
        return table.datasets().stream().filter(d -> cells.containsKey(new Condition(d, noise))).toList();
    }

    /** Noise rates at which the data set has runs of the given noise type, or rate 0 of type {@code none}. */
    public List<NoiseLevel> curve(String dataset, String noiseType) {
        TreeSet<NoiseLevel> levels = new TreeSet<>(Comparator.comparingDouble(NoiseLevel::rate));
        for (Condition c : cells.keySet()) {
            if (c.dataset().equals(dataset) && c.noise().type().equals(noiseType)) {
                levels.add(c.noise());
            }
        }
        // The clean runs (type "none", rate 0) are the start of every noise type's curve unless that type has
        // its own runs at rate 0.
        NoiseLevel clean = new NoiseLevel("none", 0.0);
        if (!noiseType.equals("none") && cells.containsKey(new Condition(dataset, clean))
            && levels.stream().noneMatch(l -> l.rate() == 0.0)) {
            levels.add(clean);
        }
        return List.copyOf(levels);
    }

    /** Noise types with runs on the data set, sorted; {@code none} only if it is the only type there. */
    public List<String> noiseTypes(String dataset) {
        TreeSet<String> types = new TreeSet<>();
        for (Condition c : cells.keySet()) {
            if (c.dataset().equals(dataset)) {
                types.add(c.noise().type());
            }
        }
        if (types.size() > 1) {
            types.remove("none");
        }
        return List.copyOf(types);
    }
}
