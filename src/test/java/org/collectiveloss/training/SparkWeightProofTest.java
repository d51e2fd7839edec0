package org.collectiveloss.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.collectiveloss.SparkTestSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weight proof through DL4J's parameter averaging on local Spark: two workers each take one SGD step on their
 * own minibatch and the driver averages; doubling every weight must double the averaged update exactly, zero
 * weights must leave the parameters unchanged, and the result must equal the average of the two single-process
 * updates.
 */
class SparkWeightProofTest {

    private static final MultiLayerConfiguration CONF = new MlpSpec(List.of(5), "tanh", "sgd", 0.1, 0.0, 1, 2)
        .toConfiguration(3, 2, 11, DataType.DOUBLE);
    private static final INDArray FEATURES_A = Nd4j.create(new double[][] {{0.2, -0.4, 1.0}, {-0.7, 0.1, 0.3}});
    private static final INDArray FEATURES_B = Nd4j.create(new double[][] {{0.9, 0.5, -0.2}, {0.0, -1.1, 0.4}});

    @Test
    void parameterAveragingKeepsExactPerExampleWeights() {
        INDArray delta1 = sparkUpdate(1.0);
        INDArray delta2 = sparkUpdate(2.0);
        INDArray delta0 = sparkUpdate(0.0);

        double scale = delta1.norm2Number().doubleValue();
        assertTrue(scale > 1e-6, "weight 1 must move the parameters");
        assertEquals(0.0, delta2.sub(delta1.mul(2.0)).norm2Number().doubleValue(), 1e-12 * scale);
        assertEquals(0.0, delta0.norm2Number().doubleValue(), 0.0);

        // The averaged update is the mean of the two workers' single-process updates.
        INDArray localA = WeightedCrossEntropyLossTest.update(CONF, FEATURES_A, 1.0, 1.0);
        INDArray localB = WeightedCrossEntropyLossTest.update(CONF, FEATURES_B, 1.0, 1.0);
        assertEquals(0.0, delta1.sub(localA.add(localB).div(2.0)).norm2Number().doubleValue(), 1e-12 * scale);
    }

    /** Parameter change of one averaging round, every example carrying {@code weight}. */
    private static INDArray sparkUpdate(double weight) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        INDArray labels = Nd4j.create(new double[][] {{weight, 0.0}, {0.0, weight}});
        JavaRDD<DataSet> data = jsc.parallelize(List.of(new DataSet(FEATURES_A, labels.dup()),
            new DataSet(FEATURES_B, labels.dup())), 2);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(2, 2)
            .batchSizePerWorker(2)
            .averagingFrequency(1)
            .workerPrefetchNumBatches(0)
            .rddTrainingApproach(RDDTrainingApproach.Direct)
            .repartionData(Repartition.Never)
            .rngSeed(5)
            .build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, CONF.clone(), master);
        INDArray before = sparkNet.getNetwork().params().dup();
        sparkNet.fit(data);
        return sparkNet.getNetwork().params().sub(before);
    }
}
