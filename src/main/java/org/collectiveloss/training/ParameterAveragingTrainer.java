package org.collectiveloss.training;

import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on Spark with DL4J's synchronous parameter averaging ({@code SparkDl4jMultiLayer} with a
 * {@code ParameterAveragingTrainingMaster}), with per-example loss weights carried in the label rows.
 *
 * <h2>Where the time of an averaging round goes, and the settings that keep it small</h2>
 * DL4J 1.0.0-M2 runs every epoch as {@code floor(minibatches / (workers * averagingFrequency))} rounds ("splits"),
 * each a Spark job: broadcast the parameters (and updater state), let every worker build a network from them and
 * fit its share of the round's minibatches, then tree-aggregate the workers' parameters in the driver. Measured with
 * DL4J's training statistics on Fashion-MNIST (MLP 784-256-128-10, minibatches of 128, two workers in local[2] on a
 * 2-core machine shared with other work), DL4J's defaults spent 2.4 s per round of which the slower worker fitted
 * for 0.3 s; the settings below bring an epoch from about 120 s to about 5 s. The README's training section has
 * the table of each step.
 * <ul>
 *   <li><b>Build the minibatches once, partitioned by worker</b> ({@link WeightedDataSets}), and never repartition
 *       ({@link Repartition#Never}); with DL4J's default ({@code Always}) every round shuffles its split.
 *   <li><b>Persist the minibatch RDD deserialised</b> ({@code storageLevel = memory_only}; 40 s to 6.4 s per
 *       epoch). DL4J cuts an epoch into rounds with a function that walks <i>every</i> partition once per round and
 *       keeps one item in {@code rounds}; with DL4J's default {@code MEMORY_ONLY_SER} each walk deserialises the
 *       whole training set, once per round. Deserialised storage makes the walk a pass over references. Spark does
 *       not count ND4J's off-heap buffers against storage memory, so executors need off-heap room for the training
 *       set (60,000 images of 784 floats: 190 MB).
 *   <li><b>Idle OpenMP threads asleep, one ND4J thread per worker</b> ({@code OMP_WAIT_POLICY=PASSIVE} in the
 *       environment of driver and executors, {@code workerThreads = 1}; 118 s to 76 s to 40 s per epoch). ND4J uses
 *       all cores per operation by default, so {@code k} concurrent workers on {@code k} cores run {@code k*k}
 *       threads, and libgomp's idle threads spin; see {@link Nd4jThreads}. The thread setting is applied in every
 *       executor JVM by a training hook, and in local mode to the driver for the duration of the fit.
 *   <li><b>Fewer, longer rounds</b> ({@code averagingFrequency}): with the settings above a round still costs
 *       about 0.08 to 0.2 s outside the workers (job scheduling, broadcast, network construction on each worker,
 *       result serialisation and aggregation), so 47 rounds per epoch (frequency 5) took 13 s, 11 rounds
 *       (frequency 20) 5.4 s and 4 rounds (frequency 50) 4.8 s, while accuracy after three epochs moved by 0.002.
 *       20 is the default of the benchmark and of {@code reference.conf}.
 *   <li><b>Average the updater state</b> ({@code saveUpdater = true}): DL4J 1.0.0-M2's builder leaves it off,
 *       contrary to its documentation, so every round restarted Adam's moment estimates from zero; averaging them
 *       lowered the training loss after three epochs from 0.44 to 0.37 at no measurable cost in time.
 *   <li><b>Direct training approach</b> ({@link RDDTrainingApproach#Direct}): the RDD is used in memory; the
 *       default {@code Export} writes minibatches to files first and needs a file system every executor reads.
 *   <li>Measured without effect here: prefetching minibatches (they are already in memory; the thread only
 *       competes for cores), Kryo serialisation with ND4J's registrator (with deserialised storage only the
 *       broadcasts and the workers' results are serialised, a few large arrays per round), and the aggregation
 *       depth (it changes nothing with two workers).
 * </ul>
 *
 * <p>Reproducibility: the minibatches depend on the data, the seed and the worker count; every epoch draws its
 * round assignment from a seed derived from the run's seed and the epoch; every worker task seeds its dropout
 * generator from the run's seed, the round and its partition. With two workers the averaged sums do not depend on
 * the order in which results arrive, so a run resumed from a checkpoint ends with the same parameters as an
 * uninterrupted one; with more workers the order of floating-point additions may differ in the last bits.
 *
 * <p>Not supported: {@code ComputationGraph} networks, and the Export approach resuming bit for bit (its exported
 * files are cached per training master).
 */
public final class ParameterAveragingTrainer implements NetworkTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveragingTrainer.class);

    private final ModelSpec model;
    private final SparkTrainingSpec spark;
    private final TrainingOptions options;

    public ParameterAveragingTrainer(ModelSpec model, SparkTrainingSpec spark) {
        this(model, spark, TrainingOptions.NONE);
    }

    public ParameterAveragingTrainer(ModelSpec model, SparkTrainingSpec spark, TrainingOptions options) {
        this.model = model;
        this.spark = spark;
        this.options = options;
    }

    @Override
    public TrainedModel fit(Dataset<Row> train, String weightColumn, MultiLayerConfiguration conf, int numClasses,
                            long seed) {
        LossSpec.requireWeightSupport(conf, weightColumn);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        TrainingParts parts = TrainingParts.of(train, options, numClasses, seed);

        // The minibatches are built once and persisted at the level the training master persists them itself
        // (it calls persist on every fit, which fails on an RDD stored at another level).
        JavaRDD<DataSet> batches = WeightedDataSets.batches(parts.train(), weightColumn, numClasses,
            model.batchSize(), spark.workers(), seed).persist(spark.sparkStorageLevel());
        long numBatches = batches.count();
        long examples = batches.map(b -> (long) b.numExamples()).fold(0L, Long::sum);
        if (examples == 0) {
            batches.unpersist();
            throw new IllegalArgumentException("The training part is empty; there is nothing to fit.");
        }
        long rounds = Math.max(1, numBatches / ((long) spark.workers() * spark.averagingFrequency()));
        LOG.info("Parameter averaging: {} examples in {} minibatches of {} on {} workers, averaging every {}"
                + " minibatches ({} rounds per epoch), {} validation rows, up to {} epochs; approach {}, storage {},"
                + " {} ND4J thread(s) per worker, updater state {}", examples, numBatches, model.batchSize(),
            spark.workers(), spark.averagingFrequency(), rounds, parts.validationRows(), model.epochs(),
            spark.approach(), spark.storageLevel(), spark.workerThreads() == 0 ? "default" : spark.workerThreads(),
            spark.saveUpdater() ? "averaged" : "reset every round");

        Nd4jThreads.logWaitPolicy();
        DoubleAccumulator lossSum = jsc.sc().doubleAccumulator("minibatch loss sum");
        LongAccumulator minibatches = jsc.sc().longAccumulator("minibatches");
        SeededTrainingMaster master = newMaster(seed, new WorkerHook(spark.workerThreads(), seed, lossSum,
            minibatches));
        int driverThreads = Nd4jThreads.get();
        if (jsc.isLocal() && spark.workerThreads() > 0) {
            // In local mode the workers are threads of this JVM.
            Nd4jThreads.set(spark.workerThreads());
        }
        SparkDl4jMultiLayer[] sparkNet = new SparkDl4jMultiLayer[1];
        try {
            TrainingLoop loop = new TrainingLoop(options, model.epochs(), seed, "spark", examples,
                parts.validation());
            return loop.run(conf, (net, epoch) -> {
                if (sparkNet[0] == null || sparkNet[0].getNetwork() != net) {
                    sparkNet[0] = new SparkDl4jMultiLayer(jsc, net, master);
                }
                master.reseed(Seeds.mix(seed, epoch, 3));
                lossSum.reset();
                minibatches.reset();
                sparkNet[0].fit(batches);
                return minibatches.value() == 0 ? Double.NaN : lossSum.value() / minibatches.value();
            });
        } finally {
            if (jsc.isLocal() && spark.workerThreads() > 0) {
                Nd4jThreads.set(driverThreads);
            }
            if (spark.collectStats()) {
                logStats(master.getTrainingStats());
            }
            if (spark.trainingApproach() == RDDTrainingApproach.Export) {
                master.deleteTempFiles(jsc);
            }
            batches.unpersist();
        }
    }

    private SeededTrainingMaster newMaster(long seed, WorkerHook hook) {
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(
                spark.workers(), model.batchSize())
            .batchSizePerWorker(model.batchSize())
            .averagingFrequency(spark.averagingFrequency())
            .aggregationDepth(spark.aggregationDepth())
            .workerPrefetchNumBatches(spark.prefetch())
            .saveUpdater(spark.saveUpdater())
            .rddTrainingApproach(spark.trainingApproach())
            .repartionData(Repartition.Never)
            .storageLevel(spark.sparkStorageLevel())
            .collectTrainingStats(spark.collectStats())
            .trainingHooks(List.of(hook))
            .rngSeed(seed);
        if (!spark.exportDirectory().isEmpty()) {
            builder.exportDirectory(spark.exportDirectory());
        }
        return new SeededTrainingMaster(builder);
    }

    private static void logStats(SparkTrainingStats stats) {
        if (stats != null) {
            LOG.info("DL4J training statistics (milliseconds per event):\n{}", stats.statsAsString());
        }
    }

    /**
     * The training master with its split generator re-seedable per epoch, so that the rounds of epoch e depend on
     * the run's seed and e only, and a resumed run repeats them.
     */
    private static final class SeededTrainingMaster extends ParameterAveragingTrainingMaster {

        SeededTrainingMaster(ParameterAveragingTrainingMaster.Builder builder) {
            super(builder);
        }

        void reseed(long seed) {
            rng = new Random(seed);
        }
    }
}
