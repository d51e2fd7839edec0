package org.collectiveloss.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of an experiment, read from its {@code runs.csv} by column name.
 *
 * <p>Required columns: {@code dataset, method, noise, seed, accuracy, macro_f1}. Read when present:
 * {@code experiment, noise_type} ({@code none} when absent), {@code fold} (a run's replicate is its seed and
 * fold), {@code noise_auroc}, {@code config_hash, git_commit}. Other columns are ignored, so files written by
 * later versions with more columns still load. Fields may be quoted as in RFC 4180.
 *
 * <p>Bad input stops the reading with one message that names the file, the line, the column and the value. A
 * run that appears twice (same data set, method, noise level, seed and fold, as a rerun writes it) is taken from
 * its last line; the earlier lines are listed in {@link #superseded()} and the report, and logged.
 */
public final class RunsTable {

    private static final Logger LOG = LoggerFactory.getLogger(RunsTable.class);

    /** Columns without which no report can be made. */
    public static final List<String> REQUIRED = List.of("dataset", "method", "noise", "seed", "accuracy",
        "macro_f1");

    /** The method every other one is compared with. */
    public static final String BASELINE = "uniform";

    private final String source;
    private final List<String> header;
    private final List<RunRecord> runs;
    private final List<String> superseded;

    private RunsTable(String source, List<String> header, List<RunRecord> runs, List<String> superseded) {
        this.source = source;
        this.header = List.copyOf(header);
        this.runs = List.copyOf(runs);
        this.superseded = List.copyOf(superseded);
    }

    /**
     * Reads a {@code runs.csv}.
     *
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalArgumentException if the file is empty, lacks a required column or holds a bad value
     */
    public static RunsTable read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No results file " + file + "; run the experiment first"
                + " (submit/run-experiment NAME) or point to its folder with --results DIR.");
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Parses the lines of a {@code runs.csv}; {@code source} names it in messages.
     *
     * @throws IllegalArgumentException if there is no header, a required column is missing or a value is bad
     */
    public static RunsTable parse(List<String> lines, String source) {
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(source + " is empty; it needs a header line naming the columns "
                + REQUIRED + " and one line per run.");
        }
        List<String> header = splitCsv(lines.get(0), source, 1);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i).trim(), i);
        }
        List<String> missing = REQUIRED.stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " lacks the column(s) " + missing + "; its header is "
                + header + ". Is this a runs.csv written by run-experiment?");
        }

        // Keyed by the run's coordinates so that a rerun replaces the earlier line.
        Map<String, RunRecord> byKey = new LinkedHashMap<>();
        List<String> superseded = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            int lineNo = i + 1;
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> fields = splitCsv(lines.get(i), source, lineNo);
            if (fields.size() < header.size()) {
                throw new IllegalArgumentException(source + " line " + lineNo + " has " + fields.size()
                    + " fields, the header " + header.size() + "; a run was cut short. Remove or complete the"
                    + " line.");
            }
            Row row = new Row(fields, index, source, lineNo);
            RunRecord run = new RunRecord(lineNo, row.text("experiment", ""), row.required("dataset"),
                row.required("method"), new NoiseLevel(row.text("noise_type", "none"), row.rate("noise")),
                row.integer("seed"), row.text("fold", ""), row.score("accuracy", false),
                row.score("macro_f1", false), row.score("noise_auroc", true), row.text("config_hash", ""),
                row.text("git_commit", ""));
            String key = String.join("\u0000", run.dataset(), run.method(), run.noise().type(),
                Double.toString(run.noise().rate()), run.replicate());
            RunRecord earlier = byKey.remove(key);
            if (earlier != null) {
                String note = "line " + earlier.line() + " (" + run.dataset() + ", " + run.method() + ", noise "
                    + run.noise().label() + ", seed " + run.replicate() + ") is superseded by line " + lineNo;
                superseded.add(note);
                LOG.warn("{}: {}", source, note);
            }
            byKey.put(key, run);
        }
        List<RunRecord> runs = new ArrayList<>(byKey.values());
        runs.sort((a, b) -> Integer.compare(a.line(), b.line()));
        // A holdout experiment writes fold 0 everywhere: its replicates are the seeds alone.
        if (runs.stream().allMatch(r -> r.fold().isEmpty() || r.fold().equals("0"))) {
            runs.replaceAll(r -> new RunRecord(r.line(), r.experiment(), r.dataset(), r.method(), r.noise(), r.seed(),
                "", r.accuracy(), r.macroF1(), r.noiseAuroc(), r.configHash(), r.gitCommit()));
        }
        LOG.info("Read {} runs from {} ({} superseded lines)", runs.size(), source, superseded.size());
        return new RunsTable(source, header, runs, superseded);
    }

    /** Where the runs were read from. */
    public String source() {
        return source;
    }

    /** The file's columns, in order. */
    public List<String> header() {
        return header;
    }

    /** Whether the runs come from k-fold splits, so that a replicate is a seed and a fold. */
    public boolean hasFolds() {
        return runs.stream().anyMatch(r -> !r.fold().isEmpty());
    }

    /** Whether the file has {@code column}. */
    public boolean hasColumn(String column) {
        return header.stream().anyMatch(h -> h.trim().equals(column));
    }

    /** The runs in file order, each coordinate once. */
    public List<RunRecord> runs() {
        return runs;
    }

    /** Notes on lines that a later line for the same run replaced. */
    public List<String> superseded() {
        return superseded;
    }

    /** Data sets in order of first appearance. */
    public List<String> datasets() {
        Set<String> s = new LinkedHashSet<>();
        runs.forEach(r -> s.add(r.dataset()));
        return List.copyOf(s);
    }

    /** Methods in order of first appearance, {@link #BASELINE} first when present. */
    public List<String> methods() {
        Set<String> s = new LinkedHashSet<>();
        if (runs.stream().anyMatch(r -> r.method().equals(BASELINE))) {
            s.add(BASELINE);
        }
        runs.forEach(r -> s.add(r.method()));
        return List.copyOf(s);
    }

    /** Noise levels, sorted by type and rate. */
    public List<NoiseLevel> noiseLevels() {
        Set<NoiseLevel> s = new TreeSet<>();
        runs.forEach(r -> s.add(r.noise()));
        return List.copyOf(s);
    }

    /** Distinct non-empty values of a text column over the runs, in order of appearance. */
    public List<String> distinct(Function<RunRecord, String> column) {
        Set<String> s = new LinkedHashSet<>();
        for (RunRecord r : runs) {
            String v = column.apply(r);
            if (!v.isEmpty()) {
                s.add(v);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(s));
    }

    /** Splits one CSV line; double quotes enclose fields holding commas, and "" inside them is a quote. */
    static List<String> splitCsv(String line, String source, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + " line " + lineNo + " opens a quote it does not close;"
                + " fields with commas must be enclosed in double quotes.");
        }
        fields.add(field.toString());
        return fields;
    }

    /** The fields of one line, looked up by column name, with messages that point at the bad value. */
    private record Row(List<String> fields, Map<String, Integer> index, String source, int line) {

        String text(String column, String absent) {
            Integer i = index.get(column);
            return i == null ? absent : fields.get(i).trim();
        }

        String required(String column) {
            String v = text(column, "");
            if (v.isEmpty()) {
                throw bad(column, v, "an empty " + column + " cannot be grouped; fill it in or remove the line");
            }
            return v;
        }

        long integer(String column) {
            String v = text(column, "");
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw bad(column, v, "seeds are integers");
            }
        }

        double rate(String column) {
            double x = number(column);
            if (!(x >= 0.0 && x <= 1.0)) {
                throw bad(column, text(column, ""), "the noise rate is a share in [0, 1]");
            }
            return x;
        }

        /** A score in [0, 1]; NaN allowed (and an absent column or empty field read as NaN) if optional. */
        double score(String column, boolean optional) {
            if (optional && (!index.containsKey(column) || text(column, "").isEmpty())) {
                return Double.NaN;
            }
            double x = number(column);
            if (Double.isNaN(x) && optional) {
                return x;
            }
            if (!(x >= 0.0 && x <= 1.0)) {
                throw bad(column, text(column, ""), "scores lie in [0, 1]; rerun this run or remove the line");
            }
            return x;
        }

        private double number(String column) {
            String v = text(column, "");
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw bad(column, v, "a number is expected");
            }
        }

        private IllegalArgumentException bad(String column, String value, String why) {
            return new IllegalArgumentException(source + " line " + line + ", column '" + column + "': '" + value
                + "' is not valid; " + why + ".");
        }
    }
}
