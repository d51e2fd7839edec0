package org.collectiveloss.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

class WeightedFocalLossTest {

    private static final double[] WEIGHTS = {0.3, 1.7, 0.0, 2.5, 1.0};
    private static final int[] CLASSES = {0, 2, 1, 2, 1};

    private static INDArray weightedLabels(DataType type) {
        INDArray labels = Nd4j.zeros(type, WEIGHTS.length, 3);
        for (int i = 0; i < WEIGHTS.length; i++) {
            labels.putScalar(i, CLASSES[i], WEIGHTS[i]);
        }
        return labels;
    }

    private static MultiLayerNetwork network(ILossFunction loss) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
            .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
            .list()
            .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
            .layer(new OutputLayer.Builder(loss).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
            .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static boolean gradientsCheck(ILossFunction loss) {
        // DL4J's gradient check insists on double as the global default data type; restored afterwards.
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            Nd4j.getRandom().setSeed(12345);
            INDArray features = Nd4j.rand(DataType.DOUBLE, WEIGHTS.length, 4).subi(0.5).muli(3);
            MultiLayerNetwork net = network(loss);
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(features)
                .labels(weightedLabels(DataType.DOUBLE)).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10));
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    @Test
    void gradientCheckPassesWithNonTrivialWeightsAndClassWeights() {
        assertTrue(gradientsCheck(new WeightedFocalLoss(2.0, new double[] {0.25, 1.0, 2.0})));
    }

    @Test
    void gradientCheckPassesForNonIntegerGammaBelowOne() {
        assertTrue(gradientsCheck(new WeightedFocalLoss(0.5, null)));
    }

    @Test
    void gradientCheckDetectsAWrongGradient() {
        // A loss whose gradient is scaled by 1.5 must fail the same check, or the check proves nothing.
        WeightedFocalLoss wrong = new WeightedFocalLoss(2.0, null) {
            @Override
            public INDArray computeGradient(INDArray labels, INDArray preOutput,
                                            org.nd4j.linalg.activations.IActivation activationFn, INDArray mask) {
                return super.computeGradient(labels, preOutput, activationFn, mask).muli(1.5);
            }
        };
        assertFalse(gradientsCheck(wrong));
    }

    @Test
    void scoreMatchesTheFormulaComputedByHand() {
        INDArray z = Nd4j.create(new double[][] {{1.0, 2.0, 0.5}, {0.0, -1.0, 3.0}});
        INDArray labels = Nd4j.create(new double[][] {{0.0, 2.0, 0.0}, {0.5, 0.0, 0.0}});
        double gamma = 1.5;
        double[] alpha = {0.4, 0.7, 1.0};
        double expected = 0.0;
        double[][] zs = z.toDoubleMatrix();
        int[] y = {1, 0};
        double[] w = {2.0, 0.5};
        for (int i = 0; i < 2; i++) {
            double norm = 0.0;
            for (double v : zs[i]) {
                norm += Math.exp(v);
            }
            double p = Math.exp(zs[i][y[i]]) / norm;
            expected += -w[i] * alpha[y[i]] * Math.pow(1 - p, gamma) * Math.log(p);
        }
        WeightedFocalLoss loss = new WeightedFocalLoss(gamma, alpha);
        assertEquals(expected, loss.computeScore(labels, z, new ActivationSoftmax(), null, false), 1e-12);
        assertEquals(expected / 2, loss.computeScore(labels, z, new ActivationSoftmax(), null, true), 1e-12);
        INDArray perRow = loss.computeScoreArray(labels, z, new ActivationSoftmax(), null);
        assertEquals(expected, perRow.sumNumber().doubleValue(), 1e-12);
        // A per-example mask removes the second row.
        INDArray mask = Nd4j.create(new double[][] {{1.0}, {0.0}});
        assertEquals(perRow.getDouble(0, 0), loss.computeScore(labels, z, new ActivationSoftmax(), mask, false),
            1e-12);
    }

    @Test
    void gammaZeroWithoutAlphaEqualsWeightedCrossEntropy() {
        INDArray z = Nd4j.rand(DataType.DOUBLE, WEIGHTS.length, 3).muli(4);
        INDArray labels = weightedLabels(DataType.DOUBLE);
        ILossFunction focal = new WeightedFocalLoss(0.0, null);
        ILossFunction ce = new WeightedCrossEntropyLoss();
        assertEquals(ce.computeScore(labels, z, new ActivationSoftmax(), null, true),
            focal.computeScore(labels, z, new ActivationSoftmax(), null, true), 1e-12);
        INDArray diff = ce.computeGradient(labels, z, new ActivationSoftmax(), null)
            .sub(focal.computeGradient(labels, z, new ActivationSoftmax(), null));
        assertEquals(0.0, diff.amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void doubleWeightGivesExactlyDoubleGradientAndZeroWeightNone() {
        INDArray z = Nd4j.rand(DataType.DOUBLE, 1, 3).muli(4);
        WeightedFocalLoss loss = new WeightedFocalLoss(2.0, new double[] {1.0, 0.5, 2.0});
        INDArray one = loss.computeGradient(Nd4j.create(new double[][] {{0, 1, 0}}), z, new ActivationSoftmax(), null);
        INDArray two = loss.computeGradient(Nd4j.create(new double[][] {{0, 2, 0}}), z, new ActivationSoftmax(), null);
        INDArray zero = loss.computeGradient(Nd4j.create(new double[][] {{0, 0, 0}}), z, new ActivationSoftmax(),
            null);
        assertEquals(0.0, two.sub(one.mul(2)).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, zero.amaxNumber().doubleValue(), 0.0);
        assertTrue(one.amaxNumber().doubleValue() > 0);
    }

    @Test
    void focusingShrinksTheGradientOfConfidentExamplesMoreThanOfHardOnes() {
        INDArray confident = Nd4j.create(new double[][] {{6.0, 0.0, 0.0}});
        INDArray hard = Nd4j.create(new double[][] {{0.0, 0.0, 1.0}});
        INDArray label = Nd4j.create(new double[][] {{1.0, 0.0, 0.0}});
        ILossFunction ce = new WeightedCrossEntropyLoss();
        ILossFunction focal = new WeightedFocalLoss(2.0, null);
        double ratioConfident = norm(focal.computeGradient(label, confident, new ActivationSoftmax(), null))
            / norm(ce.computeGradient(label, confident, new ActivationSoftmax(), null));
        double ratioHard = norm(focal.computeGradient(label, hard, new ActivationSoftmax(), null))
            / norm(ce.computeGradient(label, hard, new ActivationSoftmax(), null));
        assertTrue(ratioConfident < 0.01, "confident ratio " + ratioConfident);
        assertTrue(ratioHard > 0.3, "hard ratio " + ratioHard);
    }

    @Test
    void configurationSurvivesJsonRoundTrip() {
        MlpSpec spec = new MlpSpec(List.of(8), "relu", 0.0, false, OptimiserSpec.constant("adam", 1e-3, 0, 1, 4),
            new LossSpec("focal", 1.5, List.of(0.5, 1.0, 2.0)));
        MultiLayerConfiguration conf = spec.toConfiguration(4, 3, 1, DataType.FLOAT);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        OutputLayer out = (OutputLayer) back.getConf(1).getLayer();
        assertEquals(new WeightedFocalLoss(1.5, new double[] {0.5, 1.0, 2.0}), out.getLossFn());
        assertEquals(conf, back);
    }

    @Test
    void rejectsBadParametersAndInputs() {
        assertThrows(IllegalArgumentException.class, () -> new WeightedFocalLoss(-0.1, null));
        assertThrows(IllegalArgumentException.class, () -> new WeightedFocalLoss(Double.NaN, null));
        assertThrows(IllegalArgumentException.class, () -> new WeightedFocalLoss(2.0, new double[] {1.0, 0.0}));
        WeightedFocalLoss twoClasses = new WeightedFocalLoss(2.0, new double[] {1.0, 2.0});
        INDArray z = Nd4j.rand(DataType.DOUBLE, 2, 3);
        INDArray labels = Nd4j.create(new double[][] {{1, 0, 0}, {0, 1, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> twoClasses.computeScore(labels, z, new ActivationSoftmax(), null, true));
        assertTrue(e.getMessage().contains("2 class weights"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new WeightedFocalLoss(2.0, null).computeScore(labels, z, new ActivationSigmoid(), null, true));
        assertThrows(IllegalArgumentException.class,
            () -> new WeightedFocalLoss(2.0, null).computeGradient(labels, z, new ActivationSoftmax(),
                Nd4j.ones(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new LossSpec("focal", 2.0, List.of(1.0, 1.0))
            .newLossFunction(3));
        assertThrows(IllegalArgumentException.class, () -> new LossSpec("hinge", 2.0, List.of()));
    }

    private static double norm(INDArray a) {
        return a.norm2Number().doubleValue();
    }
}
