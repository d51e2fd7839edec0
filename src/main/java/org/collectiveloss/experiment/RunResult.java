package org.collectiveloss.experiment;

import java.util.List;
import java.util.Locale;

/**
 * One finished run of the grid: its coordinates, its test metrics, the time of each stage and its provenance.
 * {@link #CSV_HEADER} and {@link #toCsv()} give the {@code runs.csv} layout.
 */
public record RunResult(String experiment, String dataset, String method, String noiseType, double noise,
                        long seed, long nTrain, long nTest, double accuracy, double macroF1, double logLoss,
                        double finalTrainLoss, double graphSeconds, double weightSeconds, double trainSeconds,
                        String trainer, String sparkMaster, String configHash, String gitCommit,
                        String finishedAt) {

    public static final List<String> CSV_HEADER = List.of("experiment", "dataset", "method", "noise_type", "noise",
        "seed", "n_train", "n_test", "accuracy", "macro_f1", "log_loss", "final_train_loss", "graph_seconds",
        "weight_seconds", "train_seconds", "trainer", "spark_master", "config_hash", "git_commit", "finished_at");

    /** The run as one CSV line (no line break), fields in {@link #CSV_HEADER} order. */
    public String toCsv() {
        return String.join(",", experiment, dataset, method, noiseType, num(noise), Long.toString(seed),
            Long.toString(nTrain), Long.toString(nTest), num(accuracy), num(macroF1), num(logLoss),
            num(finalTrainLoss), num(graphSeconds), num(weightSeconds), num(trainSeconds), trainer, sparkMaster,
            configHash, gitCommit, finishedAt);
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.6g", x);
    }
}
