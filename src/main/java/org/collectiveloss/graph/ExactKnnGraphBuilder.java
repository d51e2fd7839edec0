package org.collectiveloss.graph;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The exact Euclidean k-nearest-neighbour graph: shorthand for
 * {@code ExactGraphBuilder.knn(k, Metric.EUCLIDEAN, numBlocks)}, the builder of the walking skeleton. See
 * {@link ExactGraphBuilder} for the method, its cost and the other metric and mode.
 */
public final class ExactKnnGraphBuilder implements GraphBuilder {

    private final ExactGraphBuilder builder;

    /**
     * @param k         neighbours per instance, at least 1; 10 is the usual choice for a few thousand points
     * @param numBlocks blocks the data is cut into, at least 1 (0: automatic)
     */
    public ExactKnnGraphBuilder(int k, int numBlocks) {
        this.builder = ExactGraphBuilder.knn(k, Metric.EUCLIDEAN, numBlocks);
    }

    @Override
    public Dataset<Row> build(Dataset<Row> data) {
        return builder.build(data);
    }
}
