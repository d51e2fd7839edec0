package org.collectiveloss.training;

import java.util.Locale;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * How a network is optimised: updater, learning rate and its schedule, L2 penalty, epochs and minibatch size.
 *
 * <p>Learning-rate schedules count epochs (DL4J's {@link ScheduleType#EPOCH}), so they behave the same in one
 * process and under Spark parameter averaging: {@code none} keeps the rate; {@code step} multiplies it by
 * {@code decay} every {@code stepEpochs} epochs; {@code exponential} multiplies it by {@code decay} every epoch.
 * Typical choices: Adam at 1e-3 without a schedule for MLPs on image data; SGD or Nesterov momentum at 0.01 to 0.1
 * with a step decay of 0.1 every third of the run. Not supported: warm-up, cyclic and cosine schedules.
 *
 * @param updater      {@code adam}, {@code sgd}, {@code nesterovs} (momentum 0.9) or {@code rmsprop}
 * @param learningRate initial step size, positive
 * @param schedule     {@code none}, {@code step} or {@code exponential}
 * @param decay        factor of the schedule, in (0, 1]; ignored by {@code none}
 * @param stepEpochs   epochs between two decays of the {@code step} schedule, at least 1
 * @param l2           L2 penalty on the weights (not the biases), non-negative
 * @param epochs       passes over the training part, at least 1 (an upper bound when early stopping is on)
 * @param batchSize    examples per minibatch (per worker under Spark), at least 1
 */
public record OptimiserSpec(String updater, double learningRate, String schedule, double decay, int stepEpochs,
                            double l2, int epochs, int batchSize) {

    public OptimiserSpec {
        updater = updater.toLowerCase(Locale.ROOT);
        schedule = schedule.toLowerCase(Locale.ROOT);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("model.learning-rate=" + learningRate + " must be positive.");
        }
        if (!(decay > 0) || decay > 1) {
            throw new IllegalArgumentException("model.lr-schedule.decay=" + decay + " must lie in (0, 1].");
        }
        if (stepEpochs < 1) {
            throw new IllegalArgumentException("model.lr-schedule.step-epochs=" + stepEpochs + " must be >= 1.");
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
        scheduleOf(schedule, learningRate, decay, stepEpochs);
        newUpdater(updater, null, learningRate);
    }

    /** Constant learning rate. */
    public static OptimiserSpec constant(String updater, double learningRate, double l2, int epochs, int batchSize) {
        return new OptimiserSpec(updater, learningRate, "none", 1.0, 1, l2, epochs, batchSize);
    }

    /** A new DL4J updater with this learning rate and schedule. */
    public IUpdater newUpdater() {
        return newUpdater(updater, scheduleOf(schedule, learningRate, decay, stepEpochs), learningRate);
    }

    private static ISchedule scheduleOf(String schedule, double learningRate, double decay, int stepEpochs) {
        return switch (schedule) {
            case "none" -> null;
            case "step" -> new StepSchedule(ScheduleType.EPOCH, learningRate, decay, stepEpochs);
            case "exponential" -> new ExponentialSchedule(ScheduleType.EPOCH, learningRate, decay);
            default -> throw new IllegalArgumentException("model.lr-schedule.type='" + schedule
                + "' is not supported; use none, step or exponential.");
        };
    }

    private static IUpdater newUpdater(String name, ISchedule schedule, double learningRate) {
        return switch (name) {
            case "adam" -> schedule == null ? new Adam(learningRate) : new Adam(schedule);
            case "sgd" -> schedule == null ? new Sgd(learningRate) : new Sgd(schedule);
            case "nesterovs" -> schedule == null ? new Nesterovs(learningRate, 0.9) : new Nesterovs(schedule, 0.9);
            case "rmsprop" -> schedule == null ? new RmsProp(learningRate) : new RmsProp(schedule);
            default -> throw new IllegalArgumentException("model.updater='" + name
                + "' is not supported; use adam, sgd, nesterovs or rmsprop.");
        };
    }
}
