package org.collectiveloss.training;

import java.util.Locale;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/** Building blocks shared by {@link MlpSpec} and {@link CnnSpec}. */
final class NetworkLayers {

    private NetworkLayers() {
    }

    /** The common head of a configuration: seed, data type, initialisation, updater and L2. */
    static NeuralNetConfiguration.ListBuilder start(OptimiserSpec optimiser, long seed, DataType dataType) {
        return new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(dataType)
            .weightInit(WeightInit.XAVIER)
            .updater(optimiser.newUpdater())
            .l2(optimiser.l2())
            .list();
    }

    /**
     * Appends a dense layer of {@code width} units. With batch normalisation the layer is linear and without bias,
     * followed by batch normalisation and then the activation (the order of Ioffe and Szegedy, 2015). Dropout, if
     * {@code dropout > 0}, is applied to the block's input.
     */
    static void dense(NeuralNetConfiguration.ListBuilder layers, int width, Activation activation, boolean batchNorm,
                      double dropout) {
        DenseLayer.Builder dense = new DenseLayer.Builder().nOut(width);
        if (dropout > 0) {
            // DL4J's dropOut argument is the probability of keeping an input.
            dense.dropOut(1.0 - dropout);
        }
        if (batchNorm) {
            layers.layer(dense.activation(Activation.IDENTITY).hasBias(false).build());
            layers.layer(new BatchNormalization.Builder().nOut(width).build());
            layers.layer(new ActivationLayer.Builder().activation(activation).build());
        } else {
            layers.layer(dense.activation(activation).build());
        }
    }

    /** Appends the softmax output layer with the configured loss; dropout as in {@link #dense}. */
    static void output(NeuralNetConfiguration.ListBuilder layers, LossSpec loss, int numClasses, double dropout) {
        OutputLayer.Builder out = new OutputLayer.Builder(loss.newLossFunction(numClasses))
            .nOut(numClasses).activation(Activation.SOFTMAX);
        if (dropout > 0) {
            out.dropOut(1.0 - dropout);
        }
        layers.layer(out.build());
    }

    static Activation activationOf(String name) {
        try {
            return Activation.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.activation='" + name + "' is not a DL4J activation; use e.g."
                + " relu, tanh, sigmoid, leakyrelu, elu.", e);
        }
    }

    static void checkDropout(double dropout) {
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("model.dropout=" + dropout + " must lie in [0, 1): it is the"
                + " probability of dropping a unit (0 turns dropout off; 0.2 to 0.5 is usual).");
        }
    }
}
