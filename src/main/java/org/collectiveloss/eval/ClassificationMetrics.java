package org.collectiveloss.eval;

/**
 * Accuracy, macro-averaged F1 and log loss of probabilistic predictions against true class indices.
 *
 * <p>Macro-F1 averages the per-class F1 over all C classes; a class that is neither present nor predicted counts
 * as F1 = 0, as a class with no true and no predicted instances has undefined precision and recall (scikit-learn's
 * {@code zero_division=0}). Log loss is the mean of {@code -ln p(true class)}, with probabilities clipped to
 * {@code [1e-15, 1 - 1e-15]}. Ties in the arg-max go to the lowest class index.
 *
 * @param accuracy share of correct arg-max predictions
 * @param macroF1  unweighted mean of per-class F1
 * @param logLoss  mean negative log-likelihood of the true class, in nats
 * @param n        number of evaluated instances
 */
public record ClassificationMetrics(double accuracy, double macroF1, double logLoss, long n) {

    private static final double EPS = 1e-15;

    /**
     * Computes the metrics.
     *
     * @param labels true class indices in {@code 0..C-1}
     * @param probs  one row of C class probabilities per instance
     */
    public static ClassificationMetrics of(int[] labels, double[][] probs) {
        if (labels.length != probs.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but probs has "
                + probs.length + " rows; give one probability row per label.");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("No instances to evaluate; the test part is empty.");
        }
        int numClasses = probs[0].length;
        long[] truePos = new long[numClasses];
        long[] predicted = new long[numClasses];
        long[] actual = new long[numClasses];
        double logLossSum = 0.0;
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= numClasses || probs[i].length != numClasses) {
                throw new IllegalArgumentException("Instance " + i + " has label " + y + " and "
                    + probs[i].length + " probabilities; labels must lie in 0.." + (numClasses - 1) + ".");
            }
            int argMax = argMax(probs[i]);
            predicted[argMax]++;
            actual[y]++;
            if (argMax == y) {
                truePos[y]++;
            }
            logLossSum -= Math.log(Math.min(1.0 - EPS, Math.max(EPS, probs[i][y])));
        }

        long correct = 0;
        double f1Sum = 0.0;
        for (int c = 0; c < numClasses; c++) {
            correct += truePos[c];
            long denominator = predicted[c] + actual[c];
            f1Sum += denominator == 0 ? 0.0 : 2.0 * truePos[c] / denominator;
        }
        int n = labels.length;
        return new ClassificationMetrics((double) correct / n, f1Sum / numClasses, logLossSum / n, n);
    }

    static int argMax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }
}
