package org.collectiveloss.experiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.data.LabelledData;

/**
 * Loading, splitting and scaling for the experiment runner: the bundled digits set, a seeded stratified holdout
 * split and standardisation fit on the training part.
 */
final class Preparation {

    private static final String DIGITS_RESOURCE = "datasets/digits.csv.gz";

    private Preparation() {
    }

    /** The training and test parts of one run. */
    record TrainTest(Dataset<Row> train, Dataset<Row> test) {
    }

    static LabelledData load(SparkSession spark, String name) {
        if (!name.equals("digits")) {
            throw new IllegalArgumentException("Unknown data set '" + name + "'; known: [digits].");
        }
        List<Row> rows = new ArrayList<>();
        try (InputStream raw = Preparation.class.getClassLoader().getResourceAsStream(DIGITS_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("The bundled resource " + DIGITS_RESOURCE
                    + " is missing from the class path; rebuild the application jar.");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] parts = line.split(",");
                if (parts.length != 65) {
                    throw new IllegalArgumentException(DIGITS_RESOURCE + " line " + lineNo + " has " + parts.length
                        + " fields; expected 64 pixels and the label.");
                }
                double[] x = new double[64];
                for (int j = 0; j < 64; j++) {
                    x[j] = Double.parseDouble(parts[j]);
                }
                rows.add(RowFactory.create((long) (lineNo - 1), Vectors.dense(x), Double.parseDouble(parts[64])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DIGITS_RESOURCE, e);
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new LabelledData(name, spark.createDataFrame(rows, DatasetSchema.SCHEMA), Optional.empty(),
            classes, 64);
    }

    /**
     * Holds out {@code floor(testFraction * n_c)} rows of each class c, chosen by a hash of (seed, id), so the split
     * depends on the seed and the data only.
     */
    static TrainTest split(Dataset<Row> all, double testFraction, long seed) {
        Dataset<Row> ranked = all
            .withColumn("_h", xxhash64(col(DatasetSchema.ID), lit(seed)))
            .withColumn("_r", row_number().over(Window.partitionBy(DatasetSchema.LABEL).orderBy("_h", "id")))
            .withColumn("_n", count(lit(1)).over(Window.partitionBy(DatasetSchema.LABEL)));
        Dataset<Row> marked = ranked.withColumn("_test", col("_r").leq(col("_n").multiply(testFraction)));
        Dataset<Row> train = marked.filter(col("_test").equalTo(false)).drop("_h", "_r", "_n", "_test");
        Dataset<Row> test = marked.filter(col("_test").equalTo(true)).drop("_h", "_r", "_n", "_test");
        return new TrainTest(train, test);
    }

    /** Standardises both parts with the mean and standard deviation of the training part. */
    static TrainTest standardise(TrainTest parts) {
        StandardScalerModel scaler = new StandardScaler().setInputCol(DatasetSchema.FEATURES)
            .setOutputCol("_scaled").setWithMean(true).setWithStd(true).fit(parts.train());
        return new TrainTest(swap(scaler.transform(parts.train())), swap(scaler.transform(parts.test())));
    }

    private static Dataset<Row> swap(Dataset<Row> scaled) {
        return scaled.drop(DatasetSchema.FEATURES).withColumnRenamed("_scaled", DatasetSchema.FEATURES)
            .select(DatasetSchema.ID, DatasetSchema.FEATURES, DatasetSchema.LABEL);
    }
}
