package org.collectiveloss.weights;

import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.collectiveloss.data.DatasetSchema;

/**
 * The {@link TypicalityWeighterParams} of one stage, created with the stage as parent, and their defaults.
 * Estimator and model each hold one, since Java has no traits to declare the fields once.
 */
final class WeighterParamSet {

    final Param<String> idCol;
    final Param<String> featuresCol;
    final Param<String> labelCol;
    final IntParam numClasses;
    final Param<String> graphBuilder;
    final Param<String> graphMode;
    final IntParam k;
    final DoubleParam quantile;
    final Param<String> metric;
    final IntParam blocks;
    final LongParam seed;
    final Param<String> scheme;
    final DoubleParam beta;
    final DoubleParam minWeight;
    final DoubleParam isolatedWeight;
    final BooleanParam includeSelf;
    final BooleanParam similarityWeighted;
    final Param<String> degreeCol;
    final Param<String> entropyCol;
    final Param<String> agreementCol;
    final Param<String> weightCol;
    final Param<String> handleUnseen;

    private final String defaultSeedSource;

    /**
     * @param parent the stage; its uid must already be set
     */
    WeighterParamSet(Identifiable parent) {
        idCol = new Param<>(parent, "idCol", "instance id column (long, unique per row)");
        featuresCol = new Param<>(parent, "featuresCol", "feature vector column, used to build the graph");
        labelCol = new Param<>(parent, "labelCol", "label column: class indices 0..C-1 as doubles");
        numClasses = new IntParam(parent, "numClasses",
            "number of classes C (>= 2), or 0 to infer it as the largest label + 1", ParamValidators.gtEq(0));
        graphBuilder = new Param<>(parent, "graphBuilder", "how candidate pairs are found: exact or lsh",
            ParamValidators.inArray(TypicalityWeighterParams.GRAPH_BUILDERS));
        graphMode = new Param<>(parent, "graphMode", "which pairs become edges: knn or threshold",
            ParamValidators.inArray(TypicalityWeighterParams.GRAPH_MODES));
        k = new IntParam(parent, "k", "neighbours per instance in knn mode (>= 1)", ParamValidators.gtEq(1));
        quantile = new DoubleParam(parent, "quantile",
            "threshold mode: similarity quantile above which pairs become edges, in (0, 1)",
            ParamValidators.inRange(0.0, 1.0, false, false));
        metric = new Param<>(parent, "metric", "distance behind the similarity: euclidean or cosine",
            ParamValidators.inArray(TypicalityWeighterParams.METRICS));
        blocks = new IntParam(parent, "blocks", "blocks the exact builder cuts the data into (>= 1)",
            ParamValidators.gtEq(1));
        seed = new LongParam(parent, "seed", "random seed of the LSH builder and of the random scheme");
        scheme = new Param<>(parent, "scheme", "weighting scheme, one of " + WeightScheme.names(),
            ParamValidators.inArray(WeightScheme.names().toArray(new String[0])));
        beta = new DoubleParam(parent, "beta", "decay rate of exp-entropy (>= 0)", ParamValidators.gtEq(0.0));
        minWeight = new DoubleParam(parent, "minWeight", "floor of every raw weight, in [0, 1]",
            ParamValidators.inRange(0.0, 1.0));
        isolatedWeight = new DoubleParam(parent, "isolatedWeight",
            "raw weight of an instance whose neighbourhood is empty (> 0)", ParamValidators.gt(0.0));
        includeSelf = new BooleanParam(parent, "includeSelf",
            "whether an instance counts itself, with its own label, in its neighbourhood");
        similarityWeighted = new BooleanParam(parent, "similarityWeighted",
            "whether neighbours vote with their edge similarity instead of 1");
        degreeCol = new Param<>(parent, "degreeCol", "output column: number of neighbours (long)");
        entropyCol = new Param<>(parent, "entropyCol", "output column: neighbourhood class entropy in nats");
        agreementCol = new Param<>(parent, "agreementCol",
            "output column: share of the neighbourhood carrying the instance's own label");
        weightCol = new Param<>(parent, "weightCol", "output column: loss weight, mean 1 over the fitted rows");
        handleUnseen = new Param<>(parent, "handleUnseen",
            "rows whose id the model was not fitted on: keep (weight 1, logged) or error",
            ParamValidators.inArray(TypicalityWeighterParams.HANDLE_UNSEEN));
        defaultSeedSource = TypicalityWeighter.class.getName();
    }

    /** Every parameter with its default value. */
    List<ParamPair<?>> defaults() {
        return List.of(
            idCol.w(DatasetSchema.ID),
            featuresCol.w(DatasetSchema.FEATURES),
            labelCol.w(DatasetSchema.LABEL),
            numClasses.w(0),
            graphBuilder.w("exact"),
            graphMode.w("knn"),
            k.w(10),
            quantile.w(0.99),
            metric.w("euclidean"),
            blocks.w(4),
            // As MLlib's HasSeed: a fixed default derived from the class name, so runs repeat without a seed.
            seed.w((long) defaultSeedSource.hashCode()),
            scheme.w(WeightScheme.ENTROPY.configName()),
            beta.w(1.0),
            minWeight.w(0.1),
            isolatedWeight.w(1.0),
            includeSelf.w(false),
            similarityWeighted.w(false),
            degreeCol.w(TypicalityWeighter.DEGREE),
            entropyCol.w(TypicalityWeighter.ENTROPY),
            agreementCol.w(TypicalityWeighter.AGREEMENT),
            weightCol.w(DatasetSchema.WEIGHT),
            handleUnseen.w("keep"));
    }
}
