package org.collectiveloss.training;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.DataSet;

/** The training part a trainer fits and the validation minibatches it keeps in the driver. */
record TrainingParts(Dataset<Row> train, List<DataSet> validation) {

    /** Rows per validation minibatch: only a forward pass, so larger than training minibatches. */
    private static final int VALIDATION_BATCH = 1024;

    static TrainingParts of(Dataset<Row> train, TrainingOptions options, int numClasses, long seed) {
        if (options.validationFraction() == 0.0) {
            return new TrainingParts(train, List.of());
        }
        ValidationSplit.Parts parts = ValidationSplit.split(train, options.validationFraction(), seed);
        // Validation labels are plain one-hot rows: its loss and accuracy are unweighted.
        List<DataSet> validation = WeightedDataSets.batches(parts.validation(), null, numClasses, VALIDATION_BATCH,
            1, seed).collect();
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("trainer.validation-fraction=" + options.validationFraction()
                + " left no validation rows in a training part this small; raise it or set it to 0.");
        }
        return new TrainingParts(parts.train(), validation);
    }

    int validationRows() {
        return validation.stream().mapToInt(DataSet::numExamples).sum();
    }
}
