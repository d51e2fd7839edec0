package org.collectiveloss.graph;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * How to build a similarity graph, as read from an experiment's {@code graph} block (keys in
 * {@code reference.conf}; README, section "The similarity graph").
 *
 * @param builder {@code exact} ({@link ExactGraphBuilder}: all pairs, for reference and small data) or
 *                {@code lsh} ({@link LshGraphBuilder}: approximate, for large data)
 * @param metric  how instances are compared and what the edge similarity is
 * @param mode    k nearest neighbours or a similarity cut-off
 * @param k       neighbours per instance (kNN mode), at least 1
 * @param cutOff  the cut-off (threshold mode); null in kNN mode
 * @param blocks  blocks the exact builder cuts the data into, 0 for automatic
 * @param lsh     settings of the LSH builder
 * @param seed    seed of the graph's random choices (cut-off sample, LSH projection, trees, recall probe)
 */
public record GraphSpec(String builder, Metric metric, GraphMode mode, int k, CutOff cutOff, int blocks,
                        LshParams lsh, long seed) {

    public GraphSpec {
        if (!builder.equals("exact") && !builder.equals("lsh")) {
            throw new IllegalArgumentException("graph.builder='" + builder + "' is not known; use exact or lsh.");
        }
        if (k < 1) {
            throw new IllegalArgumentException("graph.k=" + k + " must be at least 1 (10 is a common choice).");
        }
        if (blocks < 0) {
            throw new IllegalArgumentException("graph.blocks=" + blocks + " must be 0 (automatic) or at least 1.");
        }
        if (mode == GraphMode.THRESHOLD && cutOff == null) {
            throw new IllegalArgumentException("graph.mode=threshold needs one of graph.threshold.quantile,"
                + " graph.threshold.mean-degree or graph.threshold.density.");
        }
        if (mode == GraphMode.KNN && cutOff != null) {
            throw new IllegalArgumentException("graph.threshold." + cutOff.kind().configName() + " is set but"
                + " graph.mode=knn; set graph.mode=threshold or remove the cut-off.");
        }
    }

    /** The exact Euclidean kNN graph with default LSH settings and seed 1. */
    public static GraphSpec exactKnn(int k, int blocks) {
        return new GraphSpec("exact", Metric.EUCLIDEAN, GraphMode.KNN, k, null, blocks, LshParams.DEFAULT, 1L);
    }

    /**
     * Reads a {@code graph} block.
     *
     * @throws IllegalArgumentException naming the key, the bad value and the fix
     */
    public static GraphSpec fromConfig(Config graph) {
        try {
            List<CutOff> cutOffs = new ArrayList<>();
            int sample = graph.getInt("threshold.sample-size");
            for (CutOff.Kind kind : CutOff.Kind.values()) {
                String key = "threshold." + kind.configName();
                if (graph.hasPath(key)) {
                    cutOffs.add(new CutOff(kind, graph.getDouble(key), sample));
                }
            }
            if (cutOffs.size() > 1) {
                throw new IllegalArgumentException("graph.threshold sets " + cutOffs + "; give only one of quantile,"
                    + " mean-degree and density.");
            }
            LshParams lsh = new LshParams(graph.getInt("lsh.tables"), graph.getInt("lsh.leaf-size"),
                graph.getInt("lsh.dims"), graph.getInt("lsh.max-rounds"), graph.getDouble("lsh.target-recall"),
                graph.getInt("lsh.recall-queries"));
            return new GraphSpec(graph.getString("builder"), Metric.fromName(graph.getString("metric")),
                GraphMode.fromName(graph.getString("mode")), graph.getInt("k"),
                cutOffs.isEmpty() ? null : cutOffs.get(0), graph.getInt("blocks"), lsh, graph.getLong("seed"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("graph configuration error: " + e.getMessage(), e);
        }
    }

    /** The builder this spec describes. */
    public GraphBuilder newBuilder() {
        if (builder.equals("lsh")) {
            return new LshGraphBuilder(metric, mode, k, cutOff, lsh, seed);
        }
        return new ExactGraphBuilder(metric, mode, k, cutOff, blocks, seed);
    }
}
