package org.collectiveloss.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph block of the configuration, and the statistics and files of a built graph. */
class GraphSpecAndStatisticsTest {

    private final SparkSession spark = SparkTestSession.get();

    private static Config graph(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference())
            .resolve().getConfig("experiment.graph");
    }

    @Test
    void defaultsAreTheExactEuclideanKnnGraph() {
        GraphSpec spec = GraphSpec.fromConfig(graph(""));
        assertEquals("exact", spec.builder());
        assertEquals(Metric.EUCLIDEAN, spec.metric());
        assertEquals(GraphMode.KNN, spec.mode());
        assertEquals(10, spec.k());
        assertNull(spec.cutOff());
        assertEquals(LshParams.DEFAULT, spec.lsh());
        assertInstanceOf(ExactGraphBuilder.class, spec.newBuilder());
    }

    @Test
    void thresholdAndLshSettingsAreRead() {
        GraphSpec spec = GraphSpec.fromConfig(graph("experiment.graph { builder = lsh, metric = cosine,"
            + " mode = threshold, threshold { mean-degree = 12, sample-size = 3000 }, seed = 9,"
            + " lsh { tables = 3, leaf-size = 128, target-recall = 0.9 } }"));
        assertEquals(new CutOff(CutOff.Kind.MEAN_DEGREE, 12, 3000), spec.cutOff());
        assertEquals(new LshParams(3, 128, 0, -1, 0.9, 0), spec.lsh());
        assertEquals(9, spec.seed());
        assertInstanceOf(LshGraphBuilder.class, spec.newBuilder());
    }

    @Test
    void badGraphSettingsNameTheKey() {
        assertMessage("graph.builder='hnsw'", "experiment.graph.builder = hnsw");
        assertMessage("graph.metric='manhattan'", "experiment.graph.metric = manhattan");
        assertMessage("graph.mode=threshold needs", "experiment.graph.mode = threshold");
        assertMessage("give only one of", "experiment.graph { mode = threshold, threshold { quantile = 0.9,"
            + " density = 0.1 } }");
        assertMessage("graph.mode=knn", "experiment.graph.threshold.quantile = 0.9");
        assertMessage("graph.threshold.quantile=1.5", "experiment.graph { mode = threshold,"
            + " threshold.quantile = 1.5 }");
        assertMessage("graph.k=0", "experiment.graph.k = 0");
        assertMessage("graph.lsh.target-recall=1.2", "experiment.graph.lsh.target-recall = 1.2");
        assertMessage("graph configuration error", "experiment.graph.k = ten");
    }

    private static void assertMessage(String expected, String conf) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> GraphSpec.fromConfig(graph(conf)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void statisticsOfAHandMadeGraph(@TempDir Path dir) throws Exception {
        // Out-degrees over 6 nodes: 0 -> 3, 1 -> 1, 2 -> 2, 3 -> 0 (but has an in-edge), 4 and 5 isolated.
        List<Row> rows = List.of(RowFactory.create(0L, 1L, 0.5), RowFactory.create(0L, 2L, 0.5),
            RowFactory.create(0L, 3L, 0.5), RowFactory.create(1L, 0L, 0.5), RowFactory.create(2L, 0L, 0.5),
            RowFactory.create(2L, 1L, 0.5));
        Dataset<Row> edges = spark.createDataFrame(rows, GraphSchema.SCHEMA);
        GraphStatistics stats = GraphOutput.save(edges, 6, dir, "hand");
        assertEquals(new GraphStatistics(6, 6, 1.0, 0.5, 3, 2), stats);
        assertEquals(6, spark.read().parquet(dir.resolve("hand.parquet").toString()).count());
        String json = Files.readString(dir.resolve("hand-stats.json"));
        assertTrue(json.contains("\"isolated_nodes\": 2") && json.contains("\"median_degree\": 0.5"), json);
        assertEquals(new GraphStatistics(0, 0, 0.0, 0.0, 0, 0),
            GraphStatistics.of(spark.createDataFrame(List.of(), GraphSchema.SCHEMA), 0));
        assertThrows(IllegalArgumentException.class, () -> GraphStatistics.of(edges, 3));
    }

    @Test
    void recallCountsTheExactEdgesFound() {
        Dataset<Row> exact = spark.createDataFrame(List.of(RowFactory.create(0L, 1L, 0.5),
            RowFactory.create(0L, 2L, 0.4), RowFactory.create(1L, 0L, 0.5), RowFactory.create(2L, 0L, 0.4)),
            GraphSchema.SCHEMA);
        Dataset<Row> found = spark.createDataFrame(List.of(RowFactory.create(0L, 1L, 0.5),
            RowFactory.create(0L, 3L, 0.1), RowFactory.create(2L, 0L, 0.4)), GraphSchema.SCHEMA);
        assertEquals(0.5, GraphRecall.of(found, exact), 0.0);
    }
}
