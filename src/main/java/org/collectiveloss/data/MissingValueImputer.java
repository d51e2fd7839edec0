package org.collectiveloss.data;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills missing feature values (NaN) from statistics of the training part only: a numeric feature gets its
 * training mean, a one-hot block of a nominal attribute gets the training mode (the value most often seen,
 * the first declared one on a tie). The same fill is applied to the test part, so nothing about the test part
 * leaks into training. The number of missing values in each part is logged, counted per attribute (a missing
 * nominal value is one missing value, however wide its block).
 *
 * <pre>{@code
 * TrainTest filled = MissingValueImputer.apply(split);           // fit on split.train(), fill both
 * MissingValueImputer.Model m = MissingValueImputer.fit(train, info);  // or keep the model
 * }</pre>
 *
 * <p>A feature that is missing in every training row cannot be estimated; it is filled with 0 and a warning
 * names it. Not supported: other strategies (median, model-based imputation), missing-value indicator features.
 */
public final class MissingValueImputer {

    private static final Logger LOG = LoggerFactory.getLogger(MissingValueImputer.class);

    private MissingValueImputer() {
    }

    /** Fits on {@code data.train()} and fills both parts; returns the input unchanged when nothing is missing. */
    public static TrainTest apply(TrainTest data) {
        Model model = fit(data.train(), data.featureInfo());
        Counts test = Counts.of(data.test(), data.featureInfo());
        LOG.info("{}: missing values: {} in {} training rows, {} in {} test rows; filled with training means "
            + "(numeric) and modes (nominal)", data.name(), model.trainCounts.cells, model.trainCounts.rows,
            test.cells, test.rows);
        if (model.trainCounts.cells == 0 && test.cells == 0) {
            return data;
        }
        return data.withFrames(model.transform(data.train()), model.transform(data.test()));
    }

    /** Learns the fill values from {@code train}. */
    public static Model fit(Dataset<Row> train, FeatureInfo info) {
        Stats stats = train.select(DatasetSchema.FEATURES).javaRDD()
            .map(r -> (Vector) r.get(0))
            .treeAggregate(new Stats(info.size()), Stats::add, Stats::merge);
        double[] fill = new double[info.size()];
        List<String> unestimable = new ArrayList<>();
        for (int j : info.numericIndices()) {
            long present = stats.rows - stats.nan[j];
            fill[j] = present > 0 ? stats.sum[j] / present : 0.0;
            if (present == 0 && stats.rows > 0) {
                unestimable.add(info.names().get(j));
            }
        }
        for (FeatureInfo.NominalBlock b : info.nominalBlocks()) {
            int mode = b.start();
            for (int j = b.start(); j < b.end(); j++) {
                if (stats.sum[j] > stats.sum[mode]) {
                    mode = j;
                }
            }
            fill[mode] = 1.0;
            if (stats.rows - stats.nan[b.start()] == 0 && stats.rows > 0) {
                unestimable.add(b.attribute());
            }
        }
        if (!unestimable.isEmpty()) {
            LOG.warn("Features missing in every training row, filled with 0 (numeric) or the first value "
                + "(nominal): {}", unestimable);
        }
        return new Model(fill, info, Counts.of(stats, info));
    }

    /** Missing-value counts of one part. */
    private record Counts(long cells, long rows) implements Serializable {

        static Counts of(Stats s, FeatureInfo info) {
            long cells = 0;
            for (int j : info.numericIndices()) {
                cells += s.nan[j];
            }
            for (FeatureInfo.NominalBlock b : info.nominalBlocks()) {
                cells += s.nan[b.start()];
            }
            return new Counts(cells, s.rowsWithNaN);
        }

        static Counts of(Dataset<Row> part, FeatureInfo info) {
            return of(part.select(DatasetSchema.FEATURES).javaRDD().map(r -> (Vector) r.get(0))
                .treeAggregate(new Stats(info.size()), Stats::add, Stats::merge), info);
        }
    }

    /** Per-feature sums and NaN counts, merged across partitions. */
    private static final class Stats implements Serializable {

        private static final long serialVersionUID = 1L;

        final double[] sum;
        final long[] nan;
        long rows;
        long rowsWithNaN;

        Stats(int n) {
            sum = new double[n];
            nan = new long[n];
        }

        Stats add(Vector v) {
            rows++;
            boolean any = false;
            if (v instanceof SparseVector sv) {
                int[] idx = sv.indices();
                double[] val = sv.values();
                for (int k = 0; k < idx.length; k++) {
                    any |= accumulate(idx[k], val[k]);
                }
            } else {
                double[] val = ((DenseVector) v).values();
                for (int j = 0; j < val.length; j++) {
                    any |= accumulate(j, val[j]);
                }
            }
            if (any) {
                rowsWithNaN++;
            }
            return this;
        }

        private boolean accumulate(int j, double x) {
            if (Double.isNaN(x)) {
                nan[j]++;
                return true;
            }
            sum[j] += x;
            return false;
        }

        Stats merge(Stats o) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += o.sum[j];
                nan[j] += o.nan[j];
            }
            rows += o.rows;
            rowsWithNaN += o.rowsWithNaN;
            return this;
        }
    }

    /** Fill values learnt from a training part. */
    public static final class Model implements Serializable {

        private static final long serialVersionUID = 1L;

        private final double[] fill;
        private final int[][] blocks;
        private final Counts trainCounts;

        private Model(double[] fill, FeatureInfo info, Counts trainCounts) {
            this.fill = fill;
            this.blocks = info.nominalBlocks().stream().map(b -> new int[] {b.start(), b.end()})
                .toArray(int[][]::new);
            this.trainCounts = trainCounts;
        }

        /**
         * The fill value of every feature: the training mean of a numeric one; within a one-hot block, 1 at the
         * mode and 0 elsewhere.
         */
        public double[] fillValues() {
            return fill.clone();
        }

        /** Missing values counted in the training part it was fitted on. */
        public long trainingMissingCount() {
            return trainCounts.cells;
        }

        /** Replaces NaN entries of the features column; other columns and complete rows are unchanged. */
        public Dataset<Row> transform(Dataset<Row> frame) {
            double[] f = fill;
            int[][] b = blocks;
            UserDefinedFunction impute = functions.udf((UDF1<Vector, Vector>) v -> impute(v, f, b),
                SQLDataTypes.VectorType());
            return frame.withColumn(DatasetSchema.FEATURES, impute.apply(col(DatasetSchema.FEATURES)));
        }

        private static Vector impute(Vector v, double[] fill, int[][] blocks) {
            double[] values = v instanceof SparseVector sv ? sv.values() : ((DenseVector) v).values();
            boolean any = false;
            for (double x : values) {
                if (Double.isNaN(x)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return v;
            }
            double[] out = v.toArray();
            for (int[] block : blocks) {
                boolean missing = false;
                for (int j = block[0]; j < block[1]; j++) {
                    missing |= Double.isNaN(out[j]);
                }
                if (missing) {
                    System.arraycopy(fill, block[0], out, block[0], block[1] - block[0]);
                }
            }
            for (int j = 0; j < out.length; j++) {
                if (Double.isNaN(out[j])) {
                    out[j] = fill[j];
                }
            }
            return v instanceof SparseVector ? Vectors.dense(out).compressed() : Vectors.dense(out);
        }

        @Override
        public String toString() {
            return "MissingValueImputer.Model" + Arrays.toString(fill);
        }
    }
}
