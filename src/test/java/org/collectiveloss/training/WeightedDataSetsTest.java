package org.collectiveloss.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.collectiveloss.SparkTestSession;
import org.collectiveloss.data.DatasetSchema;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The minibatches depend on the data and the seed only: the same rows laid out in other partitions and orders give
 * bit-identical batches, which is what makes a training run reproducible from its seed.
 */
class WeightedDataSetsTest {

    /** Enough rows that a sampled layout (Spark samples at most about 60 rows per partition) would differ. */
    private static final int N = 3000;

    private Dataset<Row> frame() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            rows.add(RowFactory.create((long) i, Vectors.dense(i, Math.sin(i)), (double) (i % 3), 0.5 + (i % 4)));
        }
        return SparkTestSession.get().createDataFrame(rows, DatasetSchema.SCHEMA
            .add(DatasetSchema.WEIGHT, DataTypes.DoubleType, false));
    }

    @Test
    void batchesDoNotDependOnTheInputLayout() {
        Dataset<Row> data = frame();
        List<float[]> a = flatten(WeightedDataSets.batches(data.repartition(3), DatasetSchema.WEIGHT, 3, 16, 2, 9)
            .collect());
        List<float[]> b = flatten(WeightedDataSets.batches(data.orderBy(data.col("id").desc()).repartition(7),
            DatasetSchema.WEIGHT, 3, 16, 2, 9).collect());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 0.0f);
        }
        List<float[]> other = flatten(WeightedDataSets.batches(data, DatasetSchema.WEIGHT, 3, 16, 2, 10).collect());
        assertNotEquals(a.get(0)[0], other.get(0)[0], "another seed gives another order");
    }

    @Test
    void labelRowsCarryTheWeightOfTheirRow() {
        List<DataSet> batches = WeightedDataSets.batches(frame(), DatasetSchema.WEIGHT, 3, 16, 2, 1).collect();
        int examples = 0;
        for (DataSet ds : batches) {
            for (int r = 0; r < ds.numExamples(); r++) {
                int id = (int) ds.getFeatures().getDouble(r, 0);
                assertEquals(0.5 + (id % 4), ds.getLabels().getDouble(r, id % 3), 1e-6);
                assertEquals(0.5 + (id % 4), ds.getLabels().getRow(r).sumNumber().doubleValue(), 1e-6);
                examples++;
            }
        }
        assertEquals(N, examples);
    }

    private static List<float[]> flatten(List<DataSet> batches) {
        List<float[]> out = new ArrayList<>();
        for (DataSet ds : batches) {
            out.add(ds.getFeatures().data().asFloat());
            out.add(ds.getLabels().data().asFloat());
        }
        return out;
    }
}
