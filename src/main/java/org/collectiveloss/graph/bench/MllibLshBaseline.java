package org.collectiveloss.graph.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.graph.GraphRecall;
import org.collectiveloss.graph.GraphSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The naive baseline: Spark MLlib's {@code BucketedRandomProjectionLSH} self-join
 * ({@code approxSimilarityJoin}) turned into a Euclidean kNN graph (the k nearest of each instance's joined
 * candidates), tuned up a ladder of bucket lengths, each twice the last, until it reaches a target recall or a
 * time cap runs out.
 *
 * <p>The join's distance threshold is set to the largest exact k-th-neighbour distance, which the caller knows
 * from the exact graph: no true neighbour is lost to the threshold, so recall depends only on the hashing, and
 * the join outputs as few rows as it can. The first bucket length is 1/1024 of the spread of the data along a
 * random direction (estimated from a seeded sample), where buckets are small and cheap.
 */
public final class MllibLshBaseline {

    private static final Logger LOG = LoggerFactory.getLogger(MllibLshBaseline.class);

    /**
     * One setting tried.
     *
     * @param cancelled whether the time cap stopped it before it finished (then recall is NaN)
     */
    public record Trial(int tables, double bucketLength, double seconds, double recall, boolean cancelled) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "tables=%d bucketLength=%.4g: %s", tables, bucketLength,
                cancelled ? String.format(Locale.ROOT, "cancelled at the cap after %.1f s", seconds)
                    : String.format(Locale.ROOT, "%.1f s, recall %.4f", seconds, recall));
        }
    }

    /**
     * The outcome of the tuning.
     *
     * @param seconds the time of the first trial that reached the target, or the cap if none did
     * @param recall  the recall of that trial, or the best recall reached within the cap
     * @param reached whether a trial reached the target within the cap
     */
    public record Result(List<Trial> trials, double seconds, double recall, boolean reached, double capSeconds) {
    }

    private MllibLshBaseline() {
    }

    /**
     * Tunes the MLlib join on {@code data} until its kNN graph has recall {@code target} against {@code exact}.
     *
     * @param maxNeighbourDistance the largest exact k-th-neighbour distance (the join threshold)
     * @param tables               hash tables of every trial
     * @param capSeconds           total time for all trials; the running trial is cancelled when it runs out
     */
    public static Result tune(Dataset<Row> data, Dataset<Row> exact, int k, double target,
                              double maxNeighbourDistance, int tables, double capSeconds, long seed) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        double spread = randomDirectionSpread(data, seed);
        double bucket = spread / 1024.0;
        List<Trial> trials = new ArrayList<>();
        double best = 0.0;
        long start = System.nanoTime();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mllib-lsh-cap");
            t.setDaemon(true);
            return t;
        });
        try {
            while (true) {
                double left = capSeconds - (System.nanoTime() - start) / 1e9;
                if (left <= 0) {
                    break;
                }
                String group = "mllib-lsh-" + trials.size();
                sc.setJobGroup(group, "MLlib LSH baseline trial", true);
                var cancel = watchdog.schedule(() -> sc.cancelJobGroup(group), (long) (left * 1000),
                    TimeUnit.MILLISECONDS);
                long t0 = System.nanoTime();
                Trial trial;
                try {
                    Dataset<Row> edges = join(data, k, bucket, tables, maxNeighbourDistance, seed);
                    edges.count();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    cancel.cancel(false);
                    sc.clearJobGroup();
                    trial = new Trial(tables, bucket, seconds, GraphRecall.of(edges, exact), false);
                    edges.unpersist();
                } catch (Exception e) {
                    // Spark reports a cancelled job as an exception; anything else is a real failure.
                    if (!cancel.isDone()) {
                        throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                    }
                    trial = new Trial(tables, bucket, (System.nanoTime() - t0) / 1e9, Double.NaN, true);
                } finally {
                    sc.clearJobGroup();
                }
                trials.add(trial);
                LOG.info("MLlib LSH baseline: {}", trial);
                if (trial.cancelled()) {
                    break;
                }
                best = Math.max(best, trial.recall());
                if (trial.recall() >= target) {
                    return new Result(trials, trial.seconds(), trial.recall(), true, capSeconds);
                }
                bucket *= 2.0;
            }
        } finally {
            watchdog.shutdownNow();
        }
        return new Result(trials, capSeconds, best, false, capSeconds);
    }

    /** The kNN edges of one MLlib self-join, persisted. */
    static Dataset<Row> join(Dataset<Row> data, int k, double bucketLength, int tables, double threshold,
                             long seed) {
        BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH()
            .setInputCol(DatasetSchema.FEATURES).setOutputCol("hashes").setBucketLength(bucketLength)
            .setNumHashTables(tables).setSeed(seed).fit(data);
        // A threshold a hair above the largest neighbour distance, so that rounding cannot drop that neighbour.
        Dataset<Row> pairs = model.approxSimilarityJoin(data, data, threshold * (1 + 1e-9) + 1e-12, "distance")
            .select(col("datasetA." + DatasetSchema.ID).as(GraphSchema.SRC),
                col("datasetB." + DatasetSchema.ID).as(GraphSchema.DST), col("distance"))
            .filter(col(GraphSchema.SRC).notEqual(col(GraphSchema.DST)));
        return pairs.withColumn("rank", row_number().over(Window.partitionBy(GraphSchema.SRC)
                .orderBy(col("distance"), col(GraphSchema.DST))))
            .filter(col("rank").leq(lit(k)))
            .select(col(GraphSchema.SRC), col(GraphSchema.DST),
                lit(1.0).divide(lit(1.0).plus(col("distance"))).as(GraphSchema.SIMILARITY))
            .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The standard deviation of the data projected on a seeded random unit direction, from up to 5,000 rows. */
    static double randomDirectionSpread(Dataset<Row> data, long seed) {
        List<Row> rows = data.select(DatasetSchema.FEATURES).limit(5000).collectAsList();
        if (rows.size() < 2) {
            return 1.0;
        }
        int d = ((org.apache.spark.ml.linalg.Vector) rows.get(0).get(0)).size();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] v = new double[d];
        double norm = 0.0;
        for (int j = 0; j < d; j++) {
            double u = 1.0 - random.nextDouble();
            v[j] = Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
            norm += v[j] * v[j];
        }
        double sum = 0.0;
        double sq = 0.0;
        for (Row r : rows) {
            double[] x = ((org.apache.spark.ml.linalg.Vector) r.get(0)).toArray();
            double p = 0.0;
            for (int j = 0; j < d; j++) {
                p += x[j] * v[j];
            }
            p /= Math.sqrt(norm);
            sum += p;
            sq += p * p;
        }
        double mean = sum / rows.size();
        return Math.sqrt(Math.max(1e-12, sq / rows.size() - mean * mean));
    }
}
