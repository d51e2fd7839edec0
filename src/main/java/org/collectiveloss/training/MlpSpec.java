package org.collectiveloss.training;

import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A multi-layer perceptron with a softmax output trained by {@link WeightedCrossEntropyLoss}.
 *
 * @param hiddenLayers width of each hidden dense layer, input side first; may be empty (softmax regression)
 * @param activation   hidden activation, a DL4J {@link Activation} name such as {@code relu} or {@code tanh}
 * @param updater      {@code adam}, {@code sgd} or {@code nesterovs} (momentum 0.9)
 * @param learningRate step size of the updater, positive; 1e-3 for Adam is the common start
 * @param l2           L2 penalty on the weights, non-negative
 * @param epochs       passes over the training part, at least 1
 * @param batchSize    examples per minibatch (per worker under Spark), at least 1
 */
public record MlpSpec(List<Integer> hiddenLayers, String activation, String updater, double learningRate,
                      double l2, int epochs, int batchSize) {

    public MlpSpec {
        hiddenLayers = List.copyOf(hiddenLayers);
        for (int width : hiddenLayers) {
            if (width < 1) {
                throw new IllegalArgumentException("model.hidden-layers contains " + width
                    + "; every hidden layer needs at least one unit.");
            }
        }
        activationOf(activation);
        updaterOf(updater, 1e-3);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("model.learning-rate=" + learningRate + " must be positive.");
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("model.l2=" + l2 + " must be finite and >= 0.");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("model.epochs=" + epochs + " must be at least 1.");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("model.batch-size=" + batchSize + " must be at least 1.");
        }
    }

    /**
     * The network configuration for {@code numFeatures} inputs and {@code numClasses} outputs.
     *
     * @param seed     seeds the weight initialisation (and dropout, were it used)
     * @param dataType FLOAT for training runs, DOUBLE for gradient checks
     */
    public MultiLayerConfiguration toConfiguration(int numFeatures, int numClasses, long seed, DataType dataType) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(dataType)
            .weightInit(WeightInit.XAVIER)
            .updater(updaterOf(updater, learningRate))
            .l2(l2)
            .list();
        int nIn = numFeatures;
        for (int width : hiddenLayers) {
            layers.layer(new DenseLayer.Builder().nIn(nIn).nOut(width).activation(activationOf(activation)).build());
            nIn = width;
        }
        layers.layer(new OutputLayer.Builder(new WeightedCrossEntropyLoss())
            .nIn(nIn).nOut(numClasses).activation(Activation.SOFTMAX).build());
        return layers.build();
    }

    private static Activation activationOf(String name) {
        try {
            return Activation.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.activation='" + name + "' is not a DL4J activation; use e.g."
                + " relu, tanh, sigmoid, leakyrelu, elu.", e);
        }
    }

    private static IUpdater updaterOf(String name, double learningRate) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> new Adam(learningRate);
            case "sgd" -> new Sgd(learningRate);
            case "nesterovs" -> new Nesterovs(learningRate, 0.9);
            default -> throw new IllegalArgumentException("model.updater='" + name
                + "' is not supported; use adam, sgd or nesterovs.");
        };
    }
}
