package org.collectiveloss.graph;

/**
 * How to build a similarity graph, as read from an experiment's {@code graph} block.
 *
 * @param builder {@code exact}: blocked all-pairs distances
 * @param k       neighbours per instance, at least 1
 * @param blocks  blocks the exact builder cuts the data into, at least 1
 */
public record GraphSpec(String builder, int k, int blocks) {

    public GraphSpec {
        if (!builder.equals("exact")) {
            throw new IllegalArgumentException("graph.builder='" + builder + "' is not known; use exact.");
        }
        if (k < 1) {
            throw new IllegalArgumentException("graph.k=" + k + " must be at least 1 (10 is a common choice).");
        }
        if (blocks < 1) {
            throw new IllegalArgumentException("graph.blocks=" + blocks + " must be at least 1.");
        }
    }

    /** The builder this spec describes. */
    public GraphBuilder newBuilder() {
        return new ExactKnnGraphBuilder(k, blocks);
    }
}
