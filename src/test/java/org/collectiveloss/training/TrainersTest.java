package org.collectiveloss.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.SparkTestSession;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.eval.ClassificationMetrics;
import org.collectiveloss.eval.SparkPredictor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainersTest {

    private static SparkSession spark;
    private static Dataset<Row> blobs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        blobs = TestFrames.blobs(spark, 600, 6, 3, 7).cache();
    }

    @AfterAll
    static void release() {
        blobs.unpersist();
    }

    /** A small MLP with dropout, so that resumption must also reproduce the dropout masks. */
    private static MlpSpec mlp(int epochs) {
        return new MlpSpec(List.of(16, 8), "relu", 0.2, false, OptimiserSpec.constant("adam", 0.01, 1e-4, epochs, 16),
            LossSpec.DEFAULT);
    }

    private static MultiLayerConfiguration conf(ModelSpec spec) {
        return spec.toConfiguration(6, 3, 11, DataType.FLOAT);
    }

    private static TrainingOptions options(Path dir) {
        return new TrainingOptions(0.2, EarlyStopping.OFF, dir, dir != null, true, false, EpochListener.NONE);
    }

    private static SparkTrainingSpec sparkSpec(boolean saveUpdater) {
        return new SparkTrainingSpec(2, 3, 0, "direct", "", 2, saveUpdater, "memory_only", 1, false);
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void validationSplitIsDisjointSeededAndNearItsFraction() {
        ValidationSplit.Parts a = ValidationSplit.split(blobs, 0.2, 5);
        ValidationSplit.Parts b = ValidationSplit.split(blobs, 0.2, 5);
        ValidationSplit.Parts other = ValidationSplit.split(blobs, 0.2, 6);
        List<Long> valA = ids(a.validation());
        List<Long> trainA = ids(a.train());
        assertEquals(600, valA.size() + trainA.size());
        assertTrue(valA.stream().noneMatch(trainA::contains));
        assertEquals(valA, ids(b.validation()));
        assertFalse(valA.equals(ids(other.validation())));
        // 120 expected; a binomial standard deviation is about 10.
        assertTrue(valA.size() > 80 && valA.size() < 160, "validation rows " + valA.size());
    }

    private static List<Long> ids(Dataset<Row> frame) {
        return frame.select(DatasetSchema.ID).orderBy(DatasetSchema.ID).as(org.apache.spark.sql.Encoders.LONG())
            .collectAsList();
    }

    @Test
    void localTrainerLearnsAndRecordsEveryEpoch() {
        TrainedModel model = new LocalTrainer(mlp(5), options(null)).fit(blobs, DatasetSchema.WEIGHT, conf(mlp(5)),
            3, 11);
        assertEquals(5, model.history().size());
        assertTrue(model.history().get(4).validationAccuracy() > 0.9, model.history().toString());
        assertTrue(model.history().get(4).trainLoss() < model.history().get(0).trainLoss());
        long validation = ids(ValidationSplit.split(blobs, 0.2, 11).validation()).size();
        assertEquals(600 - validation, model.trainExamples());
        ClassificationMetrics test = SparkPredictor.evaluate(model.network(), blobs, 128);
        assertTrue(test.accuracy() > 0.9, "accuracy " + test.accuracy());
    }

    @Test
    void localRunResumedAfterACrashEndsWithTheSameParameters() {
        assertResumesExactly(new LocalTrainer(mlp(4), options(tmp.resolve("whole"))),
            d -> new LocalTrainer(mlp(4), options(d)), mlp(4));
    }

    @Test
    void sparkRunResumedAfterACrashEndsWithTheSameParameters() {
        assertResumesExactly(new ParameterAveragingTrainer(mlp(4), sparkSpec(true), options(tmp.resolve("whole"))),
            d -> new ParameterAveragingTrainer(mlp(4), sparkSpec(true), options(d)), mlp(4));
    }

    private void assertResumesExactly(NetworkTrainer whole, java.util.function.Function<Path, NetworkTrainer> make,
                                      MlpSpec spec) {
        TrainedModel uninterrupted = whole.fit(blobs, DatasetSchema.WEIGHT, conf(spec), 3, 11);

        Path crashed = tmp.resolve("crashed");
        NetworkTrainer crashing = make.apply(crashed);
        TrainingOptions crashOptions = options(crashed).withListener(m -> {
            if (m.epoch() == 2) {
                throw new IllegalStateException("simulated crash after epoch 2");
            }
        });
        NetworkTrainer first = crashing instanceof LocalTrainer
            ? new LocalTrainer(spec, crashOptions) : new ParameterAveragingTrainer(spec, sparkSpec(true), crashOptions);
        assertThrows(IllegalStateException.class, () -> first.fit(blobs, DatasetSchema.WEIGHT, conf(spec), 3, 11));
        assertTrue(Files.exists(crashed.resolve("checkpoint-epoch-0002.zip")));

        TrainedModel resumed = make.apply(crashed).fit(blobs, DatasetSchema.WEIGHT, conf(spec), 3, 11);
        assertEquals(4, resumed.history().size());
        // Tolerance: none is needed; the same float operations run in the same order.
        assertEquals(0.0, maxAbsDiff(uninterrupted.network().params(), resumed.network().params()), 0.0);
        assertEquals(0.0, maxAbsDiff(uninterrupted.network().getUpdater().getStateViewArray(),
            resumed.network().getUpdater().getStateViewArray()), 0.0);
        // The epoch loss is a sum accumulated in task completion order: equal up to rounding.
        for (int e = 0; e < 4; e++) {
            assertEquals(uninterrupted.epochLosses().get(e), resumed.epochLosses().get(e), 1e-12);
        }
    }

    @Test
    void finishedRunIsReturnedWithoutTrainingAndOtherConfigurationsAreRefused() {
        Path dir = tmp.resolve("run");
        TrainedModel done = new LocalTrainer(mlp(2), options(dir)).fit(blobs, null, conf(mlp(2)), 3, 11);
        AtomicInteger calls = new AtomicInteger();
        TrainedModel again = new LocalTrainer(mlp(2), options(dir).withListener(m -> calls.incrementAndGet()))
            .fit(blobs, null, conf(mlp(2)), 3, 11);
        assertEquals(0, calls.get());
        assertEquals(0.0, maxAbsDiff(done.network().params(), again.network().params()), 0.0);
        assertEquals(done.history(), again.history());
        List<String> csv = readLines(dir.resolve(Checkpoints.METRICS_FILE));
        assertEquals(EpochMetrics.CSV_HEADER, csv.get(0));
        assertEquals(3, csv.size());

        MlpSpec other = new MlpSpec(List.of(16, 8), "relu", 0.2, false,
            OptimiserSpec.constant("adam", 0.02, 1e-4, 2, 16), LossSpec.DEFAULT);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new LocalTrainer(other, options(dir)).fit(blobs, null, conf(other), 3, 11));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new LocalTrainer(mlp(2), options(dir)).fit(blobs, null,
            conf(mlp(2)), 3, 12));
        TrainingOptions noResume = new TrainingOptions(0.2, EarlyStopping.OFF, dir, true, false, false, null);
        assertThrows(IllegalStateException.class,
            () -> new LocalTrainer(mlp(2), noResume).fit(blobs, null, conf(mlp(2)), 3, 11));
    }

    @Test
    void sparkAveragesTheUpdaterStateOnlyWhenAskedTo() {
        int threadsBefore = Nd4jThreads.get();
        TrainedModel saved = new ParameterAveragingTrainer(mlp(1), sparkSpec(true)).fit(blobs, null, conf(mlp(1)),
            3, 11);
        assertTrue(saved.network().getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0);
        TrainedModel reset = new ParameterAveragingTrainer(mlp(1), sparkSpec(false)).fit(blobs, null, conf(mlp(1)),
            3, 11);
        // DL4J's default: the driver never receives an updater state, so it stays at its initial zeros.
        assertEquals(0.0, reset.network().getUpdater().getStateViewArray().amaxNumber().doubleValue(), 0.0);
        assertEquals(threadsBefore, Nd4jThreads.get());
        assertTrue(Double.isFinite(saved.history().get(0).trainLoss()));
    }

    @Test
    void sparkTrainerLearnsWithWeightsAndIsRepeatable() {
        MlpSpec spec = mlp(4);
        TrainedModel a = new ParameterAveragingTrainer(spec, sparkSpec(true), options(null)).fit(blobs,
            DatasetSchema.WEIGHT, conf(spec), 3, 11);
        TrainedModel b = new ParameterAveragingTrainer(spec, sparkSpec(true), options(null)).fit(blobs,
            DatasetSchema.WEIGHT, conf(spec), 3, 11);
        assertTrue(a.history().get(3).validationAccuracy() > 0.9, a.history().toString());
        assertEquals(0.0, maxAbsDiff(a.network().params(), b.network().params()), 0.0);
    }

    @Test
    void cnnTrainsOnSmallImages() {
        CnnSpec cnn = new CnnSpec(8, 8, 1, List.of(4), 3, 2, List.of(8), "relu", 0.0, false,
            OptimiserSpec.constant("adam", 0.01, 0.0, 4, 16), LossSpec.DEFAULT);
        Dataset<Row> images = TestFrames.squares(spark, 400, 4, 3);
        TrainedModel model = new LocalTrainer(cnn, options(null)).fit(images, null,
            cnn.toConfiguration(64, 4, 3, DataType.FLOAT), 4, 3);
        assertTrue(model.history().get(3).validationAccuracy() > 0.9, model.history().toString());
    }

    @Test
    void focalLossTrainsThroughSpark() {
        MlpSpec focal = new MlpSpec(List.of(16), "relu", 0.0, false, OptimiserSpec.constant("adam", 0.01, 0, 3, 16),
            new LossSpec(LossSpec.FOCAL, 2.0, List.of(1.0, 1.0, 2.0)));
        TrainedModel model = new ParameterAveragingTrainer(focal, sparkSpec(true), options(null)).fit(blobs,
            DatasetSchema.WEIGHT, focal.toConfiguration(6, 3, 11, DataType.FLOAT), 3, 11);
        assertTrue(model.history().get(2).validationAccuracy() > 0.9, model.history().toString());
    }

    @Test
    void unweightedLossRefusesWeights() {
        MlpSpec plain = new MlpSpec(List.of(8), "relu", 0.0, false, OptimiserSpec.constant("adam", 0.01, 0, 1, 16),
            new LossSpec(LossSpec.CROSS_ENTROPY, 2.0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LocalTrainer(plain).fit(blobs, DatasetSchema.WEIGHT,
            plain.toConfiguration(6, 3, 1, DataType.FLOAT), 3, 1));
        TrainedModel ok = new LocalTrainer(plain).fit(blobs, null, plain.toConfiguration(6, 3, 1, DataType.FLOAT), 3,
            1);
        assertEquals(600, ok.trainExamples());
    }

    private static List<String> readLines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void epochMetricsRoundTripThroughCsv() {
        EpochMetrics m = new EpochMetrics(3, 0.25, Double.NaN, 0.875, 1e-3, 4.5);
        assertEquals(m, EpochMetrics.fromCsv(m.toCsv()));
        assertThrows(IllegalArgumentException.class, () -> EpochMetrics.fromCsv("1,2,3"));
        assertArrayEquals(new String[] {"epoch", "train_loss", "validation_loss", "validation_accuracy",
            "learning_rate", "seconds"}, EpochMetrics.CSV_HEADER.split(","));
    }
}
