package org.collectiveloss.graph;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collectiveloss.data.DatasetSchema;
import org.slf4j.Logger;

/** Checks and log lines the graph builders share. */
final class GraphInputs {

    /** Zero-row ids listed in a warning before the list is cut short. */
    private static final int IDS_SHOWN = 20;

    private GraphInputs() {
    }

    /**
     * Fails early when {@code data} lacks the columns a builder reads.
     *
     * @throws IllegalArgumentException naming the missing column and the columns present
     */
    static void requireColumns(Dataset<Row> data) {
        for (String column : new String[] {DatasetSchema.ID, DatasetSchema.FEATURES}) {
            if (!Arrays.asList(data.columns()).contains(column)) {
                throw new IllegalArgumentException("The graph input lacks the column '" + column + "'; it has "
                    + Arrays.toString(data.columns()) + ". Give rows of (id, features) as DatasetSchema describes.");
            }
        }
    }

    /**
     * Fails when an id appears more than once: ids are the nodes of the graph.
     *
     * @throws IllegalArgumentException naming one repeated id and how often it appears
     */
    static void requireUniqueIds(Dataset<Row> data) {
        List<Row> repeated = data.groupBy(DatasetSchema.ID).count().filter(col("count").gt(1)).limit(1)
            .collectAsList();
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException("Instance id " + repeated.get(0).getLong(0) + " appears "
                + repeated.get(0).getLong(1) + " times; the graph needs one row per id (ids are the nodes).");
        }
    }

    /** Warns, with their ids, about all-zero rows under the cosine metric. */
    static void warnZeroRows(Logger log, long[] zeroIds) {
        if (zeroIds.length == 0) {
            return;
        }
        long[] shown = Arrays.copyOf(zeroIds, Math.min(IDS_SHOWN, zeroIds.length));
        log.warn("{} instance(s) have an all-zero feature vector, whose cosine similarity is taken as 0 with"
                + " every instance (their neighbours are ties, broken by the smaller id); ids {}{}", zeroIds.length,
            Arrays.toString(shown), zeroIds.length > shown.length ? " ..." : "");
    }

    /** Estimates the cut-off from {@code sample} and logs it with the sample size. */
    static SimilarityCutOff.Estimate estimateCutOff(Logger log, FeatureMatrix sample, double share, long n,
                                                    boolean allRows) {
        long t0 = System.nanoTime();
        SimilarityCutOff.Estimate e = SimilarityCutOff.estimate(sample, share, allRows);
        log.info("Similarity cut-off: tau={} (rank distance {}) keeps the share {} of pairs; estimated from {}"
                + " {} instances ({} pairs) of {} in {} s", String.format("%.6g", e.similarity()),
            String.format("%.6g", e.maxRank()), String.format("%.4g", share), allRows ? "all" : "a seeded sample of",
            e.sampleRows(), e.samplePairs(), n, String.format("%.2f", (System.nanoTime() - t0) / 1e9));
        return e;
    }
}
