package org.collectiveloss.training;

import java.util.Locale;

/**
 * When to stop training before the configured number of epochs: after {@code patience} epochs in a row without an
 * improvement of the validation metric by more than {@code minDelta}. The epoch with the best validation metric is
 * recorded in every case, and with {@code restoreBest} the returned network carries that epoch's parameters.
 *
 * <p>Choosing the parameters: a patience of 3 to 5 epochs is usual for small networks; accuracy is the metric
 * the experiments report, while validation log loss reacts earlier to overfitting. {@code minDelta = 0} counts any
 * improvement.
 *
 * @param metric      {@code accuracy} (higher is better) or {@code loss} (validation log loss, lower is better)
 * @param patience    epochs without improvement before stopping; 0 turns early stopping off
 * @param minDelta    smallest change that counts as an improvement, {@code >= 0}
 * @param restoreBest whether the result carries the best epoch's parameters rather than the last epoch's
 */
public record EarlyStopping(String metric, int patience, double minDelta, boolean restoreBest) {

    /** Early stopping off; the best epoch is still recorded, the last epoch's parameters are returned. */
    public static final EarlyStopping OFF = new EarlyStopping("accuracy", 0, 0.0, false);

    public EarlyStopping {
        metric = metric.toLowerCase(Locale.ROOT);
        if (!metric.equals("accuracy") && !metric.equals("loss")) {
            throw new IllegalArgumentException("trainer.early-stopping.metric='" + metric
                + "'; use accuracy or loss (validation log loss).");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("trainer.early-stopping.patience=" + patience
                + " must be >= 0 (0 turns early stopping off).");
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("trainer.early-stopping.min-delta=" + minDelta + " must be >= 0.");
        }
    }

    public boolean enabled() {
        return patience > 0;
    }

    /** Whether {@code value} improves on {@code best} by more than {@code minDelta}; NaN never improves. */
    boolean improves(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return metric.equals("accuracy") ? value > best + minDelta : value < best - minDelta;
    }

    /** The monitored value of an epoch. */
    double valueOf(EpochMetrics m) {
        return metric.equals("accuracy") ? m.validationAccuracy() : m.validationLoss();
    }
}
