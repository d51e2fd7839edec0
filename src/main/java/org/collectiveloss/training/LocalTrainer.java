package org.collectiveloss.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network in the driver's process, without Spark, on the same minibatches as
 * {@link ParameterAveragingTrainer} builds: the reference for speed and accuracy comparisons. The minibatches are
 * formed once (a seeded order of the rows, cut into batches) and visited in a new seeded order every epoch. They are
 * collected to the driver, so the training part must fit in its memory. ND4J uses its default thread count (all
 * cores, or {@code OMP_NUM_THREADS}).
 */
public final class LocalTrainer implements NetworkTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);

    private final ModelSpec model;
    private final TrainingOptions options;

    public LocalTrainer(ModelSpec model) {
        this(model, TrainingOptions.NONE);
    }

    public LocalTrainer(ModelSpec model, TrainingOptions options) {
        this.model = model;
        this.options = options;
    }

    @Override
    public TrainedModel fit(Dataset<Row> train, String weightColumn, MultiLayerConfiguration conf, int numClasses,
                            long seed) {
        LossSpec.requireWeightSupport(conf, weightColumn);
        TrainingParts parts = TrainingParts.of(train, options, numClasses, seed);
        List<DataSet> batches = WeightedDataSets.batches(parts.train(), weightColumn, numClasses, model.batchSize(),
            1, seed).collect();
        long examples = batches.stream().mapToLong(DataSet::numExamples).sum();
        if (examples == 0) {
            throw new IllegalArgumentException("The training part is empty; there is nothing to fit.");
        }
        LOG.info("Single-process training: {} examples in {} minibatches of {}, {} validation rows, up to {} epochs,"
                + " {} ND4J threads", examples, batches.size(), model.batchSize(), parts.validationRows(),
            model.epochs(), Nd4jThreads.get());

        TrainingLoop loop = new TrainingLoop(options, model.epochs(), seed, "local", examples, parts.validation());
        return loop.run(conf, (net, epoch) -> {
            List<DataSet> order = new ArrayList<>(batches);
            Collections.shuffle(order, new Random(Seeds.mix(seed, epoch, 2)));
            double sum = 0.0;
            for (DataSet batch : order) {
                net.fit(batch);
                sum += net.score();
            }
            return sum / order.size();
        });
    }
}
