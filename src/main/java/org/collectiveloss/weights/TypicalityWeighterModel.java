package org.collectiveloss.weights;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The typicality weights fitted by {@link TypicalityWeighter}: one row per fitted instance, keyed by id. Its
 * {@link #transform} joins them onto a DataFrame by the id column and appends the columns degree, entropy,
 * agreement and weight (names from the {@code ...Col} params), keeping the input's columns in their order.
 *
 * <p>Rows whose id was not among the fitted instances (a test part, say) get degree 0, entropy and agreement
 * NaN and weight 1 under {@code handleUnseen = keep}, the default, which logs their number; under
 * {@code error} the transform fails on the first such row, naming its id. Weight 1 is the mean of the fitted
 * weights, so unseen rows count as average instances.
 *
 * <p>Saving writes the params as MLlib's metadata and the per-instance table as Parquet in the {@code data}
 * folder of the model's path.
 */
public final class TypicalityWeighterModel extends Model<TypicalityWeighterModel>
    implements TypicalityWeighterParams, MLWritable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TypicalityWeighterModel.class);
    private static final String DATA_FOLDER = "data";
    private static final String JOIN_ID = "_typicality_id";

    private final String uid;
    private final WeighterParamSet p;
    private final Dataset<Row> weights;

    TypicalityWeighterModel(String uid, Dataset<Row> weights) {
        this.uid = uid;
        this.p = new WeighterParamSet(this);
        for (ParamPair<?> pair : p.defaults()) {
            applyDefault(pair);
        }
        this.weights = weights;
    }

    private <T> void applyDefault(ParamPair<T> pair) {
        setDefault(pair.param(), pair.value());
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * The fitted per-instance table with the fixed columns {@code id} (long), {@code degree} (long),
     * {@code entropy}, {@code agreement} and {@code weight} (doubles), whatever the output column params say.
     * Persisted when freshly fitted; read from Parquet when loaded.
     */
    public Dataset<Row> instanceWeights() {
        return weights;
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

    // Setters of the params the transform reads; the others describe how the model was fitted.

    public TypicalityWeighterModel setIdCol(String value) {
        set(p.idCol, value);
        return this;
    }

    public TypicalityWeighterModel setDegreeCol(String value) {
        set(p.degreeCol, value);
        return this;
    }

    public TypicalityWeighterModel setEntropyCol(String value) {
        set(p.entropyCol, value);
        return this;
    }

    public TypicalityWeighterModel setAgreementCol(String value) {
        set(p.agreementCol, value);
        return this;
    }

    public TypicalityWeighterModel setWeightCol(String value) {
        set(p.weightCol, value);
        return this;
    }

    /** {@code keep} or {@code error}. */
    public TypicalityWeighterModel setHandleUnseen(String value) {
        TypicalityWeighter.requireOneOf("handleUnseen", value, HANDLE_UNSEEN);
        set(p.handleUnseen, value);
        return this;
    }

    /** Records the class count the fit used (given or inferred). */
    void setFittedNumClasses(int value) {
        set(p.numClasses, value);
    }

    /**
     * Appends degree, entropy, agreement and weight to {@code dataset} by its id column.
     *
     * @throws IllegalArgumentException if the id column is missing or an output column already exists
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> in = dataset.toDF();
        Dataset<Row> fitted = weights.select(col(TypicalityComputation.ID).as(JOIN_ID),
            col(TypicalityWeighter.DEGREE).as("_t_degree"), col(TypicalityWeighter.ENTROPY).as("_t_entropy"),
            col(TypicalityWeighter.AGREEMENT).as("_t_agreement"), col(TypicalityWeighter.WEIGHT).as("_t_weight"));
        Column match = in.col(getIdCol()).cast(DataTypes.LongType).equalTo(fitted.col(JOIN_ID));
        Dataset<Row> joined = in.join(fitted, match, "left");

        Column weight;
        if (getHandleUnseen().equals("error")) {
            // Lazy: the first unseen row fails the job that evaluates it, with its id in the message.
            weight = when(col(JOIN_ID).isNull(), raise_error(concat(lit("TypicalityWeighterModel " + uid
                    + ": row with " + getIdCol() + "="), in.col(getIdCol()).cast(DataTypes.StringType),
                lit(" was not among the fitted instances; set handleUnseen=keep to give such rows weight 1."))))
                .otherwise(col("_t_weight"));
        } else {
            long unseen = in.join(fitted, match, "left_anti").count();
            if (unseen > 0) {
                LOG.info("TypicalityWeighterModel {}: {} row(s) have ids the model was not fitted on (a test part,"
                    + " say); they get weight 1, degree 0 and NaN entropy and agreement.", uid, unseen);
            }
            weight = coalesce(col("_t_weight"), lit(1.0));
        }
        List<Column> out = new ArrayList<>();
        for (String c : in.columns()) {
            out.add(in.col(c));
        }
        out.add(coalesce(col("_t_degree"), lit(0L)).as(getDegreeCol()));
        out.add(coalesce(col("_t_entropy"), lit(Double.NaN)).as(getEntropyCol()));
        out.add(coalesce(col("_t_agreement"), lit(Double.NaN)).as(getAgreementCol()));
        out.add(weight.as(getWeightCol()));
        return joined.select(out.toArray(new Column[0]));
    }

    /** Checks the id column and appends the four output columns. */
    @Override
    public StructType transformSchema(StructType schema) {
        return StageSchemas.validateAndTransform(this, schema, false, false);
    }

    @Override
    public TypicalityWeighterModel copy(ParamMap extra) {
        TypicalityWeighterModel copy = copyValues(new TypicalityWeighterModel(uid, weights), extra);
        return copy.setParent(parent());
    }

    /** Writes the params and, as Parquet, the per-instance table. */
    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** A reader for models saved with {@code write().save(path)}. */
    public static MLReader<TypicalityWeighterModel> read() {
        return new Reader();
    }

    /** Loads a model saved with {@code save(path)}. */
    public static TypicalityWeighterModel load(String path) {
        return read().load(path);
    }

    /** MLlib's params metadata, then the table in {@code path/data}. */
    private static final class Writer extends DefaultParamsWriter {
        private final TypicalityWeighterModel model;

        Writer(TypicalityWeighterModel model) {
            super(model);
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            super.saveImpl(path);
            model.weights.write().parquet(new Path(path, DATA_FOLDER).toString());
        }
    }

    /** Reads what {@link Writer} wrote. */
    private static final class Reader extends MLReader<TypicalityWeighterModel> {
        @Override
        public TypicalityWeighterModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(),
                TypicalityWeighterModel.class.getName());
            Dataset<Row> table = sparkSession().read().parquet(new Path(path, DATA_FOLDER).toString());
            TypicalityWeighterModel model = new TypicalityWeighterModel(metadata.uid(), table);
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
