package org.collectiveloss.cluster;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.training.MlpSpec;
import org.collectiveloss.training.ParameterAveragingTrainer;
import org.collectiveloss.training.SparkTrainingSpec;
import org.collectiveloss.training.TrainedModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A driver program for {@link LoopbackClusterTest}: trains one small weighted MLP through parameter averaging on
 * each master it is given, one after the other in the same JVM, and writes the trained parameters as raw float32
 * ({@code params-i.f32}) and the per-epoch losses ({@code losses-i.txt}) for the i-th master. Only the project's
 * main classes run on executors, so the application jar named by {@code spark.jars} is all they need.
 *
 * <p>Arguments: output folder, seed, application jar, then one or more master URLs.
 */
public final class TrainingProbe {

    static final int ROWS = 1200;
    static final int FEATURES = 16;
    static final int CLASSES = 4;
    static final MlpSpec MODEL = new MlpSpec(List.of(32), "relu", "adam", 0.01, 0.0, 3, 16);
    static final SparkTrainingSpec SPARK = new SparkTrainingSpec(2, 3, 0);

    private TrainingProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: TrainingProbe OUT_DIR SEED APP_JAR MASTER...");
        }
        Path out = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        String appJar = args[2];
        Files.createDirectories(out);
        for (int i = 3; i < args.length; i++) {
            SparkSession spark = SparkSession.builder()
                .master(args[i])
                .appName("collective-loss training probe")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.executor.memory", "1g")
                .config("spark.jars", appJar)
                .config("spark.executor.extraJavaOptions", System.getProperty("probe.executorJavaOptions", ""))
                .getOrCreate();
            try {
                TrainedModel model = new ParameterAveragingTrainer(MODEL, SPARK).fit(data(spark, seed),
                    DatasetSchema.WEIGHT, MODEL.toConfiguration(FEATURES, CLASSES, seed, DataType.FLOAT), CLASSES,
                    seed);
                write(model, out, i - 3);
            } finally {
                spark.stop();
            }
        }
    }

    /** Gaussian blobs around seeded class centres, with seeded loss weights in [0.2, 1.8]. */
    static Dataset<Row> data(SparkSession spark, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[CLASSES][FEATURES];
        for (double[] c : centres) {
            for (int j = 0; j < FEATURES; j++) {
                c[j] = random.nextGaussian();
            }
        }
        List<Row> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            int label = i % CLASSES;
            double[] x = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                x[j] = centres[label][j] + 1.5 * random.nextGaussian();
            }
            rows.add(RowFactory.create((long) i, Vectors.dense(x), (double) label, 0.2 + 1.6 * random.nextDouble()));
        }
        StructType schema = DatasetSchema.SCHEMA.add(DatasetSchema.WEIGHT, DataTypes.DoubleType, false);
        return spark.createDataFrame(rows, schema);
    }

    private static void write(TrainedModel model, Path out, int index) throws IOException {
        INDArray params = model.network().params().dup().castTo(DataType.FLOAT);
        float[] values = params.toFloatVector();
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(out.resolve("params-" + index
            + ".f32")))) {
            for (float v : values) {
                o.writeInt(Float.floatToRawIntBits(v));
            }
        }
        List<String> losses = new ArrayList<>();
        for (double loss : model.epochLosses()) {
            losses.add(Double.toString(loss));
        }
        Files.write(out.resolve("losses-" + index + ".txt"), losses, StandardCharsets.UTF_8);
    }
}
