package org.collectiveloss.weights;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collectiveloss.data.DatasetSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How well a weighting scheme finds injected label noise: the AUROC of {@code 1 − weight} as a detector of the
 * instances whose label was flipped ({@code label ≠ cleanLabel}, see {@link DatasetSchema#CLEAN_LABEL}). A
 * scheme that down-weights mislabelled instances scores above 0.5; {@code uniform} scores exactly 0.5 (all
 * scores tie), and {@code random} near it.
 *
 * <p>The AUROC is computed on Spark from counts per distinct score ({@link Auroc#fromCounts}), so only the
 * distinct weights travel to the driver.
 */
public final class NoiseDetection {

    private static final Logger LOG = LoggerFactory.getLogger(NoiseDetection.class);

    private NoiseDetection() {
    }

    /**
     * The detection result of one scheme.
     *
     * @param scheme  the scheme
     * @param auroc   AUROC of {@code 1 − weight} for the flipped labels
     * @param flipped number of flipped instances
     * @param total   number of instances
     */
    public record Result(WeightScheme scheme, double auroc, long flipped, long total) {
    }

    /**
     * AUROC of {@code 1 − weightCol} for rows whose {@code labelCol} differs from {@code cleanLabelCol}.
     *
     * @throws IllegalArgumentException if no label or every label was flipped (the AUROC is then undefined), or
     *                                  a weight is NaN or null
     */
    public static double auroc(Dataset<Row> weighted, String weightCol, String labelCol, String cleanLabelCol) {
        Column flipped = col(labelCol).notEqual(col(cleanLabelCol));
        List<Row> byScore = weighted
            .select(lit(1.0).minus(col(weightCol)).as("score"), flipped.as("flipped"))
            .groupBy("score")
            .agg(sum(when(col("flipped"), 1L).otherwise(0L)).as("pos"),
                sum(when(col("flipped"), 0L).otherwise(1L)).as("neg"))
            .orderBy("score")
            .collectAsList();
        double[] scores = new double[byScore.size()];
        long[] pos = new long[byScore.size()];
        long[] neg = new long[byScore.size()];
        for (int i = 0; i < scores.length; i++) {
            Row r = byScore.get(i);
            if (r.isNullAt(0) || Double.isNaN(r.getDouble(0))) {
                throw new IllegalArgumentException("Column '" + weightCol + "' holds null or NaN weights; every"
                    + " instance needs a weight to rank it.");
            }
            scores[i] = r.getDouble(0);
            pos[i] = r.getLong(1);
            neg[i] = r.getLong(2);
        }
        return Auroc.fromCounts(scores, pos, neg);
    }

    /**
     * Fits every scheme on one graph with the settings of {@code template} and measures each as a noise
     * detector. {@code train} must carry {@link DatasetSchema#CLEAN_LABEL} beside the (noisy) label.
     *
     * @param template the stage whose params (options, seed, column names) every scheme shares
     * @param edges    the graph over {@code train}
     * @return one result per scheme, in {@link WeightScheme} order
     * @throws IllegalArgumentException if no label or every label was flipped
     */
    public static List<Result> bySchemes(TypicalityWeighter template, Dataset<Row> train, Dataset<Row> edges) {
        Dataset<Row> labels = train.select(col(template.getIdCol()), col(template.getLabelCol()),
            col(DatasetSchema.CLEAN_LABEL));
        Row counts = labels.agg(sum(when(col(template.getLabelCol()).notEqual(col(DatasetSchema.CLEAN_LABEL)), 1L)
            .otherwise(0L)), org.apache.spark.sql.functions.count(lit(1))).first();
        long flipped = counts.isNullAt(0) ? 0 : counts.getLong(0);
        long total = counts.getLong(1);
        if (flipped == 0 || flipped == total) {
            throw new IllegalArgumentException(flipped + " of " + total + " labels differ from " + DatasetSchema
                .CLEAN_LABEL + "; the noise-detection AUROC needs both flipped and clean labels.");
        }
        Map<WeightScheme, Result> results = new LinkedHashMap<>();
        for (WeightScheme scheme : WeightScheme.values()) {
            TypicalityWeighterModel model = template.copy(ParamMap.empty()).setScheme(scheme)
                .fitOnGraph(train, edges);
            Dataset<Row> weighted = model.transform(labels);
            double auc = auroc(weighted, model.getWeightCol(), template.getLabelCol(), DatasetSchema.CLEAN_LABEL);
            model.instanceWeights().unpersist();
            LOG.info("Noise detection: scheme {} has AUROC {} for {} flipped of {} labels", scheme.configName(),
                String.format(java.util.Locale.ROOT, "%.4f", auc), flipped, total);
            results.put(scheme, new Result(scheme, auc, flipped, total));
        }
        return List.copyOf(results.values());
    }
}
