package org.collectiveloss.training;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the same network in the driver's process, without Spark, on the same minibatches as
 * {@link ParameterAveragingTrainer} builds: the reference for speed and accuracy comparisons. The minibatches are
 * collected to the driver, so the training part must fit in its memory.
 */
public final class LocalTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);

    private final MlpSpec model;

    public LocalTrainer(MlpSpec model) {
        this.model = model;
    }

    /** Fits a fresh network; arguments as in {@link ParameterAveragingTrainer#fit}. */
    public TrainedModel fit(Dataset<Row> train, String weightColumn, MultiLayerConfiguration conf, int numClasses,
                            long seed) {
        List<DataSet> batches = WeightedDataSets.batches(train, weightColumn, numClasses, model.batchSize(), 1, seed)
            .collect();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        LOG.info("Single-process training: {} minibatches of {}, {} epochs", batches.size(), model.batchSize(),
            model.epochs());

        List<Double> losses = new ArrayList<>();
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= model.epochs(); epoch++) {
            double sum = 0.0;
            for (DataSet batch : batches) {
                net.fit(batch);
                sum += net.score();
            }
            losses.add(sum / batches.size());
            LOG.info("epoch {}/{}: training loss {}", epoch, model.epochs(), String.format("%.5f", sum / batches.size()));
        }
        return new TrainedModel(net, losses, (System.nanoTime() - start) / 1e9);
    }
}
