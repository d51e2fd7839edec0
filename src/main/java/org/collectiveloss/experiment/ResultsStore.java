package org.collectiveloss.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SaveMode;

/**
 * The results of an experiment: {@code runs.csv}, the primary record, and {@code runs.parquet}, the same rows
 * typed for Spark and pandas.
 *
 * <p>Each finished run is appended by writing the whole CSV anew beside the old one and renaming it over it, so
 * a run killed mid-write leaves the previous file intact: no half line, no lost run. A resumed experiment reads
 * the finished runs back ({@link #finished()}) and skips them, so no run is lost or doubled. The Parquet copy is
 * rewritten from the CSV after each append.
 */
public final class ResultsStore {

    public static final String RUNS_CSV = "runs.csv";
    public static final String RUNS_PARQUET = "runs.parquet";

    private final Path dir;
    private final Path file;

    public ResultsStore(Path resultsDir) {
        try {
            Files.createDirectories(resultsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the results folder " + resultsDir
                + "; choose another with --results DIR.", e);
        }
        this.dir = resultsDir;
        this.file = resultsDir.resolve(RUNS_CSV);
    }

    public Path file() {
        return file;
    }

    public Path dir() {
        return dir;
    }

    /** The runs already in {@code runs.csv}, in file order; empty when there is none yet. */
    public synchronized List<RunResult> finished() {
        List<RunResult> runs = new ArrayList<>();
        List<String> lines = lines();
        for (int i = 1; i < lines.size(); i++) {
            try {
                runs.add(RunResult.fromCsv(lines.get(i)));
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + " line " + (i + 1) + " cannot be read (" + e.getMessage()
                    + "); repair or remove that line, or write to another folder with --results DIR.", e);
            }
        }
        return runs;
    }

    /** Appends one run atomically, writing the header first if the file is new. */
    public synchronized void append(RunResult run) {
        List<String> lines = new ArrayList<>(lines());
        if (lines.isEmpty()) {
            lines.add(String.join(",", RunResult.CSV_HEADER));
        }
        lines.add(run.toCsv());
        try {
            Path tmp = file.resolveSibling(RUNS_CSV + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Rewrites {@code runs.parquet} (one file) from all runs of {@code runs.csv}. */
    public synchronized void writeParquet(SparkSession spark) {
        Path target = dir.resolve(RUNS_PARQUET);
        Path tmp = dir.resolve(RUNS_PARQUET + ".tmp");
        List<org.apache.spark.sql.Row> rows = finished().stream().map(RunResult::toRow).toList();
        spark.createDataFrame(rows, RunResult.SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
            .parquet(tmp.toUri().toString());
        deleteTree(target);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move " + tmp + " to " + target, e);
        }
    }

    private List<String> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String header = String.join(",", RunResult.CSV_HEADER);
            if (!lines.isEmpty() && !lines.get(0).equals(header)) {
                throw new IllegalStateException(file + " has the header '" + lines.get(0) + "', not the one this"
                    + " version writes; move it away or write to another folder with --results DIR.");
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
