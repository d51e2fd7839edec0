package org.collectiveloss.graph;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds the instance similarity graph of a set of instances: the stage between the data and the weights.
 * Implementations differ in how they find candidate pairs (exactly or approximately) and which pairs become
 * edges (k nearest neighbours or a similarity cut-off); all return edges in the {@link GraphSchema} layout.
 */
public interface GraphBuilder {

    /**
     * Builds the graph.
     *
     * @param data rows with the {@code id} and {@code features} columns of
     *             {@link org.collectiveloss.data.DatasetSchema}
     * @return one row per directed edge (src, dst, similarity), never a self-loop
     */
    Dataset<Row> build(Dataset<Row> data);
}
