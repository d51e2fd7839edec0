package org.collectiveloss.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weighted loss: hand-computed score and gradient, DL4J's numerical gradient check with non-trivial weights,
 * and the single-process weight proof: under plain SGD an example of weight 2 moves the parameters exactly twice
 * as far as weight 1, and weight 0 not at all.
 */
class WeightedCrossEntropyLossTest {

    private static final MlpSpec SGD_NET = new MlpSpec(List.of(5), "tanh", "sgd", 1.0, 0.0, 1, 4);

    @Test
    void scoreAndGradientMatchTheClosedFormByHand() {
        INDArray preOut = Nd4j.create(new double[][] {{0.0, Math.log(3.0)}});
        // softmax = (0.25, 0.75); label class 1 with weight 2
        INDArray labels = Nd4j.create(new double[][] {{0.0, 2.0}});
        WeightedCrossEntropyLoss loss = new WeightedCrossEntropyLoss();
        assertEquals(-2.0 * Math.log(0.75), loss.computeScore(labels, preOut, new ActivationSoftmax(), null, false),
            1e-12);
        INDArray grad = loss.computeGradient(labels, preOut, new ActivationSoftmax(), null);
        assertEquals(2.0 * 0.25, grad.getDouble(0, 0), 1e-12);
        assertEquals(2.0 * (0.75 - 1.0), grad.getDouble(0, 1), 1e-12);
    }

    @Test
    void perExampleScoresAreWeightTimesNegativeLogLikelihood() {
        INDArray preOut = Nd4j.create(new double[][] {{1.0, 2.0, 0.5}, {0.3, -1.0, 2.0}});
        INDArray labels = Nd4j.create(new double[][] {{0.0, 0.5, 0.0}, {0.0, 0.0, 3.0}});
        INDArray p = new ActivationSoftmax().getActivation(preOut.dup(), false);
        INDArray scores = new WeightedCrossEntropyLoss().computeScoreArray(labels, preOut, new ActivationSoftmax(),
            null);
        assertEquals(-0.5 * Math.log(p.getDouble(0, 1)), scores.getDouble(0, 0), 1e-12);
        assertEquals(-3.0 * Math.log(p.getDouble(1, 2)), scores.getDouble(1, 0), 1e-12);
    }

    @Test
    void rejectsNonSoftmaxActivations() {
        INDArray x = Nd4j.create(new double[][] {{0.1, 0.2}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new WeightedCrossEntropyLoss().computeGradient(x, x, new ActivationTanH(), null));
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    }

    @Test
    void passesDl4jGradientCheckWithNonTrivialWeights() {
        // GradientCheckUtil insists on double as ND4J's global default; restored afterwards for the other tests.
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            assertTrue(gradientCheck(), "DL4J's numerical gradient check failed for WeightedCrossEntropyLoss");
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    private static boolean gradientCheck() {
        MultiLayerNetwork net = new MultiLayerNetwork(SGD_NET.toConfiguration(4, 3, 42, DataType.DOUBLE));
        net.init();
        INDArray features = Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5);
        double[] weights = {0.3, 2.5, 1.0, 0.0, 1.7, 0.5};
        int[] classes = {0, 1, 2, 1, 0, 2};
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 6, 3);
        for (int i = 0; i < 6; i++) {
            labels.putScalar(i, classes[i], weights[i]);
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(features)
            .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
    }

    @Test
    void weightTwoGivesExactlyTwiceTheSgdUpdateAndWeightZeroNone() {
        MultiLayerConfiguration conf = new MlpSpec(List.of(5), "tanh", "sgd", 0.1, 0.0, 1, 2)
            .toConfiguration(3, 2, 7, DataType.DOUBLE);
        INDArray features = Nd4j.create(new double[][] {{0.2, -0.4, 1.0}, {-0.7, 0.1, 0.3}});

        INDArray delta1 = update(conf, features, 1.0, 0.0);
        INDArray delta2 = update(conf, features, 2.0, 0.0);
        INDArray delta0 = update(conf, features, 0.0, 0.0);

        assertTrue(delta1.norm2Number().doubleValue() > 1e-6, "weight 1 must move the parameters");
        assertEquals(0.0, delta2.sub(delta1.mul(2.0)).norm2Number().doubleValue(),
            1e-12 * delta1.norm2Number().doubleValue());
        assertEquals(0.0, delta0.norm2Number().doubleValue(), 0.0);
        // Linearity in the weights: (2, 1) = 2 (1, 0) + (0, 1).
        INDArray deltaB = update(conf, features, 0.0, 1.0);
        INDArray both = update(conf, features, 2.0, 1.0);
        assertEquals(0.0, both.sub(delta1.mul(2.0).add(deltaB)).norm2Number().doubleValue(),
            1e-12 * both.norm2Number().doubleValue());
    }

    /** Parameter change of one SGD step on two examples of classes 0 and 1 with the given weights. */
    static INDArray update(MultiLayerConfiguration conf, INDArray features, double weightA, double weightB) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
        net.init();
        INDArray before = net.params().dup();
        INDArray labels = Nd4j.create(new double[][] {{weightA, 0.0}, {0.0, weightB}});
        net.fit(new DataSet(features, labels));
        return net.params().sub(before);
    }
}
