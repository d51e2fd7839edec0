package org.collectiveloss.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.collectiveloss.data.DatasetSchema;

/** Small seeded data sets in the project's DataFrame contract, for trainer tests. */
final class TestFrames {

    private TestFrames() {
    }

    /**
     * {@code n} rows of {@code numClasses} Gaussian blobs in {@code dim} dimensions (centres 3 apart on the axes,
     * unit variance), with a weight column {@code weight} drawn from [0.5, 1.5).
     */
    static Dataset<Row> blobs(SparkSession spark, int n, int dim, int numClasses, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % numClasses;
            double[] x = new double[dim];
            for (int j = 0; j < dim; j++) {
                x[j] = random.nextGaussian() + (j % numClasses == label ? 3.0 : 0.0);
            }
            rows.add(RowFactory.create((long) i, Vectors.dense(x), (double) label, 0.5 + random.nextDouble()));
        }
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA.add(DatasetSchema.WEIGHT, DataTypes.DoubleType));
    }

    /** {@code n} 8x8 grey images: class c has a bright 3x3 square at a class-specific place, plus noise. */
    static Dataset<Row> squares(SparkSession spark, int n, int numClasses, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % numClasses;
            double[] x = new double[64];
            for (int j = 0; j < 64; j++) {
                x[j] = 0.2 * random.nextDouble();
            }
            int top = label % 2 == 0 ? 0 : 5;
            int left = label < 2 ? 0 : 5;
            for (int r = top; r < top + 3; r++) {
                for (int c = left; c < left + 3; c++) {
                    x[r * 8 + c] += 1.0;
                }
            }
            rows.add(RowFactory.create((long) i, Vectors.dense(x), (double) label));
        }
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }
}
