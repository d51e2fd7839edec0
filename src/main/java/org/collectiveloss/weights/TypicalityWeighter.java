package org.collectiveloss.weights;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.graph.GraphSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Per-instance typicality from the similarity graph: for each training instance the label counts of its
 * out-neighbours, their entropy H (nats), the agreement with its own label, and the loss weight of the chosen
 * {@link WeightScheme}, floored at {@code minWeight} and rescaled so that the weights have mean 1 over the training
 * part (DL4J averages a minibatch's loss over its size, so mean-1 weights keep the learning rate's meaning).
 *
 * <p>An instance without out-edges (isolated) has degree 0, entropy NaN, agreement NaN and raw weight
 * {@code isolatedWeight}. Output columns, appended to the input: {@code degree} (long), {@code entropy},
 * {@code agreement}, {@code weight} (doubles).
 */
public final class TypicalityWeighter implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TypicalityWeighter.class);

    public static final String DEGREE = "degree";
    public static final String ENTROPY = "entropy";
    public static final String AGREEMENT = "agreement";

    private final WeightScheme scheme;
    private final double minWeight;
    private final double isolatedWeight;

    /**
     * @param scheme         the weighting scheme
     * @param minWeight      floor of the raw weight in {@code [0, 1]}; 0.1 keeps ambiguous instances in play
     * @param isolatedWeight raw weight of an instance with no neighbours, positive; 1 treats it as typical
     */
    public TypicalityWeighter(WeightScheme scheme, double minWeight, double isolatedWeight) {
        if (!(minWeight >= 0.0 && minWeight <= 1.0)) {
            throw new IllegalArgumentException("minWeight=" + minWeight + " must lie in [0, 1] (default 0.1).");
        }
        if (!(isolatedWeight > 0.0) || Double.isInfinite(isolatedWeight)) {
            throw new IllegalArgumentException("isolatedWeight=" + isolatedWeight + " must be finite and > 0.");
        }
        this.scheme = scheme;
        this.minWeight = minWeight;
        this.isolatedWeight = isolatedWeight;
    }

    /**
     * Adds the typicality columns to {@code train}.
     *
     * @param train      rows with {@link DatasetSchema#ID} and {@link DatasetSchema#LABEL} (0..C-1)
     * @param edges      the graph over {@code train}, in the {@link GraphSchema} layout
     * @param numClasses C
     */
    public Dataset<Row> transform(Dataset<Row> train, Dataset<Row> edges, int numClasses) {
        JavaPairRDD<Long, Integer> labels = train.select(DatasetSchema.ID, DatasetSchema.LABEL).javaRDD()
            .mapToPair(r -> new Tuple2<>(r.getLong(0), checkedLabel(r.getLong(0), r.getDouble(1), numClasses)));

        // Neighbour label counts per source instance.
        JavaPairRDD<Long, double[]> counts = edges.select(GraphSchema.DST, GraphSchema.SRC).javaRDD()
            .mapToPair(r -> new Tuple2<>(r.getLong(0), r.getLong(1)))
            .join(labels)
            .mapToPair(t -> new Tuple2<>(t._2()._1(), t._2()._2()))
            .aggregateByKey(new double[numClasses], (acc, label) -> {
                acc[label] += 1.0;
                return acc;
            }, (a, b) -> {
                for (int c = 0; c < a.length; c++) {
                    a[c] += b[c];
                }
                return a;
            });

        // Per-instance statistics and raw weight; isolated instances keep the configured weight.
        WeightScheme s = scheme;
        double floor = minWeight;
        double isolated = isolatedWeight;
        JavaRDD<Row> stats = labels.leftOuterJoin(counts).map(t -> {
            long id = t._1();
            int own = t._2()._1();
            Optional<double[]> c = t._2()._2();
            if (!c.isPresent()) {
                return RowFactory.create(id, 0L, Double.NaN, Double.NaN, isolated);
            }
            double[] n = c.get();
            double h = NeighbourhoodEntropy.entropy(n);
            double raw = switch (s) {
                case UNIFORM -> 1.0;
                case ENTROPY -> NeighbourhoodEntropy.entropyWeight(h, numClasses, floor);
            };
            long degree = Math.round(java.util.Arrays.stream(n).sum());
            return RowFactory.create(id, degree, h, NeighbourhoodEntropy.agreement(n, own), raw);
        });
        StructType schema = new StructType()
            .add("_wid", DataTypes.LongType, false)
            .add(DEGREE, DataTypes.LongType, false)
            .add(ENTROPY, DataTypes.DoubleType, false)
            .add(AGREEMENT, DataTypes.DoubleType, false)
            .add("_raw", DataTypes.DoubleType, false);
        Dataset<Row> statsFrame = train.sparkSession().createDataFrame(stats, schema).cache();

        // Rescale to mean 1 over the whole training part.
        Row summary = statsFrame.agg(Map.of("_raw", "avg")).first();
        double mean = summary.getDouble(0);
        long isolatedCount = statsFrame.filter(col(DEGREE).equalTo(0L)).count();
        if (isolatedCount > 0) {
            LOG.warn("{} of the training instances have no neighbours; they get raw weight {}",
                isolatedCount, isolatedWeight);
        }
        LOG.info("Weights ({}): mean raw weight {} over the training part, rescaled to mean 1",
            scheme.configName(), String.format("%.4f", mean));
        Dataset<Row> weighted = statsFrame
            .withColumn(DatasetSchema.WEIGHT, col("_raw").divide(mean))
            .drop("_raw");
        return train.join(weighted, train.col(DatasetSchema.ID).equalTo(weighted.col("_wid")))
            .drop("_wid");
    }

    private static int checkedLabel(long id, double label, int numClasses) {
        if (!(label >= 0 && label < numClasses) || label != Math.rint(label)) {
            throw new IllegalArgumentException("Instance id " + id + " has label " + label
                + "; labels must be class indices 0.." + (numClasses - 1) + ".");
        }
        return (int) label;
    }
}
