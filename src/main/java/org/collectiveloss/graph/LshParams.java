package org.collectiveloss.graph;

/**
 * Settings of the {@link LshGraphBuilder}; 0 (or -1 for {@code maxRounds}) leaves a setting to
 * {@link #resolve(long, int, int, GraphMode)}, which chooses it from the data size and the target recall.
 *
 * <p>How to choose them by hand:
 * <ul>
 *   <li>{@code targetRecall}: the share of the exact neighbours (or, for threshold graphs, of the exact pairs)
 *       the graph should contain. The builder measures its recall on {@code recallQueries} sampled instances
 *       against brute force while it works and keeps refining (kNN) or adding trees (threshold) until the
 *       measured recall, less 1.64 standard errors, reaches the target, or the limits below are hit, in which
 *       case it logs a warning. 0.95 is plenty for neighbourhood statistics; 0.99 costs roughly one more
 *       round.</li>
 *   <li>{@code tables}: random projection trees (hash tables) per batch; each is one more candidate block per
 *       point. A kNN graph that stays below the target after its refinement rounds gets another batch (up to
 *       4), a threshold graph up to 8. More tables raise the starting recall linearly in cost. Automatic: 4
 *       for a target up to 0.9, 6 up to 0.97, 8 above, times {@code 1 + log2(n / 250,000) / 2} above 250,000
 *       instances ({@link #LARGE_N}).</li>
 *   <li>{@code leafSize}: largest bucket (candidate block) of a tree; every point is compared with all of its
 *       bucket, so the cost per table is about {@code n · leafSize · d / 2} multiply-adds. Larger leaves find
 *       more neighbours per table on high-dimensional data. Automatic: 256, at least 4k, at most n.</li>
 *   <li>{@code dims}: dimensions of the projection the trees cut in and the refinement screens candidates in
 *       ({@link Projection}). Automatic: 64, or the data's own dimension if smaller.</li>
 *   <li>{@code maxRounds}: most neighbour-of-neighbour refinement rounds ({@link NeighbourExpansion}) of a kNN
 *       graph after each batch of trees; -1 for automatic (4); 0 for none (trees only). Each round costs about
 *       {@code n · (c · m + 2k · d)} for c ≈ 100–200 candidates per point, and finds most of the missing
 *       neighbours (on Fashion-MNIST one round took the recall from 0.89 to 0.97).</li>
 *   <li>{@code recallQueries}: instances whose exact neighbours are computed to measure recall while building;
 *       0 for automatic (300, or n if smaller; 3,000 neighbour slots for k = 10 measure a recall near 0.95 to
 *       about ±0.004). Its cost is {@code recallQueries · n · d}.</li>
 * </ul>
 *
 * @param tables        trees built first, at least 0 (0: automatic)
 * @param leafSize      largest leaf, 0 (automatic) or at least 2
 * @param dims          projection dimensions, 0 (automatic) or at least 1
 * @param maxRounds     most refinement rounds, -1 (automatic) or at least 0
 * @param targetRecall  recall to reach, in (0, 1]
 * @param recallQueries instances used to measure recall, 0 (automatic) or at least 1
 */
public record LshParams(int tables, int leafSize, int dims, int maxRounds, double targetRecall, int recallQueries) {

    /**
     * Above this many instances the automatic number of tables grows by half its base per doubling of n: each
     * doubling adds a level to every tree, which separates more neighbours. Measured on Gaussian mixtures (64
     * dims, 100 clusters, k = 10): 6 trees found 0.93 of the neighbours at 100,000 points, 0.76 at 300,000 and
     * 0.67 at a million, where the refinement rounds then stalled at 0.91 and a second batch of trees was
     * needed (53 s); 12 trees up front reached 0.96 after one round (39 s).
     */
    static final long LARGE_N = 250_000;

    /** Everything automatic, target recall 0.95. */
    public static final LshParams DEFAULT = new LshParams(0, 0, 0, -1, 0.95, 0);

    public LshParams {
        require(tables >= 0, "graph.lsh.tables=" + tables + " must be 0 (automatic) or positive (e.g. 6).");
        require(leafSize == 0 || leafSize >= 2, "graph.lsh.leaf-size=" + leafSize
            + " must be 0 (automatic) or at least 2 (e.g. 256).");
        require(dims >= 0, "graph.lsh.dims=" + dims + " must be 0 (automatic) or positive (e.g. 64).");
        require(maxRounds >= -1, "graph.lsh.max-rounds=" + maxRounds
            + " must be -1 (automatic), 0 (no refinement) or positive (e.g. 4).");
        require(targetRecall > 0.0 && targetRecall <= 1.0, "graph.lsh.target-recall=" + targetRecall
            + " must lie in (0, 1] (0.95 is usual).");
        require(recallQueries >= 0, "graph.lsh.recall-queries=" + recallQueries
            + " must be 0 (automatic) or positive (e.g. 500).");
    }

    /**
     * Settings with every automatic value chosen for {@code n} instances of {@code d} features.
     *
     * @param k neighbours per instance (kNN mode); ignored for threshold graphs
     */
    public Resolved resolve(long n, int d, int k, GraphMode mode) {
        StringBuilder why = new StringBuilder();
        int leaf = leafSize;
        if (leaf == 0) {
            leaf = (int) Math.max(2, Math.min(n, Math.max(256, mode == GraphMode.KNN ? 4L * k : 0)));
            why.append("leaf-size ").append(leaf).append(" (256, at least 4k, at most n); ");
        }
        int t = tables;
        if (t == 0) {
            int base = targetRecall <= 0.9 ? 4 : targetRecall <= 0.97 ? 6 : 8;
            double doublings = Math.max(0.0, Math.log((double) n / LARGE_N) / Math.log(2.0));
            t = (int) Math.round(base * (1.0 + doublings / 2.0));
            why.append("tables ").append(t).append(" (").append(base).append(" for target recall ")
                .append(targetRecall).append(t > base ? ", more for n above " + LARGE_N : "").append("); ");
        }
        if (n <= leaf) {
            // One leaf holds every point: a single tree is the exact all-pairs computation.
            t = 1;
            why.append("n <= leaf size: one block, exact; ");
        }
        int m = dims == 0 ? Math.min(d, 64) : Math.min(d, dims);
        if (dims == 0) {
            why.append("dims ").append(m).append(m == d ? " (the data's own); " : " (64); ");
        }
        int rounds = maxRounds;
        if (rounds < 0) {
            rounds = n <= leaf ? 0 : 4;
            why.append("max-rounds ").append(rounds).append("; ");
        }
        int queries = recallQueries == 0 ? (int) Math.min(n, 300) : (int) Math.min(n, recallQueries);
        if (recallQueries == 0) {
            why.append("recall-queries ").append(queries);
        }
        return new Resolved(t, leaf, m, rounds, targetRecall, queries, why.toString());
    }

    /**
     * Concrete settings for one build.
     *
     * @param reason how the automatic values were chosen, for the log
     */
    public record Resolved(int tables, int leafSize, int dims, int maxRounds, double targetRecall,
                           int recallQueries, String reason) {
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
