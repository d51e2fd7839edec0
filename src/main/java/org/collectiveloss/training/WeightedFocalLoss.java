package org.collectiveloss.training;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Focal loss (Lin, Goyal, Girshick, He and Dollár, "Focal Loss for Dense Object Detection", ICCV 2017) for softmax
 * outputs, with an exact per-example weight carried in the label row, as in {@link WeightedCrossEntropyLoss}.
 *
 * <p>The label row of example i is {@code w_i * onehot(y_i)}. With softmax output {@code p_i} and
 * {@code p = p_{i,y_i}} the example's loss is
 * <pre>  L_i = -w_i * alpha_{y_i} * (1 - p)^gamma * log p</pre>
 * The factor {@code (1 - p)^gamma} shrinks the loss of examples the network already classifies confidently, so
 * training concentrates on hard ones; the per-class {@code alpha} re-balances classes. Both mechanisms compete with
 * the collective loss, which down-weights atypical examples instead, so focal loss is the natural baseline that
 * also takes per-example weights. With {@code gamma = 0} and {@code alpha = 1} it is exactly
 * {@link WeightedCrossEntropyLoss}.
 *
 * <p>Gradient with respect to the pre-activations, in closed form: with
 * {@code g_c = labels_ic * alpha_c * ((1 - p_c)^gamma - gamma * p_c * (1 - p_c)^(gamma - 1) * log p_c)},
 * {@code dL_i/dz_ij = p_ij * sum_c g_c - g_j}. Labels are read as a general non-negative row, so a row with
 * several non-zero entries gets the sum of the per-class terms; a weight of 2 gives exactly twice the gradient of
 * weight 1 and weight 0 none.
 *
 * <p>Choosing the parameters: Lin et al. found {@code gamma = 2} best for detection, with the loss insensitive
 * between 0.5 and 5; {@code gamma = 0} removes the focusing. {@code alpha} is one weight per class, or none (all 1);
 * Lin et al. used 0.25 for the rare foreground class of a binary problem. In multi-class use, leave it unset unless
 * classes are imbalanced, and then give rare classes the larger values.
 *
 * <p>Probabilities are clipped to {@code [1e-10, 1 - 1e-10]} wherever a logarithm or a negative power of
 * {@code 1 - p} is taken, which keeps both finite; the computation runs in double precision whatever the network's
 * data type. As in DL4J's own losses, the minibatch loss is averaged over the number of examples, so weights
 * should have mean 1. Per-example masks ({@code [N,1]}) are honoured. Not supported: activations other than softmax
 * and per-output masks.
 */
public class WeightedFocalLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    /** Clipping of probabilities, as {@link WeightedCrossEntropyLoss#CLIP_EPS}. */
    public static final double CLIP_EPS = WeightedCrossEntropyLoss.CLIP_EPS;

    @JsonProperty("gamma")
    private final double gamma;
    @JsonProperty("alpha")
    private final double[] alpha;

    /** Used by DL4J's JSON deserialisation of network configurations only. */
    private WeightedFocalLoss() {
        this(2.0, null);
    }

    /**
     * @param gamma focusing parameter, finite and {@code >= 0}
     * @param alpha one positive weight per class, or null (or empty) for all 1
     */
    public WeightedFocalLoss(@JsonProperty("gamma") double gamma, @JsonProperty("alpha") double[] alpha) {
        if (!(gamma >= 0.0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("Focal loss gamma=" + gamma + " must be finite and >= 0 (2 is usual).");
        }
        if (alpha != null) {
            for (double a : alpha) {
                if (!(a > 0.0) || Double.isInfinite(a)) {
                    throw new IllegalArgumentException("Focal loss alpha " + Arrays.toString(alpha)
                        + " contains " + a + "; every class weight must be finite and positive.");
                }
            }
        }
        this.gamma = gamma;
        this.alpha = alpha == null || alpha.length == 0 ? null : alpha.clone();
    }

    public double gamma() {
        return gamma;
    }

    /** The per-class weights, or an empty array when all are 1. */
    public double[] alpha() {
        return alpha == null ? new double[0] : alpha.clone();
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = 0.0;
        for (double s : rowScores(labels, preOutput, activationFn, mask)) {
            sum += s;
        }
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] scores = rowScores(labels, preOutput, activationFn, mask);
        return Nd4j.create(scores, new long[] {scores.length, 1}, preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkInputs(labels, preOutput, activationFn, mask);
        double[][] p = activationFn.getActivation(preOutput.dup(), true).toDoubleMatrix();
        double[][] y = labels.toDoubleMatrix();
        double[] m = maskValues(mask, p.length);
        double[][] grad = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            int numClasses = p[i].length;
            double[] g = new double[numClasses];
            double gSum = 0.0;
            for (int c = 0; c < numClasses; c++) {
                if (y[i][c] != 0.0) {
                    double pc = clip(p[i][c]);
                    double q = 1.0 - pc;
                    // d/dp of -(1-p)^gamma log p, times p: the chain rule through softmax supplies the rest.
                    double focusing = gamma == 0.0 ? 1.0
                        : Math.pow(q, gamma) - gamma * pc * Math.pow(q, gamma - 1.0) * Math.log(pc);
                    g[c] = y[i][c] * alphaOf(c, numClasses) * focusing;
                    gSum += g[c];
                }
            }
            grad[i] = new double[numClasses];
            for (int c = 0; c < numClasses; c++) {
                grad[i][c] = m[i] * (p[i][c] * gSum - g[c]);
            }
        }
        return Nd4j.create(grad).castTo(preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask,
                                                          boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
            computeGradient(labels, preOutput, activationFn, mask));
    }

    /** The loss of each example, masked. */
    private double[] rowScores(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkInputs(labels, preOutput, activationFn, mask);
        double[][] p = activationFn.getActivation(preOutput.dup(), false).toDoubleMatrix();
        double[][] y = labels.toDoubleMatrix();
        double[] m = maskValues(mask, p.length);
        double[] scores = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double s = 0.0;
            for (int c = 0; c < p[i].length; c++) {
                if (y[i][c] != 0.0) {
                    double pc = clip(p[i][c]);
                    s -= y[i][c] * alphaOf(c, p[i].length) * Math.pow(1.0 - pc, gamma) * Math.log(pc);
                }
            }
            scores[i] = m[i] * s;
        }
        return scores;
    }

    private double alphaOf(int c, int numClasses) {
        if (alpha == null) {
            return 1.0;
        }
        if (alpha.length != numClasses) {
            throw new IllegalArgumentException("Focal loss alpha has " + alpha.length + " class weights but the"
                + " output layer has " + numClasses + " classes; give one weight per class or none.");
        }
        return alpha[c];
    }

    private static double clip(double p) {
        return Math.min(1.0 - CLIP_EPS, Math.max(CLIP_EPS, p));
    }

    private static double[] maskValues(INDArray mask, int rows) {
        double[] m = new double[rows];
        if (mask == null) {
            Arrays.fill(m, 1.0);
        } else {
            double[] values = mask.reshape(mask.length()).toDoubleVector();
            System.arraycopy(values, 0, m, 0, rows);
        }
        return m;
    }

    private static void checkInputs(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (!(activationFn instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("WeightedFocalLoss needs a softmax output activation, got "
                + activationFn + "; set activation(Activation.SOFTMAX) on the output layer.");
        }
        if (!labels.equalShapes(preOutput) || labels.rank() != 2) {
            throw new IllegalArgumentException("Labels shape " + Arrays.toString(labels.shape())
                + " differs from the output shape " + Arrays.toString(preOutput.shape())
                + "; label rows must be weight * one-hot over the output classes.");
        }
        if (mask != null && (LossUtil.isPerOutputMasking(preOutput, mask) || mask.length() != labels.size(0))) {
            throw new IllegalArgumentException("WeightedFocalLoss supports per-example masks of shape [N,1] only,"
                + " got " + Arrays.toString(mask.shape()) + "; carry per-example weights in the label rows.");
        }
    }

    @Override
    public String name() {
        return "WeightedFocalLoss";
    }

    @Override
    public String toString() {
        return "WeightedFocalLoss(gamma=" + gamma + (alpha == null ? "" : ", alpha=" + Arrays.toString(alpha)) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedFocalLoss other && Double.compare(gamma, other.gamma) == 0
            && Arrays.equals(alpha, other.alpha);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(gamma) + Arrays.hashCode(alpha);
    }
}
