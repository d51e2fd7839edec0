package org.collectiveloss.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class ModelSpecTest {

    private static final OptimiserSpec ADAM = OptimiserSpec.constant("adam", 1e-3, 0.0, 2, 16);

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void mlpHasTheExpectedParametersWithAndWithoutBatchNorm() {
        MlpSpec plain = new MlpSpec(List.of(8), "relu", 0.0, false, ADAM, LossSpec.DEFAULT);
        // 4*8 + 8 weights and biases, then 8*3 + 3.
        assertEquals(67, init(plain.toConfiguration(4, 3, 1, DataType.FLOAT)).numParams());
        MlpSpec normalised = new MlpSpec(List.of(8), "relu", 0.0, true, ADAM, LossSpec.DEFAULT);
        // Dense without bias 4*8, batch norm gamma, beta, mean, variance 4*8, output 8*3 + 3.
        MultiLayerConfiguration conf = normalised.toConfiguration(4, 3, 1, DataType.FLOAT);
        assertEquals(91, init(conf).numParams());
        assertInstanceOf(BatchNormalization.class, conf.getConf(1).getLayer());
    }

    @Test
    void mlpDropoutSkipsTheInputLayerAndKeepsOneMinusTheRate() {
        MlpSpec spec = new MlpSpec(List.of(8, 6), "tanh", 0.25, false, ADAM, LossSpec.DEFAULT);
        MultiLayerConfiguration conf = spec.toConfiguration(4, 3, 1, DataType.FLOAT);
        assertNull(conf.getConf(0).getLayer().getIDropout());
        assertEquals(0.75, ((Dropout) conf.getConf(1).getLayer().getIDropout()).getP(), 0.0);
        assertEquals(0.75, ((Dropout) conf.getConf(2).getLayer().getIDropout()).getP(), 0.0);
        INDArray out = init(conf).output(Nd4j.rand(DataType.FLOAT, 5, 4));
        assertEquals(5, out.rows());
        assertEquals(1.0, out.getRow(0).sumNumber().doubleValue(), 1e-5);
    }

    @Test
    void legacyConstructorGivesPlainMlpWithWeightedCrossEntropy() {
        MlpSpec spec = new MlpSpec(List.of(64), "relu", "sgd", 0.1, 0.001, 15, 32);
        assertEquals("sgd", spec.updater());
        assertEquals(0.1, spec.learningRate());
        assertEquals(0.001, spec.l2());
        assertEquals(15, spec.epochs());
        assertEquals(32, spec.batchSize());
        OutputLayer out = (OutputLayer) spec.toConfiguration(64, 10, 1, DataType.FLOAT).getConf(1).getLayer();
        assertInstanceOf(WeightedCrossEntropyLoss.class, out.getLossFn());
    }

    @Test
    void cnnFor28By28ImagesHasTheExpectedShapeAndParameters() {
        CnnSpec spec = new CnnSpec(28, 28, 1, List.of(4, 8), 3, 2, List.of(16), "relu", 0.0, false, ADAM,
            LossSpec.DEFAULT);
        MultiLayerNetwork net = init(spec.toConfiguration(784, 10, 1, DataType.FLOAT));
        // conv 3*3*1*4+4, conv 3*3*4*8+8, dense 7*7*8*16+16, output 16*10+10.
        assertEquals(40 + 296 + 6288 + 170, net.numParams());
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 3, 784));
        assertEquals(3, out.rows());
        assertEquals(10, out.columns());
        assertTrue(spec.describe(784, 10).startsWith("cnn 28x28x1 conv3 4-8 pool2 dense 16-10"));
    }

    @Test
    void cnnWithBatchNormAndDropoutTrainsOneStep() {
        CnnSpec spec = new CnnSpec(8, 8, 1, List.of(4), 3, 2, List.of(8), "relu", 0.5, true, ADAM,
            LossSpec.DEFAULT);
        MultiLayerNetwork net = init(spec.toConfiguration(64, 3, 1, DataType.FLOAT));
        INDArray before = net.params().dup();
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        net.fit(Nd4j.rand(DataType.FLOAT, 4, 64), labels);
        assertTrue(net.params().sub(before).amaxNumber().doubleValue() > 0);
    }

    @Test
    void rejectsInvalidArchitectures() {
        assertThrows(IllegalArgumentException.class,
            () -> new MlpSpec(List.of(0), "relu", 0.0, false, ADAM, LossSpec.DEFAULT));
        assertThrows(IllegalArgumentException.class,
            () -> new MlpSpec(List.of(4), "nosuch", 0.0, false, ADAM, LossSpec.DEFAULT));
        assertThrows(IllegalArgumentException.class,
            () -> new MlpSpec(List.of(4), "relu", 1.0, false, ADAM, LossSpec.DEFAULT));
        assertThrows(IllegalArgumentException.class,
            () -> new CnnSpec(28, 28, 1, List.of(), 3, 2, List.of(), "relu", 0, false, ADAM, LossSpec.DEFAULT));
        IllegalArgumentException tooDeep = assertThrows(IllegalArgumentException.class,
            () -> new CnnSpec(8, 8, 1, List.of(2, 2, 2, 2), 3, 2, List.of(), "relu", 0, false, ADAM,
                LossSpec.DEFAULT));
        assertTrue(tooDeep.getMessage().contains("shrink"), tooDeep.getMessage());
        CnnSpec cnn = new CnnSpec(28, 28, 1, List.of(4), 3, 2, List.of(), "relu", 0, false, ADAM, LossSpec.DEFAULT);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
            () -> cnn.toConfiguration(64, 10, 1, DataType.FLOAT));
        assertTrue(size.getMessage().contains("784 pixels") && size.getMessage().contains("64 features"),
            size.getMessage());
    }

    @Test
    void learningRateSchedulesCountEpochs() {
        IUpdater step = new OptimiserSpec("sgd", 0.1, "step", 0.5, 2, 0, 10, 8).newUpdater();
        assertEquals(0.1, step.getLearningRate(0, 0), 1e-15);
        assertEquals(0.1, step.getLearningRate(500, 1), 1e-15);
        assertEquals(0.05, step.getLearningRate(0, 2), 1e-15);
        assertEquals(0.025, step.getLearningRate(0, 5), 1e-15);
        IUpdater exp = new OptimiserSpec("nesterovs", 0.1, "exponential", 0.9, 1, 0, 10, 8).newUpdater();
        assertEquals(0.1 * 0.729, exp.getLearningRate(0, 3), 1e-12);
        IUpdater none = OptimiserSpec.constant("rmsprop", 0.01, 0, 1, 1).newUpdater();
        assertEquals(0.01, none.getLearningRate(1000, 7), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new OptimiserSpec("adam", 0.1, "cosine", 0.5, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new OptimiserSpec("adam", 0.1, "step", 0.0, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> OptimiserSpec.constant("adagrad", 0.1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> OptimiserSpec.constant("adam", -1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> OptimiserSpec.constant("adam", 0.1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> OptimiserSpec.constant("adam", 0.1, 0, 1, 0));
    }

    @Test
    void configDefaultsGiveTheDocumentedMlp() {
        Config ref = ConfigFactory.defaultReference().getConfig("experiment");
        ModelSpec model = TrainingConfig.model(ref.getConfig("model"));
        MlpSpec mlp = assertInstanceOf(MlpSpec.class, model);
        assertEquals(List.of(64), mlp.hiddenLayers());
        assertEquals(LossSpec.WEIGHTED_CROSS_ENTROPY, mlp.loss().type());
        SparkTrainingSpec spark = TrainingConfig.spark(ref.getConfig("trainer"));
        assertEquals("direct", spark.approach());
        assertTrue(spark.saveUpdater());
        TrainingOptions options = TrainingConfig.options(ref.getConfig("trainer"));
        assertEquals(0.0, options.validationFraction());
        assertTrue(!options.earlyStopping().enabled());
    }

    @Test
    void configReadsACnnWithFocalLossAndRejectsBadKeys() {
        Config ref = ConfigFactory.defaultReference().getConfig("experiment.model");
        Config cnn = ConfigFactory.parseString("type = cnn, cnn.input = [8, 8, 1], cnn.filters = [4],"
            + " cnn.kernel-size = 3, loss { type = focal, gamma = 1.0, alpha = [1, 2, 3] },"
            + " lr-schedule.type = step").withFallback(ref);
        CnnSpec spec = assertInstanceOf(CnnSpec.class, TrainingConfig.model(cnn));
        assertEquals(List.of(4), spec.filters());
        assertEquals("step", spec.optimiser().schedule());
        OutputLayer out = (OutputLayer) spec.toConfiguration(64, 3, 1, DataType.FLOAT).getConfs()
            .get(spec.toConfiguration(64, 3, 1, DataType.FLOAT).getConfs().size() - 1).getLayer();
        assertEquals(new WeightedFocalLoss(1.0, new double[] {1, 2, 3}), out.getLossFn());

        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
            () -> TrainingConfig.model(ConfigFactory.parseString("type = rnn").withFallback(ref)));
        assertTrue(type.getMessage().contains("model.type='rnn'"), type.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> TrainingConfig.model(ConfigFactory.parseString("type = cnn, cnn.input = [28, 28]")
                .withFallback(ref)));
        assertThrows(IllegalArgumentException.class,
            () -> TrainingConfig.model(ConfigFactory.parseString("epochs = many").withFallback(ref)));
        Config trainer = ConfigFactory.defaultReference().getConfig("experiment.trainer");
        IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
            () -> TrainingConfig.options(ConfigFactory.parseString("early-stopping.patience = 3")
                .withFallback(trainer)));
        assertTrue(early.getMessage().contains("validation-fraction"), early.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> TrainingConfig.spark(ConfigFactory.parseString("approach = files").withFallback(trainer)));
        assertThrows(IllegalArgumentException.class,
            () -> TrainingConfig.spark(ConfigFactory.parseString("storage-level = disk").withFallback(trainer)));
    }

    @Test
    void unweightedCrossEntropyRefusesAWeightColumn() {
        MlpSpec spec = new MlpSpec(List.of(4), "relu", 0.0, false, ADAM,
            new LossSpec(LossSpec.CROSS_ENTROPY, 2.0, List.of()));
        MultiLayerConfiguration conf = spec.toConfiguration(4, 3, 1, DataType.FLOAT);
        assertInstanceOf(LossMCXENT.class, ((OutputLayer) conf.getConf(1).getLayer()).getLossFn());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LossSpec.requireWeightSupport(conf, "weight"));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
        LossSpec.requireWeightSupport(conf, null);
    }
}
