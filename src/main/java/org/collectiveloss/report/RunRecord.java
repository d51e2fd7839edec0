package org.collectiveloss.report;

/**
 * One line of an experiment's {@code runs.csv} as the report needs it.
 *
 * @param line       line number in the file (the header is line 1), for messages
 * @param experiment experiment name; empty when the file has no such column
 * @param dataset    data set name
 * @param method     weighting method (e.g. {@code uniform}, {@code entropy})
 * @param noise      the label-noise level of the run
 * @param seed       the run's seed
 * @param fold       cross-validation fold; empty when the file has no {@code fold} column
 * @param accuracy   test accuracy
 * @param macroF1    test macro-F1
 * @param noiseAuroc noise-detection AUROC of the weights; NaN where absent or undefined
 * @param configHash hash of the run's configuration; empty when absent
 * @param gitCommit  commit of the code that produced the run; empty when absent
 */
public record RunRecord(int line, String experiment, String dataset, String method, NoiseLevel noise, long seed,
                        String fold, double accuracy, double macroF1, double noiseAuroc, String configHash,
                        String gitCommit) {

    /** The replicate within a cell: seed, and fold where there is one. Runs with equal replicates are paired. */
    public String replicate() {
        return fold.isEmpty() ? Long.toString(seed) : seed + "/" + fold;
    }
}
