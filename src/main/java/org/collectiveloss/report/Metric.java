package org.collectiveloss.report;

/** A per-run score of {@code runs.csv} that the report summarises; higher is better for all of them. */
public enum Metric {
    /** Test accuracy, column {@code accuracy}. */
    ACCURACY("accuracy", "Accuracy"),
    /** Test macro-averaged F1, column {@code macro_f1}. */
    MACRO_F1("macro_f1", "Macro-F1"),
    /**
     * Area under the ROC curve of the weights as a detector of flipped labels (a low weight flags a suspected
     * noisy label), column {@code noise_auroc}; optional, and undefined (empty or NaN) for runs without label
     * noise or without weights.
     */
    NOISE_AUROC("noise_auroc", "Noise-detection AUROC");

    private final String column;
    private final String label;

    Metric(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /** The column's name in {@code runs.csv}. */
    public String column() {
        return column;
    }

    /** The name shown in the report. */
    public String label() {
        return label;
    }

    /** This metric's value in a run; NaN where the run has none. */
    public double of(RunRecord run) {
        return switch (this) {
            case ACCURACY -> run.accuracy();
            case MACRO_F1 -> run.macroF1();
            case NOISE_AUROC -> run.noiseAuroc();
        };
    }
}
