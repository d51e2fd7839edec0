package org.collectiveloss.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class LocalPredictorTest {

    @Test
    void matchesMetricsComputedRowByRowAndSkipsWeightZeroRows() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
            .dataType(DataType.DOUBLE).list()
            .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(3)
                .activation(Activation.SOFTMAX).build())
            .build());
        net.init();
        Nd4j.getRandom().setSeed(9);
        INDArray x1 = Nd4j.rand(DataType.DOUBLE, 5, 3).muli(4);
        INDArray x2 = Nd4j.rand(DataType.DOUBLE, 3, 3).muli(4);
        // Weighted label rows; row 2 of the first batch has weight 0 and no class.
        INDArray y1 = Nd4j.create(new double[][] {{2, 0, 0}, {0, 0.5, 0}, {0, 0, 0}, {0, 0, 1}, {0, 1, 0}});
        INDArray y2 = Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 3}, {0, 1, 0}});
        ClassificationMetrics got = LocalPredictor.evaluate(net, List.of(new DataSet(x1, y1), new DataSet(x2, y2)));

        double[][] p1 = net.output(x1).toDoubleMatrix();
        double[][] p2 = net.output(x2).toDoubleMatrix();
        int[] labels = {0, 1, 2, 1, 0, 2, 1};
        double[][] probs = {p1[0], p1[1], p1[3], p1[4], p2[0], p2[1], p2[2]};
        ClassificationMetrics expected = ClassificationMetrics.of(labels, probs);
        assertEquals(7, got.n());
        assertEquals(expected.accuracy(), got.accuracy(), 1e-12);
        assertEquals(expected.macroF1(), got.macroF1(), 1e-12);
        assertEquals(expected.logLoss(), got.logLoss(), 1e-12);
    }
}
