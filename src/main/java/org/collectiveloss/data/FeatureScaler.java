package org.collectiveloss.data;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.MinMaxScalerModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales the features column, fitted on the training part only and applied unchanged to the test part.
 *
 * <ul>
 *   <li>{@link Method#STANDARD}: subtract the training mean and divide by the training standard deviation
 *       (Spark MLlib's {@code StandardScaler}, sample deviation). A feature constant in training becomes 0.</li>
 *   <li>{@link Method#MINMAX}: map the training range to [0, 1] (MLlib's {@code MinMaxScaler}); test values
 *       outside the training range fall outside [0, 1] and are not clipped. A feature constant in training
 *       becomes 0.5.</li>
 *   <li>{@link Method#NONE}: leave features as they are.</li>
 * </ul>
 * Choosing: the neighbourhood graph is built on Euclidean distances, so features on different scales (credit-g's
 * amounts next to its one-hot blocks) need {@code standard} or {@code minmax}; for pixel data (Fashion-MNIST,
 * digits) {@code minmax} keeps the 0-based pixel meaning. One-hot entries are scaled like any other feature.
 *
 * <p>Missing values must be filled first ({@link MissingValueImputer}): a NaN in training would make the fitted
 * statistics NaN, which this class rejects. {@code standard} centres, so sparse input becomes dense.
 */
public final class FeatureScaler {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureScaler.class);
    private static final String SCALED = "_scaled";

    /** The scaling methods. */
    public enum Method {
        /** No scaling. */
        NONE,
        /** Zero mean, unit variance. */
        STANDARD,
        /** Training range to [0, 1]. */
        MINMAX;

        /**
         * The method named {@code text} ({@code none}, {@code standard}, {@code minmax}), case-insensitive.
         *
         * @param where the configuration key, for the error message
         */
        public static Method parse(String text, String where) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT).replace("-", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " = '" + text + "' is not a scaling method; use none, "
                    + "standard or minmax.", e);
            }
        }
    }

    private final Method method;

    private FeatureScaler(Method method) {
        this.method = method;
    }

    /** A scaler using {@code method}. */
    public static FeatureScaler of(Method method) {
        return new FeatureScaler(java.util.Objects.requireNonNull(method, "method"));
    }

    /** The method of this scaler. */
    public Method method() {
        return method;
    }

    /** Fits on {@code data.train()} and scales both parts. */
    public TrainTest apply(TrainTest data) {
        if (method == Method.NONE) {
            LOG.info("{}: features not scaled (method none)", data.name());
            return data;
        }
        Model<?> model = fit(data.train());
        LOG.info("{}: features scaled with {} fitted on the training part", data.name(),
            method.name().toLowerCase(Locale.ROOT));
        return data.withFrames(transform(model, data.train()), transform(model, data.test()));
    }

    private Model<?> fit(Dataset<Row> train) {
        if (method == Method.STANDARD) {
            StandardScalerModel m = new StandardScaler().setWithMean(true).setWithStd(true)
                .setInputCol(DatasetSchema.FEATURES).setOutputCol(SCALED).fit(train);
            requireFinite(m.mean(), "mean");
            requireFinite(m.std(), "standard deviation");
            return m;
        }
        MinMaxScalerModel m = new MinMaxScaler().setInputCol(DatasetSchema.FEATURES).setOutputCol(SCALED)
            .fit(train);
        requireFinite(m.originalMin(), "minimum");
        requireFinite(m.originalMax(), "maximum");
        return m;
    }

    private static void requireFinite(Vector stat, String what) {
        double[] v = stat.toArray();
        for (int j = 0; j < v.length; j++) {
            if (!Double.isFinite(v[j])) {
                throw new IllegalStateException("The training " + what + " of feature " + j + " is " + v[j]
                    + ": the training features hold NaN or infinite values. Run MissingValueImputer before "
                    + "FeatureScaler.");
            }
        }
    }

    private static Dataset<Row> transform(Model<?> model, Dataset<Row> frame) {
        Column[] order = Arrays.stream(frame.columns()).map(c -> col(c)).toArray(Column[]::new);
        return model.transform(frame).drop(DatasetSchema.FEATURES)
            .withColumnRenamed(SCALED, DatasetSchema.FEATURES).select(order);
    }
}
