package org.collectiveloss.training;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * Fits a network on a labelled, optionally weighted DataFrame: {@link LocalTrainer} in the driver's process,
 * {@link ParameterAveragingTrainer} on the Spark cluster. Both build the same minibatches from the same seed, share
 * the epoch loop (validation, early stopping, checkpoints) and differ only in how an epoch is run.
 */
public interface NetworkTrainer {

    /**
     * Fits a network, or resumes one from the run folder of the trainer's {@link TrainingOptions}.
     *
     * @param train        rows with id, features and label (the {@code DatasetSchema} contract) and the weight
     *                     column
     * @param weightColumn per-example loss weights (finite, non-negative, ideally mean 1), or null for uniform
     * @param conf         the network, e.g. from {@link ModelSpec#toConfiguration}
     * @param numClasses   C, the number of output classes
     * @param seed         seeds the validation split, the minibatches, their order and the averaging rounds
     * @throws IllegalArgumentException if weights are given for a loss that cannot take them
     */
    TrainedModel fit(Dataset<Row> train, String weightColumn, MultiLayerConfiguration conf, int numClasses,
                     long seed);
}
