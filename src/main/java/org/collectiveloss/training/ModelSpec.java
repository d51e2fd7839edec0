package org.collectiveloss.training;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A network architecture with its loss and optimisation, read from the {@code model} block of an experiment.
 * Two kinds exist: {@link MlpSpec} (multi-layer perceptron) and {@link CnnSpec} (small convolutional network for
 * images). Both end in a softmax output layer trained with the configured {@link LossSpec}.
 */
public sealed interface ModelSpec permits MlpSpec, CnnSpec {

    /** Updater, learning rate and schedule, L2, epochs and minibatch size. */
    OptimiserSpec optimiser();

    /** The output layer's loss. */
    LossSpec loss();

    /** Passes over the training part (an upper bound when early stopping is on). */
    default int epochs() {
        return optimiser().epochs();
    }

    /** Examples per minibatch; per worker under Spark. */
    default int batchSize() {
        return optimiser().batchSize();
    }

    /**
     * The network configuration for {@code numFeatures} inputs and {@code numClasses} outputs.
     *
     * @param seed     seeds the weight initialisation and dropout
     * @param dataType FLOAT for training runs, DOUBLE for gradient checks
     * @throws IllegalArgumentException if the input width does not fit the architecture
     */
    MultiLayerConfiguration toConfiguration(int numFeatures, int numClasses, long seed, DataType dataType);

    /** A one-line description for logs, e.g. {@code mlp 784-256-128-10 relu}. */
    String describe(int numFeatures, int numClasses);
}
