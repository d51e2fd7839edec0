package org.collectiveloss.training;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on Spark with DL4J's synchronous parameter averaging, with per-example loss weights.
 *
 * <p>Choices and why: the minibatches are built once ({@link WeightedDataSets}) and persisted serialised, at the
 * storage level the training master itself uses, since the master splits the RDD once per averaging round and
 * an unpersisted RDD would be recomputed from the DataFrame each time. Data is not repartitioned per round
 * ({@link Repartition#Never}): the batches are already balanced over {@code workers} partitions. The RDD is
 * handed over directly ({@link RDDTrainingApproach#Direct}) rather than exported to files, which needs no shared
 * file system.
 */
public final class ParameterAveragingTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveragingTrainer.class);
    private static final StorageLevel STORAGE = StorageLevel.MEMORY_ONLY_SER();

    private final MlpSpec model;
    private final SparkTrainingSpec spark;

    public ParameterAveragingTrainer(MlpSpec model, SparkTrainingSpec spark) {
        this.model = model;
        this.spark = spark;
    }

    /**
     * Fits a fresh network.
     *
     * @param train        rows with features, label and the weight column
     * @param weightColumn per-example weights, or null for uniform weights
     * @param seed         seeds the initialisation, the example order and the training master's splits
     */
    public TrainedModel fit(Dataset<Row> train, String weightColumn, MultiLayerConfiguration conf, int numClasses,
                            long seed) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(train.sparkSession().sparkContext());
        JavaRDD<DataSet> batches = WeightedDataSets.batches(train, weightColumn, numClasses, model.batchSize(),
            spark.workers(), seed).persist(STORAGE);
        long numBatches = batches.count();

        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(
                spark.workers(), model.batchSize())
            .batchSizePerWorker(model.batchSize())
            .averagingFrequency(spark.averagingFrequency())
            .workerPrefetchNumBatches(spark.prefetch())
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .repartionData(Repartition.Never)
            .storageLevel(STORAGE)
            .rngSeed(seed)
            .build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, conf, master);
        LOG.info("Parameter averaging: {} minibatches of {} on {} workers, averaging every {} minibatches, {} epochs",
            numBatches, model.batchSize(), spark.workers(), spark.averagingFrequency(), model.epochs());

        List<Double> losses = new ArrayList<>();
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= model.epochs(); epoch++) {
            sparkNet.fit(batches);
            losses.add(sparkNet.getScore());
            LOG.info("epoch {}/{}: training loss {} ({} s)", epoch, model.epochs(),
                String.format("%.5f", sparkNet.getScore()), String.format("%.1f", (System.nanoTime() - start) / 1e9));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        master.deleteTempFiles(jsc);
        batches.unpersist();
        return new TrainedModel(sparkNet.getNetwork(), losses, seconds);
    }
}
