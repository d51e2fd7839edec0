package org.collectiveloss.training;

import org.apache.spark.TaskContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs inside each parameter-averaging worker around every minibatch: it sets ND4J's threads of the executor JVM
 * once, seeds the worker thread's ND4J random generator (which dropout draws from) at the start of each task from the
 * run's seed, the round's iteration count and the partition, and sums the minibatch losses into accumulators so the
 * driver can report the epoch's mean training loss rather than the last round's.
 */
final class WorkerHook implements TrainingHook {

    private static final long serialVersionUID = 1L;

    /** The threads setting already applied in this JVM, so that it is set once per executor. */
    private static volatile int appliedThreads = -1;

    private final int threads;
    private final long seed;
    private final DoubleAccumulator lossSum;
    private final LongAccumulator minibatches;
    private transient boolean seeded;

    WorkerHook(int threads, long seed, DoubleAccumulator lossSum, LongAccumulator minibatches) {
        this.threads = threads;
        this.seed = seed;
        this.lossSum = lossSum;
        this.minibatches = minibatches;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        if (threads > 0 && appliedThreads != threads) {
            Nd4jThreads.set(threads);
            appliedThreads = threads;
        }
        if (!seeded) {
            // The iteration count is the same for all workers of a round and differs between rounds.
            int iteration = model instanceof MultiLayerNetwork net ? net.getIterationCount() : 0;
            TaskContext task = TaskContext.get();
            Nd4j.getRandom().setSeed(Seeds.mix(seed, iteration, task == null ? 0 : task.partitionId()));
            seeded = true;
        }
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        lossSum.add(model.score());
        minibatches.add(1L);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        throw new UnsupportedOperationException("Only MultiLayerNetwork training on DataSets is supported.");
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        throw new UnsupportedOperationException("Only MultiLayerNetwork training on DataSets is supported.");
    }
}
