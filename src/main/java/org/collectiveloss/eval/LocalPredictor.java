package org.collectiveloss.eval;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Scores a network in the current process on minibatches already in memory, such as the validation part that the
 * trainers keep in the driver. The true class of a row is the arg-max of its label row, so label rows may carry
 * per-example weights ({@code w * onehot}); rows of weight 0 have no class and are skipped. For data in a DataFrame
 * use {@link SparkPredictor}.
 */
public final class LocalPredictor {

    private LocalPredictor() {
    }

    /**
     * Accuracy, macro-F1 and log loss of {@code network} on {@code batches}.
     *
     * @throws IllegalArgumentException if the batches hold no row with a class
     */
    public static ClassificationMetrics evaluate(MultiLayerNetwork network, List<DataSet> batches) {
        int n = 0;
        for (DataSet b : batches) {
            n += b.numExamples();
        }
        int[] labels = new int[n];
        double[][] probs = new double[n][];
        int row = 0;
        for (DataSet b : batches) {
            INDArray out = network.output(b.getFeatures(), false);
            double[][] p = out.toDoubleMatrix();
            double[][] y = b.getLabels().toDoubleMatrix();
            for (int i = 0; i < p.length; i++) {
                int argMax = ClassificationMetrics.argMax(y[i]);
                if (y[i][argMax] > 0.0) {
                    labels[row] = argMax;
                    probs[row] = p[i];
                    row++;
                }
            }
        }
        if (row < n) {
            labels = java.util.Arrays.copyOf(labels, row);
            probs = java.util.Arrays.copyOf(probs, row);
        }
        return ClassificationMetrics.of(labels, probs);
    }
}
