package org.collectiveloss.weights;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The parameters shared by {@link TypicalityWeighter} and {@link TypicalityWeighterModel}, with their getters.
 * Each parameter, its default and how to choose it:
 *
 * <ul>
 *   <li>Columns: {@code idCol} ({@code id}, long, unique), {@code featuresCol} ({@code features}, a Vector; only
 *       needed when the stage builds the graph itself), {@code labelCol} ({@code label}, class indices
 *       0..C-1 as doubles).</li>
 *   <li>{@code numClasses} (0): C; 0 infers it as the largest label + 1. Set it when the training part may lack
 *       the highest classes, since C enters {@code ln C}.</li>
 *   <li>Graph: {@code graphBuilder} ({@code exact} | {@code lsh}), {@code graphMode} ({@code knn} |
 *       {@code threshold}), {@code k} (10, neighbours per instance in knn mode; 5 to 20 is the usual range),
 *       {@code quantile} (0.99, threshold mode: pairs whose similarity exceeds this quantile of all pairs'
 *       similarities become edges), {@code metric} ({@code euclidean} | {@code cosine}), {@code blocks} (4, the
 *       exact builder's blocks; about the number of cores), {@code seed} (random choices of the LSH builder
 *       and of the {@code random} scheme). Ignored by {@link TypicalityWeighter#fitOnGraph}, which is given the
 *       graph.</li>
 *   <li>{@code scheme} ({@code entropy}): one of {@link WeightScheme#names()}.</li>
 *   <li>{@code beta} (1.0): decay of {@code exp-entropy}; with β = 1 a maximally mixed neighbourhood of C = 10
 *       classes weighs exp(−ln 10) = 0.1 of a pure one.</li>
 *   <li>{@code minWeight} (0.1): floor of every raw weight, in [0, 1]; keeps ambiguous instances in the loss.
 *       0 lets a scheme switch instances off entirely.</li>
 *   <li>{@code isolatedWeight} (1.0): raw weight of an instance whose neighbourhood is empty; 1 treats it as
 *       typical.</li>
 *   <li>{@code includeSelf} (false): count the instance itself, with its own label, in its neighbourhood.
 *       Shrinks every entropy and raises every agreement; with small k it keeps a lone disagreeing neighbour
 *       from looking like total disagreement. kDN as published excludes the instance.</li>
 *   <li>{@code similarityWeighted} (false): each neighbour votes with its edge similarity instead of 1, so
 *       that closer neighbours count more. Needs non-negative similarities.</li>
 *   <li>Output columns {@code degreeCol}, {@code entropyCol}, {@code agreementCol}, {@code weightCol}
 *       ({@code degree}, {@code entropy}, {@code agreement}, {@code weight}).</li>
 *   <li>{@code handleUnseen} ({@code keep}): what the model does with rows whose id it was not fitted on:
 *       {@code keep} gives them degree 0, entropy and agreement NaN and weight 1 and logs their number (one extra
 *       pass over the input); {@code error} fails on the first such row. Test data always has unseen ids, so a
 *       {@code PipelineModel} that predicts needs {@code keep}.</li>
 * </ul>
 */
public interface TypicalityWeighterParams extends Params {

    /** Names of the graph builders the stage accepts. */
    String[] GRAPH_BUILDERS = {"exact", "lsh"};
    /** Names of the graph modes the stage accepts. */
    String[] GRAPH_MODES = {"knn", "threshold"};
    /** Names of the similarity metrics the stage accepts. */
    String[] METRICS = {"euclidean", "cosine"};
    /** Values of {@code handleUnseen}. */
    String[] HANDLE_UNSEEN = {"keep", "error"};

    Param<String> idCol();

    Param<String> featuresCol();

    Param<String> labelCol();

    IntParam numClasses();

    Param<String> graphBuilder();

    Param<String> graphMode();

    IntParam k();

    DoubleParam quantile();

    Param<String> metric();

    IntParam blocks();

    LongParam seed();

    Param<String> scheme();

    DoubleParam beta();

    DoubleParam minWeight();

    DoubleParam isolatedWeight();

    BooleanParam includeSelf();

    BooleanParam similarityWeighted();

    Param<String> degreeCol();

    Param<String> entropyCol();

    Param<String> agreementCol();

    Param<String> weightCol();

    Param<String> handleUnseen();

    default String getIdCol() {
        return getOrDefault(idCol());
    }

    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    default String getLabelCol() {
        return getOrDefault(labelCol());
    }

    default int getNumClasses() {
        return (Integer) getOrDefault(numClasses());
    }

    default String getGraphBuilder() {
        return getOrDefault(graphBuilder());
    }

    default String getGraphMode() {
        return getOrDefault(graphMode());
    }

    default int getK() {
        return (Integer) getOrDefault(k());
    }

    default double getQuantile() {
        return (Double) getOrDefault(quantile());
    }

    default String getMetric() {
        return getOrDefault(metric());
    }

    default int getBlocks() {
        return (Integer) getOrDefault(blocks());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default String getScheme() {
        return getOrDefault(scheme());
    }

    default double getBeta() {
        return (Double) getOrDefault(beta());
    }

    default double getMinWeight() {
        return (Double) getOrDefault(minWeight());
    }

    default double getIsolatedWeight() {
        return (Double) getOrDefault(isolatedWeight());
    }

    default boolean getIncludeSelf() {
        return (Boolean) getOrDefault(includeSelf());
    }

    default boolean getSimilarityWeighted() {
        return (Boolean) getOrDefault(similarityWeighted());
    }

    default String getDegreeCol() {
        return getOrDefault(degreeCol());
    }

    default String getEntropyCol() {
        return getOrDefault(entropyCol());
    }

    default String getAgreementCol() {
        return getOrDefault(agreementCol());
    }

    default String getWeightCol() {
        return getOrDefault(weightCol());
    }

    default String getHandleUnseen() {
        return getOrDefault(handleUnseen());
    }
}
