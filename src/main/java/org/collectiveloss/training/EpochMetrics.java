package org.collectiveloss.training;

/**
 * What one training epoch produced.
 *
 * @param epoch              1-based epoch number
 * @param trainLoss          mean of the minibatch losses of the epoch, as DL4J reports them (weighted loss plus
 *                           the L2 term)
 * @param validationLoss     mean log loss of the validation part (unweighted), NaN without a validation part
 * @param validationAccuracy accuracy on the validation part, NaN without a validation part
 * @param learningRate       the learning rate of the epoch's updates
 * @param seconds            wall time of the epoch's fit, excluding validation and checkpointing
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                           double learningRate, double seconds) {

    /** The CSV header matching {@link #toCsv()}. */
    public static final String CSV_HEADER = "epoch,train_loss,validation_loss,validation_accuracy,learning_rate,"
        + "seconds";

    public String toCsv() {
        return epoch + "," + trainLoss + "," + validationLoss + "," + validationAccuracy + "," + learningRate + ","
            + seconds;
    }

    /**
     * Parses a line written by {@link #toCsv()}.
     *
     * @throws IllegalArgumentException naming the line if it is malformed
     */
    public static EpochMetrics fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 6) {
            throw new IllegalArgumentException("Epoch metrics line '" + line + "' has " + f.length
                + " fields; expected " + CSV_HEADER + ".");
        }
        try {
            return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Epoch metrics line '" + line + "' holds a non-number.", e);
        }
    }
}
