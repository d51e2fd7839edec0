package org.collectiveloss.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a built graph: the edges as Parquet ({@code <dir>/<name>.parquet}, columns of {@link GraphSchema})
 * and its {@link GraphStatistics} as JSON ({@code <dir>/<name>-stats.json}), which it also logs.
 */
public final class GraphOutput {

    private static final Logger LOG = LoggerFactory.getLogger(GraphOutput.class);

    private GraphOutput() {
    }

    /**
     * Saves {@code edges} over {@code nodes} instances, replacing earlier files of the same name.
     *
     * @return the statistics written
     */
    public static GraphStatistics save(Dataset<Row> edges, long nodes, Path dir, String name) {
        GraphStatistics stats = GraphStatistics.of(edges, nodes);
        Path parquet = dir.resolve(name + ".parquet");
        Path json = dir.resolve(name + "-stats.json");
        try {
            Files.createDirectories(dir);
            edges.write().mode("overwrite").parquet(parquet.toString());
            Files.writeString(json, stats.toJson() + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the graph to " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("Graph '{}': {}; edges in {}, statistics in {}", name, stats.summary(), parquet, json);
        return stats;
    }
}
