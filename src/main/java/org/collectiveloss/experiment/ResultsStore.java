package org.collectiveloss.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code runs.csv} file of an experiment's results folder. Each finished run is appended by writing the whole
 * file anew beside the old one and renaming it over it, so a run killed mid-write leaves the previous file
 * intact: no half line, no lost run.
 */
public final class ResultsStore {

    public static final String RUNS_CSV = "runs.csv";

    private final Path file;

    public ResultsStore(Path resultsDir) {
        try {
            Files.createDirectories(resultsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the results folder " + resultsDir
                + "; choose another with --results DIR.", e);
        }
        this.file = resultsDir.resolve(RUNS_CSV);
    }

    public Path file() {
        return file;
    }

    /** Appends one run atomically, writing the header first if the file is new. */
    public synchronized void append(RunResult run) {
        try {
            List<String> lines = new ArrayList<>();
            if (Files.exists(file)) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
            String header = String.join(",", RunResult.CSV_HEADER);
            if (lines.isEmpty()) {
                lines.add(header);
            } else if (!lines.get(0).equals(header)) {
                throw new IllegalStateException(file + " has the header '" + lines.get(0) + "', not the one this"
                    + " version writes; move it away or write to another folder with --results DIR.");
            }
            lines.add(run.toCsv());
            Path tmp = file.resolveSibling(RUNS_CSV + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
