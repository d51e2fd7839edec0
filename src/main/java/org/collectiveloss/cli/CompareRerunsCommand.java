package org.collectiveloss.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.collectiveloss.experiment.RerunComparison;
import org.collectiveloss.experiment.RerunComparison.CellChange;
import org.collectiveloss.experiment.ResultsStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compare-reruns}: compares the experiments of one scheduled rerun with the previous rerun that has them,
 * appends the comparison to the history file and exits with 1 on a regression (see {@link RerunComparison}).
 * Reruns are folders {@code <root>/<stamp>/<experiment>/runs.csv}, stamps sorting in time order.
 */
@Command(name = "compare-reruns", mixinStandardHelpOptions = true,
    description = "Compares a rerun with the previous one; exit status 1 when a mean accuracy regressed.")
public final class CompareRerunsCommand implements Callable<Integer> {

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "results/reruns",
        description = "Folder holding one sub-folder per rerun (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--current", paramLabel = "STAMP", required = true,
        description = "The rerun to check, a sub-folder of the root.")
    String current;

    @Option(names = "--history", paramLabel = "FILE",
        description = "History file appended to (default: <root>/history.csv).")
    Path history;

    @Parameters(paramLabel = "EXPERIMENT", arity = "1..*", description = "Experiment names to compare.")
    List<String> experiments;

    @Override
    public Integer call() {
        Path historyFile = history != null ? history : root.resolve("history.csv");
        boolean regression = false;
        List<String> lines = new ArrayList<>();
        for (String experiment : experiments) {
            Path currentDir = root.resolve(current).resolve(experiment);
            if (!Files.isRegularFile(currentDir.resolve(ResultsStore.RUNS_CSV))) {
                throw new IllegalArgumentException("No " + ResultsStore.RUNS_CSV + " in " + currentDir
                    + "; run the experiment into that folder first (submit/rerun-benchmarks does).");
            }
            Optional<Path> previousDir = previousRerun(experiment);
            List<CellChange> changes = RerunComparison.compare(new ResultsStore(currentDir).finished(),
                previousDir.map(p -> new ResultsStore(p).finished()).orElse(List.of()));
            System.out.println(experiment + ": compared with "
                + previousDir.map(p -> p.getParent().getFileName().toString()).orElse("nothing (first rerun)"));
            for (CellChange c : changes) {
                System.out.printf("  %-10s %-16s noise=%.2f %-18s mean=%.4f sd=%.4f previous=%.4f%n",
                    c.status(), c.dataset(), c.noise(), c.method(), c.mean(), c.sd(), c.previousMean());
                lines.add(c.toCsv(current, experiment));
            }
            regression |= RerunComparison.hasRegression(changes);
        }
        appendHistory(historyFile, lines);
        System.out.println(regression ? "REGRESSION: at least one mean accuracy fell beyond its seed spread"
            : "No regression.");
        return regression ? 1 : 0;
    }

    private Optional<Path> previousRerun(String experiment) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                .filter(d -> d.getFileName().toString().compareTo(current) < 0)
                .map(d -> d.resolve(experiment))
                .filter(d -> Files.isRegularFile(d.resolve(ResultsStore.RUNS_CSV)))
                .max(Path::compareTo);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
    }

    private static void appendHistory(Path file, List<String> lines) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, RerunComparison.HISTORY_HEADER + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            }
            Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file, e);
        }
    }
}
