package org.collectiveloss.training;

import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A small convolutional network for images given as flat feature vectors (row-major pixels, channels last
 * varying slowest, as in the IDX files of MNIST and Fashion-MNIST): one block per entry of {@code filters}, each a
 * {@code kernelSize x kernelSize} convolution with "same" padding followed by {@code poolSize x poolSize} max
 * pooling, then dense layers and a softmax output (the LeNet pattern, LeCun et al. 1998).
 *
 * <p>Choosing the parameters: for 28x28 images two blocks of 32 and 64 filters with 5x5 kernels and 2x2 pooling,
 * then one dense layer of 128 units, is the classic LeNet-like choice (the defaults); each block halves the
 * image side, so more than three blocks on 28x28 inputs leave little to pool. A CNN costs far more per example
 * than an MLP on the CPU; the CUDA build ({@code mvn -Pcuda}) is meant for it. Dropout is applied to the inputs
 * of the dense and output layers only; batch normalisation, if on, follows every convolution and dense layer.
 *
 * @param height      image height in pixels
 * @param width       image width in pixels
 * @param channels    colour channels (1 for grey scale); {@code height * width * channels} must equal the number
 *                    of features
 * @param filters     filters of each convolution block, at least one block
 * @param kernelSize  side of the square convolution kernels, at least 1
 * @param poolSize    side of the square max-pooling windows and their stride, at least 1
 * @param denseLayers widths of the dense layers after the convolution blocks; may be empty
 * @param activation  activation of convolution and dense layers, a DL4J {@link Activation} name
 * @param dropout     probability of dropping an input of the dense and output layers, in [0, 1)
 * @param batchNorm   whether convolution and dense layers are batch-normalised before their activation
 * @param optimiser   updater, learning rate, schedule, L2, epochs and minibatch size
 * @param loss        the output layer's loss
 */
public record CnnSpec(int height, int width, int channels, List<Integer> filters, int kernelSize, int poolSize,
                      List<Integer> denseLayers, String activation, double dropout, boolean batchNorm,
                      OptimiserSpec optimiser, LossSpec loss) implements ModelSpec {

    public CnnSpec {
        filters = List.copyOf(filters);
        denseLayers = List.copyOf(denseLayers);
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("model.cnn.input=[" + height + ", " + width + ", " + channels
                + "] must give a positive height, width and channel count, e.g. [28, 28, 1].");
        }
        if (filters.isEmpty() || filters.stream().anyMatch(f -> f < 1)) {
            throw new IllegalArgumentException("model.cnn.filters=" + filters + " needs at least one block and a"
                + " positive filter count per block, e.g. [32, 64].");
        }
        if (kernelSize < 1 || poolSize < 1) {
            throw new IllegalArgumentException("model.cnn.kernel-size=" + kernelSize + " and model.cnn.pool-size="
                + poolSize + " must both be at least 1.");
        }
        int side = Math.min(height, width);
        for (int i = 0; i < filters.size(); i++) {
            side /= poolSize;
        }
        if (side < 1) {
            throw new IllegalArgumentException(filters.size() + " pooling blocks of " + poolSize + "x" + poolSize
                + " shrink a " + height + "x" + width + " image to nothing; use fewer model.cnn.filters entries or a"
                + " smaller model.cnn.pool-size.");
        }
        if (denseLayers.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("model.cnn.dense-layers=" + denseLayers + " contains a width < 1.");
        }
        NetworkLayers.activationOf(activation);
        NetworkLayers.checkDropout(dropout);
    }

    @Override
    public MultiLayerConfiguration toConfiguration(int numFeatures, int numClasses, long seed, DataType dataType) {
        if ((long) height * width * channels != numFeatures) {
            throw new IllegalArgumentException("model.cnn.input=[" + height + ", " + width + ", " + channels
                + "] describes " + (long) height * width * channels + " pixels but the data set has " + numFeatures
                + " features; set the image shape of the data set.");
        }
        NeuralNetConfiguration.ListBuilder layers = NetworkLayers.start(optimiser, seed, dataType);
        Activation act = NetworkLayers.activationOf(activation);
        for (int f : filters) {
            ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(kernelSize, kernelSize).stride(1, 1)
                .nOut(f).convolutionMode(ConvolutionMode.Same);
            if (batchNorm) {
                layers.layer(conv.activation(Activation.IDENTITY).hasBias(false).build());
                layers.layer(new BatchNormalization.Builder().build());
                layers.layer(new ActivationLayer.Builder().activation(act).build());
            } else {
                layers.layer(conv.activation(act).build());
            }
            layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(poolSize, poolSize).stride(poolSize, poolSize).build());
        }
        for (int w : denseLayers) {
            NetworkLayers.dense(layers, w, act, batchNorm, dropout);
        }
        NetworkLayers.output(layers, loss, numClasses, dropout);
        return layers.setInputType(InputType.convolutionalFlat(height, width, channels)).build();
    }

    @Override
    public String describe(int numFeatures, int numClasses) {
        return "cnn " + height + "x" + width + "x" + channels + " conv" + kernelSize + " "
            + filters.stream().map(String::valueOf).collect(Collectors.joining("-")) + " pool" + poolSize
            + " dense " + denseLayers.stream().map(String::valueOf).collect(Collectors.joining("-")) + "-"
            + numClasses + " " + activation + (dropout > 0 ? " dropout " + dropout : "")
            + (batchNorm ? " batch-norm" : "") + ", " + loss.type() + ", " + optimiser.updater() + " "
            + optimiser.learningRate();
    }
}
