package org.collectiveloss.weights;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.graph.GraphSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The Spark work behind {@link TypicalityWeighter#fitOnGraph}: checks the labels and the graph, counts each
 * instance's neighbour label votes, applies {@link InstanceTypicality} per instance, permutes for the
 * {@code random} scheme, floors and rescales to mean 1. Returns the per-instance table in the fixed layout
 * {@link #TABLE_SCHEMA}.
 */
final class TypicalityComputation {

    static final String ID = "id";
    static final String LABEL = "label";

    /** The fitted table: one row per instance. */
    static final StructType TABLE_SCHEMA = new StructType()
        .add(ID, DataTypes.LongType, false)
        .add(TypicalityWeighter.DEGREE, DataTypes.LongType, false)
        .add(TypicalityWeighter.ENTROPY, DataTypes.DoubleType, false)
        .add(TypicalityWeighter.AGREEMENT, DataTypes.DoubleType, false)
        .add(TypicalityWeighter.WEIGHT, DataTypes.DoubleType, false);

    private static final Logger LOG = LoggerFactory.getLogger(TypicalityComputation.class);
    private static final String RAW = "_raw";
    /** Before the rescaling: the floored raw weight in place of the weight. */
    private static final StructType STATS_SCHEMA = new StructType()
        .add(ID, DataTypes.LongType, false)
        .add(TypicalityWeighter.DEGREE, DataTypes.LongType, false)
        .add(TypicalityWeighter.ENTROPY, DataTypes.DoubleType, false)
        .add(TypicalityWeighter.AGREEMENT, DataTypes.DoubleType, false)
        .add(RAW, DataTypes.DoubleType, false);

    private TypicalityComputation() {
    }

    /** Everything the computation needs from the stage's params, resolved. */
    record Settings(String idCol, String labelCol, int numClasses, WeightScheme scheme, double beta,
                    double minWeight, double isolatedWeight, boolean includeSelf, boolean similarityWeighted,
                    long seed) implements Serializable {
    }

    /**
     * @param table      the per-instance table, persisted and materialised
     * @param numClasses C as used (given or inferred)
     */
    record Result(Dataset<Row> table, int numClasses) {
    }

    static Result run(Dataset<Row> data, Dataset<Row> edges, Settings s, String logPrefix) {
        long start = System.nanoTime();

        // Labels first: every later step trusts them to be class indices and the ids to be unique.
        Dataset<Row> labels = data.select(col(s.idCol()).cast(DataTypes.LongType).as(ID),
            col(s.labelCol()).cast(DataTypes.DoubleType).as(LABEL)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            LabelSummary summary = checkLabels(labels, s);
            int numClasses = summary.numClasses;
            LOG.info("{}: {} instances, {} classes ({}), {} of them present; scheme={} minWeight={}"
                    + " isolatedWeight={} beta={} includeSelf={} similarityWeighted={} seed={}", logPrefix,
                summary.rows, numClasses, s.numClasses() > 0 ? "given" : "inferred", summary.present,
                s.scheme().configName(), s.minWeight(), s.isolatedWeight(), s.beta(), s.includeSelf(),
                s.similarityWeighted(), s.seed());
            if (summary.present == 1) {
                LOG.warn("{}: only one class occurs among the {} instances, so every neighbourhood is pure and"
                    + " the entropy schemes give every instance the same weight.", logPrefix, summary.rows);
            } else if (summary.present < numClasses) {
                LOG.warn("{}: only {} of the {} classes occur among the instances.", logPrefix, summary.present,
                    numClasses);
            }
            Dataset<Row> e = edges.select(col(GraphSchema.SRC).cast(DataTypes.LongType).as(GraphSchema.SRC),
                col(GraphSchema.DST).cast(DataTypes.LongType).as(GraphSchema.DST),
                col(GraphSchema.SIMILARITY).cast(DataTypes.DoubleType).as(GraphSchema.SIMILARITY));
            long numEdges = checkEdges(e, summary.rows, s.similarityWeighted());

            // Per-instance statistics and floored raw weights (for random: the entropy weights to permute).
            Dataset<Row> stats = statistics(labels, e, numClasses, s).persist(StorageLevel.MEMORY_AND_DISK());
            if (s.scheme().isPermutation()) {
                Dataset<Row> permuted = permuteRaw(stats, s.seed()).persist(StorageLevel.MEMORY_AND_DISK());
                permuted.count();
                stats.unpersist();
                stats = permuted;
            }

            // Rescale to mean 1 over all fitted instances. The sum is taken in exact decimal arithmetic: a double
            // sum depends on the order Spark merges partial sums in, which varies from run to run, and a last-bit
            // change of the mean changes every weight and so the trained network.
            Row agg = stats.agg(avg(col(RAW).cast(DataTypes.createDecimalType(38, 18))), min(RAW), max(RAW),
                sum(when(isnan(col(TypicalityWeighter.ENTROPY)), 1L).otherwise(0L)),
                sum(col(TypicalityWeighter.DEGREE))).first();
            double mean = agg.getDecimal(0).doubleValue();
            long isolated = agg.getLong(3);
            // Every edge between known ids adds 1 to its source's degree; a shortfall means unknown ids.
            if (agg.getLong(4) != numEdges) {
                stats.unpersist();
                throw unknownEndpoints(e, labels, numEdges, agg.getLong(4));
            }
            if (!(mean > 0.0)) {
                throw new IllegalArgumentException("Every floored " + s.scheme().configName() + " weight is 0, so"
                    + " the weights cannot be rescaled to mean 1; use minWeight > 0 (e.g. 0.1).");
            }
            if (isolated > 0) {
                LOG.warn("{}: {} of {} instances have an empty neighbourhood; they get raw weight {} (entropy and"
                    + " agreement NaN).", logPrefix, isolated, summary.rows, s.isolatedWeight());
            }
            Dataset<Row> table = stats.select(col(ID), col(TypicalityWeighter.DEGREE),
                    col(TypicalityWeighter.ENTROPY), col(TypicalityWeighter.AGREEMENT),
                    col(RAW).divide(mean).as(TypicalityWeighter.WEIGHT))
                .persist(StorageLevel.MEMORY_AND_DISK());
            table.count();
            stats.unpersist();
            LOG.info("{}: {} edges; mean floored raw weight {}, weights rescaled to mean 1 lie in [{}, {}]; {} s",
                logPrefix, numEdges, fmt(mean), fmt(agg.getDouble(1) / mean), fmt(agg.getDouble(2) / mean),
                fmt((System.nanoTime() - start) / 1e9));
            return new Result(table, numClasses);
        } finally {
            labels.unpersist();
        }
    }

    private record LabelSummary(long rows, int numClasses, long present) {
    }

    /** Rejects null ids, duplicate ids and labels that are not class indices; returns the class count. */
    private static LabelSummary checkLabels(Dataset<Row> labels, Settings s) {
        Column label = col(LABEL);
        Column bad = col(ID).isNull().or(label.isNull()).or(isnan(label)).or(label.lt(0))
            .or(label.notEqual(floor(label)));
        if (s.numClasses() > 0) {
            bad = bad.or(label.geq(s.numClasses()));
        }
        Row r = labels.agg(count(lit(1)), countDistinct(col(ID)), max(label), countDistinct(label),
            sum(when(bad, 1L).otherwise(0L))).first();
        long rows = r.getLong(0);
        if (rows == 0) {
            throw new IllegalArgumentException("The data to weight has no rows; typicality weights need a"
                + " non-empty training part.");
        }
        String range = s.numClasses() > 0 ? "0.." + (s.numClasses() - 1) + " (numClasses=" + s.numClasses() + ")"
            : "whole numbers >= 0 (numClasses inferred)";
        if (r.getLong(4) > 0) {
            Row example = labels.filter(bad).first();
            if (example.isNullAt(0)) {
                throw new IllegalArgumentException("A row of the data has no id (null in column '" + s.idCol()
                    + "'); every instance needs a unique long id.");
            }
            throw new IllegalArgumentException(r.getLong(4) + " row(s) have invalid labels, e.g. instance id "
                + example.getLong(0) + " has label " + (example.isNullAt(1) ? "null" : example.getDouble(1))
                + " in column '" + s.labelCol() + "'; labels must be class indices " + range
                + ". Re-index the labels (e.g. with StringIndexer) or drop those rows.");
        }
        if (r.getLong(1) != rows) {
            Row dup = labels.groupBy(ID).count().filter(col("count").gt(1)).first();
            throw new IllegalArgumentException("Instance id " + dup.getLong(0) + " occurs " + dup.getLong(1)
                + " times in column '" + s.idCol() + "'; ids must be unique, one per instance.");
        }
        int numClasses = s.numClasses() > 0 ? s.numClasses() : (int) r.getDouble(2) + 1;
        if (numClasses < 2) {
            throw new IllegalArgumentException("The labels hold a single class (label "
                + (int) r.getDouble(2) + "), so numClasses is inferred as " + numClasses + "; typicality weights"
                + " need C >= 2 classes. If the data set has more classes than this part shows, set numClasses.");
        }
        return new LabelSummary(rows, numClasses, r.getLong(3));
    }

    /**
     * Rejects an empty graph, self-loops and unusable similarities in one pass over the edges; returns the edge
     * count. Edges naming unknown ids are caught later, when the degrees do not add up to this count.
     */
    private static long checkEdges(Dataset<Row> e, long rows, boolean similarityWeighted) {
        Column sim = col(GraphSchema.SIMILARITY);
        Column selfLoop = col(GraphSchema.SRC).equalTo(col(GraphSchema.DST));
        Column badSim = similarityWeighted
            ? sim.isNull().or(isnan(sim)).or(sim.lt(0)).or(sim.equalTo(Double.POSITIVE_INFINITY))
            : lit(false);
        Row r = e.agg(count(lit(1)), sum(when(selfLoop, 1L).otherwise(0L)), sum(when(badSim, 1L).otherwise(0L)))
            .first();
        long numEdges = r.getLong(0);
        if (numEdges == 0) {
            throw new IllegalArgumentException("The graph has no edges, so all " + rows + " instances would be"
                + " isolated and every scheme would reduce to the uniform baseline. Build a denser graph: knn"
                + " mode, or a lower quantile in threshold mode.");
        }
        if (r.getLong(1) > 0) {
            Row ex = e.filter(selfLoop).first();
            throw new IllegalArgumentException(r.getLong(1) + " edge(s) are self-loops, e.g. (src=" + ex.getLong(0)
                + ", dst=" + ex.getLong(1) + "); graph builders must not emit them.");
        }
        if (r.getLong(2) > 0) {
            Row ex = e.filter(badSim).first();
            throw new IllegalArgumentException(r.getLong(2) + " edge(s) have a similarity that is negative, NaN or"
                + " infinite, which cannot be a vote weight, e.g. (src=" + ex.getLong(0) + ", dst=" + ex.getLong(1)
                + ", similarity=" + ex.get(2) + "); use similarityWeighted=false or similarities in [0, inf).");
        }
        return numEdges;
    }

    /** The error for edges whose source or destination is not among the instances, with an example. */
    private static IllegalArgumentException unknownEndpoints(Dataset<Row> e, Dataset<Row> labels, long numEdges,
                                                            long counted) {
        Dataset<Row> ids = labels.select(col(ID).as("_known"));
        Dataset<Row> unknown = e.join(ids, col(GraphSchema.SRC).equalTo(col("_known")), "left_anti")
            .union(e.join(ids, col(GraphSchema.DST).equalTo(col("_known")), "left_anti"));
        Row ex = unknown.first();
        return new IllegalArgumentException((numEdges - counted) + " of " + numEdges + " edges name an id that is"
            + " not among the weighted instances, e.g. (src=" + ex.getLong(0) + ", dst=" + ex.getLong(1)
            + "); build the graph over exactly the rows being weighted.");
    }

    /**
     * Neighbour votes per (source, class) and the degree per source, in DataFrame operations so that the
     * shuffles run on Spark's binary rows; then one row (id, degree, entropy, agreement, floored raw weight) per
     * instance through {@link InstanceTypicality}.
     */
    private static Dataset<Row> statistics(Dataset<Row> labels, Dataset<Row> e, int numClasses, Settings s) {
        Column vote = s.similarityWeighted() ? col(GraphSchema.SIMILARITY) : lit(1.0);
        Dataset<Row> perClass = e
            .join(labels.select(col(ID).as("_dst_id"), col(LABEL).cast(DataTypes.IntegerType).as("_dst_label")),
                col(GraphSchema.DST).equalTo(col("_dst_id")))
            .groupBy(col(GraphSchema.SRC), col("_dst_label"))
            .agg(sum(vote).as("_v"), count(lit(1)).as("_n"));
        Dataset<Row> perSource = perClass.groupBy(col(GraphSchema.SRC))
            .agg(collect_list(struct(col("_dst_label"), col("_v"))).as("_votes"), sum(col("_n")).as("_degree"));
        Dataset<Row> joined = labels.join(perSource, col(ID).equalTo(col(GraphSchema.SRC)), "left")
            .select(col(ID), col(LABEL), col("_votes"), col("_degree"));
        return joined.map((MapFunction<Row, Row>) r -> {
            int label = (int) r.getDouble(1);
            double[] votes = new double[numClasses];
            long degree = 0;
            if (!r.isNullAt(2)) {
                List<Row> cells = r.getList(2);
                for (Row cell : cells) {
                    votes[cell.getInt(0)] += cell.getDouble(1);
                }
                degree = r.getLong(3);
            }
            InstanceTypicality it = InstanceTypicality.of(votes, degree, label, s.includeSelf());
            double raw = InstanceTypicality.floored(
                it.rawWeight(s.scheme(), numClasses, s.beta(), s.isolatedWeight()), s.minWeight());
            return RowFactory.create(r.getLong(0), it.degree(), it.entropy(), it.agreement(), raw);
        }, Encoders.row(STATS_SCHEMA));
    }

    /**
     * The random scheme: the instance at position i in id order receives the raw weight of the instance at
     * position i in the seeded order of {@link SeededOrder}, so the multiset of weights is kept exactly and the
     * assignment depends only on the seed and the ids.
     */
    private static Dataset<Row> permuteRaw(Dataset<Row> stats, long seed) {
        JavaPairRDD<Long, Double> raw = stats.select(ID, RAW).javaRDD()
            .mapToPair(r -> new Tuple2<>(r.getLong(0), r.getDouble(1)));
        int partitions = raw.getNumPartitions();
        JavaPairRDD<Long, Long> rankOfId = raw.keys().sortBy(id -> id, true, partitions).zipWithIndex();
        JavaPairRDD<Long, Double> rawAtRank = raw.sortByKey(new SeededComparator(seed), true, partitions)
            .values().zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        JavaPairRDD<Long, Double> permuted = rankOfId.mapToPair(t -> new Tuple2<>(t._2(), t._1()))
            .join(rawAtRank)
            .mapToPair(t -> new Tuple2<>(t._2()._1(), t._2()._2()));
        Dataset<Row> byId = stats.sparkSession().createDataFrame(
            permuted.map(t -> RowFactory.create(t._1(), t._2())),
            new StructType().add("_pid", DataTypes.LongType, false).add("_praw", DataTypes.DoubleType, false));
        return stats.join(byId, col(ID).equalTo(col("_pid")))
            .select(col(ID), col(TypicalityWeighter.DEGREE), col(TypicalityWeighter.ENTROPY),
                col(TypicalityWeighter.AGREEMENT), col("_praw").as(RAW));
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    /** Orders ids by {@link SeededOrder}. */
    private static final class SeededComparator implements Comparator<Long>, Serializable {
        private static final long serialVersionUID = 1L;
        private final long seed;

        SeededComparator(long seed) {
            this.seed = seed;
        }

        @Override
        public int compare(Long a, Long b) {
            return SeededOrder.compare(seed, a, b);
        }
    }
}
