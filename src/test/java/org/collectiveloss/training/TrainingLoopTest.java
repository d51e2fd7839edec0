package org.collectiveloss.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The epoch loop driven by a scripted "trainer", so that the validation accuracy of every epoch is known. */
class TrainingLoopTest {

    @TempDir
    Path tmp;

    private static final MlpSpec SPEC = new MlpSpec(List.of(8), "tanh", 0.0, false,
        OptimiserSpec.constant("adam", 0.05, 0.0, 10, 16), LossSpec.DEFAULT);

    /** 60 rows of 2 separable classes in 2 dimensions. */
    private static DataSet validation() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 60, 2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 60, 2);
        for (int i = 0; i < 60; i++) {
            int c = i % 2;
            x.putScalar(i, 0, c == 0 ? -1.0 - i / 60.0 : 1.0 + i / 60.0);
            x.putScalar(i, 1, i / 30.0 - 1.0);
            y.putScalar(i, c, 1.0);
        }
        return new DataSet(x, y);
    }

    /** Epoch 1 learns the validation set; later epochs scramble the parameters so accuracy drops. */
    private static TrainingLoop.EpochFit scripted(List<INDArray> paramsAfter) {
        DataSet data = validation();
        return (net, epoch) -> {
            if (epoch == 1) {
                for (int i = 0; i < 100; i++) {
                    net.fit(data);
                }
            } else {
                Nd4j.getRandom().setSeed(epoch);
                net.setParams(Nd4j.rand(DataType.FLOAT, 1, net.numParams()).subi(0.5).muli(20));
            }
            paramsAfter.add(net.params().dup());
            return 1.0 / epoch;
        };
    }

    private TrainedModel run(Path dir, EarlyStopping stopping, List<INDArray> paramsAfter) {
        MultiLayerConfiguration conf = SPEC.toConfiguration(2, 2, 3, DataType.FLOAT);
        TrainingOptions options = new TrainingOptions(0.1, stopping, dir, dir != null, true, false, null);
        return new TrainingLoop(options, 10, 3, "scripted", 60, List.of(validation())).run(conf,
            scripted(paramsAfter));
    }

    @Test
    void stopsAfterPatienceAndRestoresTheBestEpochInMemory() {
        List<INDArray> params = new ArrayList<>();
        TrainedModel model = run(null, new EarlyStopping("accuracy", 2, 0.0, true), params);
        assertEquals(1.0, model.history().get(0).validationAccuracy(), 0.0);
        assertTrue(model.stoppedEarly());
        assertEquals(1, model.bestEpoch());
        assertEquals(3, model.history().size());
        assertEquals(0.0, model.network().params().sub(params.get(0)).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void restoresTheBestEpochFromItsCheckpointAndKeepsOnlyLatestAndBest() throws IOException {
        List<INDArray> params = new ArrayList<>();
        TrainedModel model = run(tmp, new EarlyStopping("loss", 3, 0.0, true), params);
        assertEquals(4, model.history().size());
        assertEquals(1, model.bestEpoch());
        assertEquals(0.0, model.network().params().sub(params.get(0)).amaxNumber().doubleValue(), 0.0);
        try (Stream<Path> files = Files.list(tmp)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("checkpoint-epoch-0001.zip", "checkpoint-epoch-0004.zip", "epochs.csv",
                "training-state.properties"), names);
        }
        // The saved network of the last epoch carries that epoch's parameters, not the restored ones.
        MultiLayerNetwork last = new Checkpoints(tmp, false).load(4);
        assertEquals(0.0, last.params().sub(params.get(3)).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void withoutCheckpointsOnlyTheMetricsAreWritten() throws IOException {
        MultiLayerConfiguration conf = SPEC.toConfiguration(2, 2, 3, DataType.FLOAT);
        TrainingOptions options = new TrainingOptions(0.1, new EarlyStopping("accuracy", 2, 0.0, true), tmp, false,
            true, false, null);
        TrainedModel model = new TrainingLoop(options, 10, 3, "scripted", 60, List.of(validation())).run(conf,
            scripted(new ArrayList<>()));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("epochs.csv"), files.map(p -> p.getFileName().toString()).toList());
        }
        List<String> lines = Files.readAllLines(tmp.resolve("epochs.csv"));
        assertEquals(model.history().size() + 1, lines.size());
        assertEquals(model.history().get(2), EpochMetrics.fromCsv(lines.get(3)));
    }

    @Test
    void withoutRestoreBestTheLastEpochIsReturned() {
        List<INDArray> params = new ArrayList<>();
        TrainedModel model = run(null, new EarlyStopping("accuracy", 1, 0.0, false), params);
        assertEquals(2, model.history().size());
        assertEquals(1, model.bestEpoch());
        assertEquals(0.0, model.network().params().sub(params.get(1)).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void minDeltaIgnoresSmallImprovements() {
        EarlyStopping stopping = new EarlyStopping("accuracy", 1, 0.01, true);
        assertTrue(stopping.improves(0.5, Double.NaN));
        assertTrue(!stopping.improves(0.505, 0.5));
        assertTrue(stopping.improves(0.52, 0.5));
        assertTrue(!stopping.improves(Double.NaN, 0.5));
        EarlyStopping loss = new EarlyStopping("loss", 1, 0.0, true);
        assertTrue(loss.improves(0.3, 0.4));
        assertTrue(!loss.improves(0.4, 0.4));
    }
}
