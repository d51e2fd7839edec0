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
 * collected to the driver, so the training part must fit in its memory.
 *
 * <p>Threads: ND4J runs each operation on {@code threads} threads, by default its own setting (all cores, or
 * {@code OMP_NUM_THREADS}); the setting is process-wide and restored after the fit. See {@link Nd4jThreads} for why
 * {@code OMP_WAIT_POLICY=PASSIVE} matters on a machine shared with other work.
 */
public final class LocalTrainer implements NetworkTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);

    private final ModelSpec model;
    private final TrainingOptions options;
    private final int threads;

    public LocalTrainer(ModelSpec model) {
        this(model, TrainingOptions.NONE, 0);
    }

    public LocalTrainer(ModelSpec model, TrainingOptions options) {
        this(model, options, 0);
    }

    /**
     * @param threads ND4J threads per operation during the fit, 0 to keep the current setting
     */
    public LocalTrainer(ModelSpec model, TrainingOptions options, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("trainer.local-threads=" + threads
                + " must be >= 0 (0 keeps ND4J's setting).");
        }
        this.model = model;
        this.options = options;
        this.threads = threads;
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
        int previousThreads = Nd4jThreads.get();
        if (threads > 0) {
            Nd4jThreads.set(threads);
        }
        LOG.info("Single-process training: {} examples in {} minibatches of {}, {} validation rows, up to {} epochs,"
                + " {} ND4J threads", examples, batches.size(), model.batchSize(), parts.validationRows(),
            model.epochs(), Nd4jThreads.get());
        Nd4jThreads.logWaitPolicy();

        try {
            TrainingLoop loop = new TrainingLoop(options, model.epochs(), seed, "local", examples,
                parts.validation());
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
        } finally {
            Nd4jThreads.set(previousThreads);
        }
    }
}
