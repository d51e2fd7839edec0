package org.collectiveloss.training;

import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The training loss of the output layer.
 *
 * <ul>
 *   <li>{@code weighted-cross-entropy}: softmax cross-entropy with exact per-example weights
 *       ({@link WeightedCrossEntropyLoss}); the collective loss, and plain cross-entropy when all weights are 1.
 *   <li>{@code focal}: focal loss with per-example weights ({@link WeightedFocalLoss}), the competing baseline
 *       that re-weights by difficulty instead of typicality.
 *   <li>{@code cross-entropy}: DL4J's own multi-class cross-entropy ({@code LossMCXENT}). It cannot take weights
 *       (its softmax gradient assumes one-hot labels); it is the unweighted reference for speed comparisons.
 * </ul>
 *
 * @param type  one of the names above
 * @param gamma focal loss focusing parameter, {@code >= 0}; ignored by the other losses
 * @param alpha focal loss per-class weights, empty for all 1; ignored by the other losses
 */
public record LossSpec(String type, double gamma, List<Double> alpha) {

    public static final String WEIGHTED_CROSS_ENTROPY = "weighted-cross-entropy";
    public static final String FOCAL = "focal";
    public static final String CROSS_ENTROPY = "cross-entropy";

    /** The default: the weighted cross-entropy of the collective loss. */
    public static final LossSpec DEFAULT = new LossSpec(WEIGHTED_CROSS_ENTROPY, 2.0, List.of());

    public LossSpec {
        type = type.toLowerCase(Locale.ROOT);
        alpha = List.copyOf(alpha);
        if (!List.of(WEIGHTED_CROSS_ENTROPY, FOCAL, CROSS_ENTROPY).contains(type)) {
            throw new IllegalArgumentException("model.loss.type='" + type + "' is not supported; use "
                + WEIGHTED_CROSS_ENTROPY + ", " + FOCAL + " or " + CROSS_ENTROPY + ".");
        }
        // Validates gamma and alpha with the loss's own messages.
        new WeightedFocalLoss(gamma, alpha.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Whether per-example weights in the label rows are honoured. */
    public boolean acceptsWeights() {
        return !type.equals(CROSS_ENTROPY);
    }

    /**
     * A new loss function.
     *
     * @param numClasses number of output classes, checked against the focal loss's {@code alpha}
     */
    public ILossFunction newLossFunction(int numClasses) {
        return switch (type) {
            case FOCAL -> {
                if (!alpha.isEmpty() && alpha.size() != numClasses) {
                    throw new IllegalArgumentException("model.loss.alpha has " + alpha.size()
                        + " entries but the data set has " + numClasses + " classes; give one per class or [].");
                }
                yield new WeightedFocalLoss(gamma, alpha.stream().mapToDouble(Double::doubleValue).toArray());
            }
            case CROSS_ENTROPY -> new LossMCXENT();
            default -> new WeightedCrossEntropyLoss();
        };
    }

    /**
     * Checks that the output layer of {@code conf} can be trained with the given weight column.
     *
     * @throws IllegalArgumentException if weights are requested for a loss that ignores them
     */
    static void requireWeightSupport(MultiLayerConfiguration conf, String weightColumn) {
        Layer last = conf.getConf(conf.getConfs().size() - 1).getLayer();
        ILossFunction loss;
        if (last instanceof BaseOutputLayer output) {
            loss = output.getLossFn();
        } else if (last instanceof LossLayer lossLayer) {
            loss = lossLayer.getLossFn();
        } else {
            return;
        }
        if (weightColumn != null && !(loss instanceof WeightedCrossEntropyLoss || loss instanceof WeightedFocalLoss)) {
            throw new IllegalArgumentException("The output layer's loss " + loss + " cannot take per-example weights"
                + " (weight column '" + weightColumn + "'); use model.loss.type = " + WEIGHTED_CROSS_ENTROPY
                + " or " + FOCAL + ", or train without weights.");
        }
    }
}
