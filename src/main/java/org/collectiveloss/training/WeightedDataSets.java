package org.collectiveloss.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.nd4j.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Turns a labelled, weighted DataFrame into DL4J minibatches whose label rows are {@code weight * one-hot}, the
 * form {@link WeightedCrossEntropyLoss} reads.
 *
 * <p>Rows get a seeded pseudo-random key (a hash of seed and id), are hash-partitioned on that key into
 * {@code numPartitions} partitions, sorted by it within each and batched: the batches depend only on the data,
 * the seed and the partition count, not on how Spark happened to lay the input out. (Range partitioning would
 * balance the partitions better, but its bounds come from a sample of the input in whatever order it arrives,
 * which made the batches, and so the trained network, differ between identical runs.) Every partition's last
 * batch may be short.
 */
public final class WeightedDataSets {

    private static final String ORDER = "_order";

    private WeightedDataSets() {
    }

    /**
     * @param frame         rows with features, label and, if {@code weightColumn} is not null, that column
     * @param weightColumn  per-example weight column, or null for weight 1 everywhere
     * @param numClasses    C, the width of the label rows
     * @param batchSize     examples per DataSet
     * @param numPartitions partitions of the result (the number of Spark workers is a good choice)
     * @param seed          seeds the example order
     */
    public static JavaRDD<DataSet> batches(Dataset<Row> frame, String weightColumn, int numClasses, int batchSize,
                                           int numPartitions, long seed) {
        Dataset<Row> selected = frame.select(col(DatasetSchema.FEATURES), col(DatasetSchema.LABEL),
            weightColumn == null ? lit(1.0) : col(weightColumn).cast("double"),
            xxhash64(col(DatasetSchema.ID), lit(seed)).as(ORDER));
        return selected.repartition(numPartitions, col(ORDER)).sortWithinPartitions(ORDER)
            .javaRDD()
            .mapPartitions(rows -> toBatches(rows, numClasses, batchSize));
    }

    /** Builds DataSets of up to {@code batchSize} rows (features, label, weight) from an iterator. */
    static Iterator<DataSet> toBatches(Iterator<Row> rows, int numClasses, int batchSize) {
        List<DataSet> out = new ArrayList<>();
        List<Row> pending = new ArrayList<>(batchSize);
        while (rows.hasNext()) {
            pending.add(rows.next());
            if (pending.size() == batchSize) {
                out.add(toDataSet(pending, numClasses));
                pending.clear();
            }
        }
        if (!pending.isEmpty()) {
            out.add(toDataSet(pending, numClasses));
        }
        return out.iterator();
    }

    /** One DataSet from rows of (features vector, label double, weight double). */
    public static DataSet toDataSet(List<Row> rows, int numClasses) {
        int n = rows.size();
        int dim = ((Vector) rows.get(0).get(0)).size();
        float[] features = new float[n * dim];
        float[] labels = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            Vector v = (Vector) r.get(0);
            for (int j = 0; j < dim; j++) {
                features[i * dim + j] = (float) v.apply(j);
            }
            double label = r.getDouble(1);
            double weight = r.getDouble(2);
            if (!(weight >= 0.0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("A training row with label " + label + " has weight " + weight
                    + "; loss weights must be finite and non-negative.");
            }
            labels[i * numClasses + (int) label] = (float) weight;
        }
        INDArray f = HostArrays.rowMajor(features, n, dim);
        INDArray l = HostArrays.rowMajor(labels, n, numClasses);
        return new DataSet(f, l);
    }
}
