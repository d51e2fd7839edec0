package org.collectiveloss.graph;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Size and degree statistics of a graph: what to look at first when a graph looks wrong (isolated nodes under
 * a threshold that is too strict, hubs under one that is too loose). Degrees are out-degrees, the number of
 * edges with the node as {@code src}: k (or n − 1 when fewer) for every node of a kNN graph, the number of
 * neighbours above the cut-off for a threshold graph, whose edges run both ways.
 *
 * @param nodes         instances, edges or not
 * @param edges         directed edges
 * @param meanDegree    edges / nodes
 * @param medianDegree  median out-degree over all nodes (the mean of the two middle ones for an even count)
 * @param maxDegree     largest out-degree
 * @param isolatedNodes nodes with no edge in either direction
 */
public record GraphStatistics(long nodes, long edges, double meanDegree, double medianDegree, long maxDegree,
                              long isolatedNodes) {

    /**
     * Computes the statistics of {@code edges} (in the {@link GraphSchema} layout) over {@code nodes} instances.
     *
     * @throws IllegalArgumentException if the edges name more distinct nodes than {@code nodes}
     */
    public static GraphStatistics of(Dataset<Row> edges, long nodes) {
        List<Row> histogram = edges.groupBy(GraphSchema.SRC).count()
            .groupBy(col("count").as("degree")).count().orderBy("degree").collectAsList();
        long touched = edges.select(col(GraphSchema.SRC).as("node"))
            .union(edges.select(col(GraphSchema.DST).as("node"))).distinct().count();
        if (touched > nodes) {
            throw new IllegalArgumentException("The edges name " + touched + " distinct nodes but nodes=" + nodes
                + "; pass the number of instances the graph was built on.");
        }
        long withOut = 0;
        long numEdges = 0;
        long max = 0;
        long[] degrees = new long[histogram.size()];
        long[] counts = new long[histogram.size()];
        for (int i = 0; i < histogram.size(); i++) {
            degrees[i] = histogram.get(i).getLong(0);
            counts[i] = histogram.get(i).getLong(1);
            withOut += counts[i];
            numEdges += degrees[i] * counts[i];
            max = Math.max(max, degrees[i]);
        }
        long zeroDegree = nodes - withOut;
        double median = nodes == 0 ? 0.0 : (degreeAt((nodes - 1) / 2, zeroDegree, degrees, counts)
            + degreeAt(nodes / 2, zeroDegree, degrees, counts)) / 2.0;
        return new GraphStatistics(nodes, numEdges, nodes == 0 ? 0.0 : (double) numEdges / nodes, median, max,
            nodes - touched);
    }

    /** The degree at 0-based rank {@code rank} in ascending order, zero-degree nodes first. */
    private static long degreeAt(long rank, long zeroDegree, long[] degrees, long[] counts) {
        if (rank < zeroDegree) {
            return 0;
        }
        long seen = zeroDegree;
        for (int i = 0; i < degrees.length; i++) {
            seen += counts[i];
            if (rank < seen) {
                return degrees[i];
            }
        }
        return degrees.length == 0 ? 0 : degrees[degrees.length - 1];
    }

    /** One line for a log. */
    public String summary() {
        return String.format(Locale.ROOT, "nodes=%d edges=%d degree mean=%.3f median=%.1f max=%d isolated=%d",
            nodes, edges, meanDegree, medianDegree, maxDegree, isolatedNodes);
    }

    /** The statistics as a JSON object. */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"nodes\": %d, \"edges\": %d, \"mean_degree\": %.6f,"
                + " \"median_degree\": %.1f, \"max_degree\": %d, \"isolated_nodes\": %d}", nodes, edges,
            meanDegree, medianDegree, maxDegree, isolatedNodes);
    }
}
