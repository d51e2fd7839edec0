package org.collectiveloss.training;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy with an exact per-example weight carried in the label row.
 *
 * <p>The label row of example i is {@code w_i * onehot(y_i)}: the weight is the row sum. With softmax output
 * {@code p_i} the example's loss is {@code L_i = -sum_c labels_ic * log p_ic = -w_i log p_{i,y_i}} and its gradient
 * with respect to the pre-activations is {@code dL_i/dz_i = p_i * sum_c labels_ic - labels_i = w_i (p_i - y_i)}.
 * A weight of 2 therefore gives exactly twice the gradient of weight 1, and weight 0 none: the property the
 * collective loss needs.
 *
 * <p>Why the weight travels in the labels and not in a mask: in DL4J 1.0.0-M2 a non-binary labels mask on an
 * {@code OutputLayer} also scales the layer's pre-activations, so it is not a loss weight, and an {@code [N,C]} mask
 * (which {@code DataSet.merge} builds from per-example masks) is rejected for softmax. Label rows survive merging,
 * splitting and Spark's broadcast of the configuration unchanged.
 *
 * <p>As in DL4J's own losses, the minibatch loss is averaged over the number of examples, not over the sum of
 * weights: weights should have mean 1 over the training set for the learning rate to keep its meaning.
 * Per-example masks ({@code [N,1]}) are honoured. Not supported: activations other than softmax (the closed-form
 * gradient above is specific to it), and per-output masks.
 */
public class WeightedCrossEntropyLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    /** Probabilities are clipped to {@code [eps, 1 - eps]} inside the logarithm, as DL4J's MCXENT does. */
    public static final double CLIP_EPS = 1e-10;

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double score = -scoreTerms(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? score / labels.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return scoreTerms(labels, preOutput, activationFn, mask).sum(true, 1).negi();
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkInputs(labels, preOutput, activationFn, mask);
        INDArray output = activationFn.getActivation(preOutput.dup(), true);
        INDArray rowWeight = labels.sum(true, 1);
        INDArray grad = output.muliColumnVector(rowWeight).subi(labels);
        if (mask != null) {
            LossUtil.applyMask(grad, mask);
        }
        return grad;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask,
                                                          boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
            computeGradient(labels, preOutput, activationFn, mask));
    }

    /** Element-wise {@code labels * log(clip(p))}, masked; the loss is minus its sum. */
    private INDArray scoreTerms(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkInputs(labels, preOutput, activationFn, mask);
        INDArray output = activationFn.getActivation(preOutput.dup(), false);
        Transforms.max(output, CLIP_EPS, false);
        Transforms.min(output, 1.0 - CLIP_EPS, false);
        INDArray terms = Transforms.log(output, false).muli(labels);
        if (mask != null) {
            LossUtil.applyMask(terms, mask);
        }
        return terms;
    }

    private static void checkInputs(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (!(activationFn instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("WeightedCrossEntropyLoss needs a softmax output activation, got "
                + activationFn + "; set activation(Activation.SOFTMAX) on the output layer.");
        }
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException("Labels shape " + java.util.Arrays.toString(labels.shape())
                + " differs from the output shape " + java.util.Arrays.toString(preOutput.shape())
                + "; label rows must be weight * one-hot over the output classes.");
        }
        if (mask != null && LossUtil.isPerOutputMasking(preOutput, mask)) {
            throw new IllegalArgumentException("Per-output masks are not supported by WeightedCrossEntropyLoss;"
                + " carry per-example weights in the label rows instead.");
        }
    }

    @Override
    public String name() {
        return "WeightedCrossEntropyLoss";
    }

    @Override
    public String toString() {
        return name() + "()";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedCrossEntropyLoss;
    }

    @Override
    public int hashCode() {
        return WeightedCrossEntropyLoss.class.hashCode();
    }
}
