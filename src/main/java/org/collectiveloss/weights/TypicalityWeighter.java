package org.collectiveloss.weights;

import static org.apache.spark.sql.functions.col;

import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.graph.GraphSchema;
import org.collectiveloss.graph.CutOff;
import org.collectiveloss.graph.GraphMode;
import org.collectiveloss.graph.GraphSpec;
import org.collectiveloss.graph.LshParams;
import org.collectiveloss.graph.Metric;

/**
 * Typicality weights as a Spark ML estimator: builds the instance similarity graph of the rows it is fitted on,
 * takes each instance's neighbourhood label distribution, and turns it into a per-instance loss weight by a
 * {@link WeightScheme}. The fitted {@link TypicalityWeighterModel} appends four columns: {@code degree} (number
 * of neighbours), {@code entropy} (class entropy of the neighbourhood, nats), {@code agreement} (share of the
 * neighbourhood carrying the instance's own label, 1 − kDN) and {@code weight} (floored at {@code minWeight},
 * rescaled to mean 1 over the fitted rows).
 *
 * <p>The weights implement the collective loss: an instance deep inside its class region keeps its full
 * weight, one in a mixed region contributes less. Mean-1 weights keep a learning rate's meaning, since MLlib's
 * weighted losses and DL4J both average over the batch size. Parameters and how to choose them:
 * {@link TypicalityWeighterParams}.
 *
 * <pre>{@code
 * TypicalityWeighter weighter = new TypicalityWeighter().setScheme("entropy-agreement").setK(10);
 * LogisticRegression lr = new LogisticRegression().setWeightCol("weight");
 * PipelineModel model = new Pipeline().setStages(new PipelineStage[] {weighter, lr}).fit(train);
 * Dataset<Row> predictions = model.transform(test);   // test ids are unseen: weight 1, see handleUnseen
 * }</pre>
 *
 * <p>{@link #fit} builds the graph from the graph parameters through {@link GraphSpec}; {@link #fitOnGraph}
 * takes a graph built beforehand (in the {@link GraphSchema} layout), so that several schemes can share one
 * graph. Fitting runs a few Spark jobs: a label check, an edge check, the vote count, the rescaling and, for
 * {@code random}, two sorts.
 *
 * <p>Not supported: weights for rows that were not part of the fit (the model gives them weight 1 or fails,
 * see {@code handleUnseen}; typicality is a property of training instances); multi-label data; a graph whose
 * similarities are negative when votes are similarity-weighted.
 */
public final class TypicalityWeighter extends Estimator<TypicalityWeighterModel>
    implements TypicalityWeighterParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    /** Default name of the output column holding the number of neighbours. */
    public static final String DEGREE = "degree";
    /** Default name of the output column holding the neighbourhood entropy in nats. */
    public static final String ENTROPY = "entropy";
    /** Default name of the output column holding the agreement share. */
    public static final String AGREEMENT = "agreement";
    /** Default name of the output column holding the weight. */
    public static final String WEIGHT = DatasetSchema.WEIGHT;

    private final String uid;
    private final WeighterParamSet p;

    public TypicalityWeighter() {
        this(Identifiable.randomUID("typicalityWeighter"));
    }

    /** Creates the stage with a given uid, as {@code DefaultParamsReader} and {@code copy} do. */
    public TypicalityWeighter(String uid) {
        this.uid = uid;
        this.p = new WeighterParamSet(this);
        for (ParamPair<?> pair : p.defaults()) {
            applyDefault(pair);
        }
    }

    /**
     * A stage with the given scheme, floor and isolated weight and every other param at its default; short for
     * {@code new TypicalityWeighter().setScheme(scheme).setMinWeight(minWeight).setIsolatedWeight(isolated)}.
     */
    public TypicalityWeighter(WeightScheme scheme, double minWeight, double isolatedWeight) {
        this();
        setScheme(scheme).setMinWeight(minWeight).setIsolatedWeight(isolatedWeight);
    }

    private <T> void applyDefault(ParamPair<T> pair) {
        setDefault(pair.param(), pair.value());
    }

    @Override
    public String uid() {
        return uid;
    }

    // Parameter accessors; Spark finds the params through these public methods.

    @Override
    public Param<String> idCol() {
        return p.idCol;
    }

    @Override
    public Param<String> featuresCol() {
        return p.featuresCol;
    }

    @Override
    public Param<String> labelCol() {
        return p.labelCol;
    }

    @Override
    public IntParam numClasses() {
        return p.numClasses;
    }

    @Override
    public Param<String> graphBuilder() {
        return p.graphBuilder;
    }

    @Override
    public Param<String> graphMode() {
        return p.graphMode;
    }

    @Override
    public IntParam k() {
        return p.k;
    }

    @Override
    public DoubleParam quantile() {
        return p.quantile;
    }

    @Override
    public Param<String> metric() {
        return p.metric;
    }

    @Override
    public IntParam blocks() {
        return p.blocks;
    }

    @Override
    public LongParam seed() {
        return p.seed;
    }

    @Override
    public Param<String> scheme() {
        return p.scheme;
    }

    @Override
    public DoubleParam beta() {
        return p.beta;
    }

    @Override
    public DoubleParam minWeight() {
        return p.minWeight;
    }

    @Override
    public DoubleParam isolatedWeight() {
        return p.isolatedWeight;
    }

    @Override
    public BooleanParam includeSelf() {
        return p.includeSelf;
    }

    @Override
    public BooleanParam similarityWeighted() {
        return p.similarityWeighted;
    }

    @Override
    public Param<String> degreeCol() {
        return p.degreeCol;
    }

    @Override
    public Param<String> entropyCol() {
        return p.entropyCol;
    }

    @Override
    public Param<String> agreementCol() {
        return p.agreementCol;
    }

    @Override
    public Param<String> weightCol() {
        return p.weightCol;
    }

    @Override
    public Param<String> handleUnseen() {
        return p.handleUnseen;
    }

    // Setters. Values are checked here with messages that name the fix; Spark's validators check again.

    public TypicalityWeighter setIdCol(String value) {
        set(p.idCol, value);
        return this;
    }

    public TypicalityWeighter setFeaturesCol(String value) {
        set(p.featuresCol, value);
        return this;
    }

    public TypicalityWeighter setLabelCol(String value) {
        set(p.labelCol, value);
        return this;
    }

    /** C, at least 2; or 0 to infer it as the largest label + 1. */
    public TypicalityWeighter setNumClasses(int value) {
        require(value == 0 || value >= 2, "numClasses=" + value + "; give C >= 2, or 0 to infer it.");
        set(p.numClasses, value);
        return this;
    }

    /** {@code exact} or {@code lsh}. */
    public TypicalityWeighter setGraphBuilder(String value) {
        requireOneOf("graphBuilder", value, GRAPH_BUILDERS);
        set(p.graphBuilder, value);
        return this;
    }

    /** {@code knn} or {@code threshold}. */
    public TypicalityWeighter setGraphMode(String value) {
        requireOneOf("graphMode", value, GRAPH_MODES);
        set(p.graphMode, value);
        return this;
    }

    public TypicalityWeighter setK(int value) {
        require(value >= 1, "k=" + value + "; the kNN graph needs k >= 1 (10 is a common choice).");
        set(p.k, value);
        return this;
    }

    public TypicalityWeighter setQuantile(double value) {
        require(value > 0.0 && value < 1.0, "quantile=" + value + " must lie strictly between 0 and 1 (e.g. 0.99).");
        set(p.quantile, value);
        return this;
    }

    /** {@code euclidean} or {@code cosine}. */
    public TypicalityWeighter setMetric(String value) {
        requireOneOf("metric", value, METRICS);
        set(p.metric, value);
        return this;
    }

    public TypicalityWeighter setBlocks(int value) {
        require(value >= 1, "blocks=" + value + "; use at least 1 (about the number of cores).");
        set(p.blocks, value);
        return this;
    }

    public TypicalityWeighter setSeed(long value) {
        set(p.seed, value);
        return this;
    }

    /** One of {@link WeightScheme#names()}. */
    public TypicalityWeighter setScheme(String value) {
        set(p.scheme, WeightScheme.fromName(value).configName());
        return this;
    }

    public TypicalityWeighter setScheme(WeightScheme value) {
        set(p.scheme, value.configName());
        return this;
    }

    public TypicalityWeighter setBeta(double value) {
        require(value >= 0.0 && !Double.isInfinite(value), "beta=" + value + " must be finite and >= 0.");
        set(p.beta, value);
        return this;
    }

    public TypicalityWeighter setMinWeight(double value) {
        require(value >= 0.0 && value <= 1.0, "minWeight=" + value + " must lie in [0, 1] (default 0.1).");
        set(p.minWeight, value);
        return this;
    }

    public TypicalityWeighter setIsolatedWeight(double value) {
        require(value > 0.0 && !Double.isInfinite(value),
            "isolatedWeight=" + value + " must be finite and > 0 (default 1).");
        set(p.isolatedWeight, value);
        return this;
    }

    public TypicalityWeighter setIncludeSelf(boolean value) {
        set(p.includeSelf, value);
        return this;
    }

    public TypicalityWeighter setSimilarityWeighted(boolean value) {
        set(p.similarityWeighted, value);
        return this;
    }

    /** Sets minWeight, isolatedWeight, beta, includeSelf and similarityWeighted at once. */
    public TypicalityWeighter setOptions(WeightOptions options) {
        return setMinWeight(options.minWeight()).setIsolatedWeight(options.isolatedWeight())
            .setBeta(options.beta()).setIncludeSelf(options.includeSelf())
            .setSimilarityWeighted(options.similarityWeighted());
    }

    public TypicalityWeighter setDegreeCol(String value) {
        set(p.degreeCol, value);
        return this;
    }

    public TypicalityWeighter setEntropyCol(String value) {
        set(p.entropyCol, value);
        return this;
    }

    public TypicalityWeighter setAgreementCol(String value) {
        set(p.agreementCol, value);
        return this;
    }

    public TypicalityWeighter setWeightCol(String value) {
        set(p.weightCol, value);
        return this;
    }

    /** {@code keep} or {@code error}; passed on to the fitted model. */
    public TypicalityWeighter setHandleUnseen(String value) {
        requireOneOf("handleUnseen", value, HANDLE_UNSEEN);
        set(p.handleUnseen, value);
        return this;
    }

    /**
     * The graph this stage builds in {@link #fit}, from its graph parameters.
     *
     * @throws IllegalArgumentException for a combination the graph stage cannot build
     */
    public GraphSpec graphSpec() {
        GraphMode mode = GraphMode.fromName(getGraphMode());
        CutOff cutOff = mode == GraphMode.THRESHOLD ? CutOff.quantile(getQuantile()) : null;
        return new GraphSpec(getGraphBuilder(), Metric.fromName(getMetric()), mode, getK(), cutOff, getBlocks(),
            LshParams.DEFAULT, getSeed());
    }

    /**
     * Builds the graph of {@code dataset} from the graph parameters and fits the weights on it.
     *
     * @param dataset rows with the id, features and label columns
     * @throws IllegalArgumentException for a missing or mistyped column, an invalid label, a duplicate id or a
     *                                  graph without edges; the message names the column, row or parameter
     */
    @Override
    public TypicalityWeighterModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        GraphSpec spec = graphSpec();
        Dataset<Row> points = dataset.select(col(getIdCol()).cast(DataTypes.LongType).as(DatasetSchema.ID),
            col(getFeaturesCol()).as(DatasetSchema.FEATURES));
        Dataset<Row> edges = spec.newBuilder().build(points);
        try {
            return fitOnGraph(dataset, edges);
        } finally {
            edges.unpersist();
        }
    }

    /**
     * Fits the weights on a graph built beforehand; the graph parameters are not used. Every edge must join two
     * distinct ids of {@code dataset}; instances without out-edges are isolated.
     *
     * @param dataset rows with the id and label columns (features are not read)
     * @param edges   the directed edges {@code (src, dst, similarity)} of {@link GraphSchema}; an instance's
     *                neighbours are the {@code dst} of its out-edges
     * @throws IllegalArgumentException as {@link #fit}, and for edges naming unknown ids or self-loops
     */
    public TypicalityWeighterModel fitOnGraph(Dataset<?> dataset, Dataset<Row> edges) {
        StageSchemas.validateAndTransform(this, dataset.schema(), true, false);
        TypicalityComputation.Settings settings = new TypicalityComputation.Settings(getIdCol(), getLabelCol(),
            getNumClasses(), WeightScheme.fromName(getScheme()), getBeta(), getMinWeight(), getIsolatedWeight(),
            getIncludeSelf(), getSimilarityWeighted(), getSeed());
        TypicalityComputation.Result result = TypicalityComputation.run(dataset.toDF(), edges, settings,
            String.format(Locale.ROOT, "TypicalityWeighter %s", uid));
        TypicalityWeighterModel model = copyValues(new TypicalityWeighterModel(uid, result.table()),
            ParamMap.empty());
        model.setFittedNumClasses(result.numClasses());
        return model.setParent(this);
    }

    /**
     * Weights the rows of {@code train} on a given graph in one call: {@code setNumClasses(numClasses)}, then
     * {@link #fitOnGraph} and the model's transform of {@code train}. The fitted table stays persisted as long
     * as the returned frame's lineage needs it.
     */
    public Dataset<Row> transform(Dataset<Row> train, Dataset<Row> edges, int numClasses) {
        return setNumClasses(numClasses).fitOnGraph(train, edges).transform(train);
    }

    /** Checks the id, label and features columns and appends the four output columns. */
    @Override
    public StructType transformSchema(StructType schema) {
        return StageSchemas.validateAndTransform(this, schema, true, true);
    }

    @Override
    public TypicalityWeighter copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** A reader for stages saved with {@code write().save(path)}. */
    public static MLReader<TypicalityWeighter> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a stage saved with {@code save(path)}. */
    public static TypicalityWeighter load(String path) {
        return read().load(path);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    static void requireOneOf(String param, String value, String[] allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        throw new IllegalArgumentException(param + "='" + value + "'; use one of " + String.join(", ", allowed)
            + ".");
    }
}
