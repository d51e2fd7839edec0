package org.collectiveloss.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.collectiveloss.experiment.ResultsStore;
import org.collectiveloss.report.ExperimentReport;
import org.collectiveloss.report.RunsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report NAME}: the statistical report of an experiment's {@code runs.csv} (see {@link ExperimentReport}).
 * Needs no Spark session: it reads one CSV file and writes HTML, Markdown, LaTeX and figures.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Writes report.html, report.md, report.tex, tables/ and figures/ from <results>/runs.csv.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Experiment name (the report's title).")
    String name;

    @Option(names = "--results", paramLabel = "DIR",
        description = "Results folder holding runs.csv (default: results/NAME).")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the report (default: the results"
        + " folder).")
    Path out;

    @Override
    public Integer call() {
        // Plots are drawn off screen; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
        Path dir = results != null ? results : Path.of("results", name);
        RunsTable runs;
        ExperimentReport.Written w;
        try {
            runs = RunsTable.read(dir.resolve(ResultsStore.RUNS_CSV));
            w = ExperimentReport.write(name, runs, out != null ? out : dir);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // Bad input or an unwritable folder: the message names the file and the fix; a stack trace would
            // only bury it.
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        System.out.println("Report of " + runs.runs().size() + " runs written:");
        System.out.println("  " + w.html());
        System.out.println("  " + w.markdown());
        System.out.println("  " + w.latex() + " (+ " + w.tables().size() + " tables in "
            + w.latex().resolveSibling("tables") + ")");
        System.out.println("  " + w.figures().size() + " figure files in " + w.html().resolveSibling("figures"));
        return 0;
    }
}
