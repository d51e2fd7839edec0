package org.collectiveloss.graph;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Recall of an approximate graph against the exact one: the share of the exact edges (src, dst) that the
 * approximate graph also has. For kNN graphs this is the share of the exact k nearest neighbours found; when
 * several neighbours tie at the k-th distance, either choice is right but only the exact builder's counts.
 */
public final class GraphRecall {

    private GraphRecall() {
    }

    /** The share of {@code exact}'s edges found in {@code found}; 1 when {@code exact} has none. */
    public static double of(Dataset<Row> found, Dataset<Row> exact) {
        long total = exact.count();
        if (total == 0) {
            return 1.0;
        }
        Dataset<Row> keys = found.select(GraphSchema.SRC, GraphSchema.DST).distinct();
        long hits = exact.select(GraphSchema.SRC, GraphSchema.DST).join(keys,
            scala.collection.JavaConverters.asScalaBuffer(java.util.List.of(GraphSchema.SRC, GraphSchema.DST))
                .toSeq()).count();
        return (double) hits / total;
    }
}
