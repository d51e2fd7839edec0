package org.collectiveloss.training;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A fitted network with the training loss after each epoch and the wall time of the fit.
 *
 * @param network      the trained network
 * @param epochLosses  the (weighted) training loss reported by DL4J after each epoch
 * @param trainSeconds wall time of all epochs, excluding the data preparation
 */
public record TrainedModel(MultiLayerNetwork network, List<Double> epochLosses, double trainSeconds) {

    public TrainedModel {
        epochLosses = List.copyOf(epochLosses);
    }
}
