package org.collectiveloss.training;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A fitted network with its per-epoch history.
 *
 * @param network       the trained network: the best epoch's parameters when early stopping restored them, else
 *                      the last epoch's
 * @param history       one entry per epoch run, in order (including epochs run before a resumption)
 * @param bestEpoch     the epoch with the best validation metric, or the last epoch without a validation part
 * @param stoppedEarly  whether early stopping ended the training before the configured number of epochs
 * @param trainExamples examples in the training part (after the validation part was split off)
 */
public record TrainedModel(MultiLayerNetwork network, List<EpochMetrics> history, int bestEpoch,
                           boolean stoppedEarly, long trainExamples) {

    public TrainedModel {
        history = List.copyOf(history);
    }

    /** The training loss after each epoch. */
    public List<Double> epochLosses() {
        List<Double> losses = new ArrayList<>(history.size());
        for (EpochMetrics m : history) {
            losses.add(m.trainLoss());
        }
        return losses;
    }

    /** Wall time of all epochs' fits, excluding data preparation, validation and checkpoints. */
    public double trainSeconds() {
        return history.stream().mapToDouble(EpochMetrics::seconds).sum();
    }

    /** Training throughput: examples fitted per second of {@link #trainSeconds()}. */
    public double examplesPerSecond() {
        return trainExamples * history.size() / trainSeconds();
    }
}
