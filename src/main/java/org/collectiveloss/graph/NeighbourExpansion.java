package org.collectiveloss.graph;

import java.util.Arrays;

/**
 * One refinement round for a range of points: the neighbours of a point's neighbours are likely neighbours of
 * the point itself, the local join of NN-Descent (Dong, Charikar and Li 2011, "Efficient k-nearest neighbor
 * graph construction for generic similarity measures"). For each point v the candidates are the members of
 * S(v) = (first w of v's list) ∪ (first w rows that list v), and the members of S(u) for every u in S(v).
 *
 * <p>Candidates are first ranked in the projected space ({@link Projection}), which costs m products per
 * candidate instead of d; only the best {@code keep} of them get a distance on the full features, in float32
 * ({@link FeatureMatrix#screenRank}; the builder recomputes the final lists exactly). When the projection is
 * the identity the screening is skipped and every candidate gets its full distance. Spark-free.
 */
final class NeighbourExpansion {

    private final FeatureMatrix x;
    private final float[] projected;
    private final int projDim;
    private final boolean screen;
    private final NeighbourLists lists;
    private final int[] revOffsets;
    private final int[] revRows;
    private final int width;
    private final int keep;

    /**
     * @param width neighbours and reverse neighbours followed per point (w above)
     * @param keep  candidates per point given an exact distance after screening
     */
    NeighbourExpansion(FeatureMatrix x, float[] projected, int projDim, boolean screen, NeighbourLists lists,
                       int[][] reverse, int width, int keep) {
        this.x = x;
        this.projected = projected;
        this.projDim = projDim;
        this.screen = screen;
        this.lists = lists;
        this.revOffsets = reverse[0];
        this.revRows = reverse[1];
        this.width = width;
        this.keep = keep;
    }

    /** The refined lists of rows {@code from..to-1}, ids being row positions. */
    TopK[] refine(int from, int to) {
        int n = x.size();
        int[] stamp = new int[n];
        Arrays.fill(stamp, -1);
        int[] cand = new int[64];
        float[] score = new float[64];
        int[] spread = new int[2 * width];
        int[] second = new int[2 * width];
        java.util.SplittableRandom random = new java.util.SplittableRandom(from);
        TopK[] out = new TopK[to - from];
        for (int v = from; v < to; v++) {
            TopK top = lists.toTopK(v);
            stamp[v] = v;
            for (int i = 0; i < top.size(); i++) {
                stamp[(int) top.id(i)] = v;
            }
            int nSpread = spreadOf(v, spread);
            int count = 0;
            for (int s = 0; s < nSpread; s++) {
                int u = spread[s];
                if (stamp[u] != v) {
                    stamp[u] = v;
                    if (count == cand.length) {
                        cand = Arrays.copyOf(cand, 2 * count);
                    }
                    cand[count++] = u;
                }
            }
            for (int s = 0; s < nSpread; s++) {
                int m = spreadOf(spread[s], second);
                for (int t = 0; t < m; t++) {
                    int c = second[t];
                    if (stamp[c] != v) {
                        stamp[c] = v;
                        if (count == cand.length) {
                            cand = Arrays.copyOf(cand, 2 * count);
                        }
                        cand[count++] = c;
                    }
                }
            }
            if (screen && count > keep) {
                if (score.length < cand.length) {
                    score = new float[cand.length];
                }
                for (int c = 0; c < count; c++) {
                    score[c] = projectedDistance(v, cand[c]);
                }
                // The `keep` best screened candidates move to the front.
                RandomProjectionTree.select(score, cand, 0, count - 1, keep - 1, random);
                count = keep;
            }
            for (int c = 0; c < count; c++) {
                top.offer(cand[c], x.screenRank(v, cand[c]));
            }
            out[v - from] = top;
        }
        return out;
    }

    /** Writes S(v) (first w of v's list, then up to w reverse neighbours) into {@code buf}; returns its length. */
    private int spreadOf(int v, int[] buf) {
        int len = 0;
        for (int i = 0; i < Math.min(width, lists.k()); i++) {
            int u = lists.neighbour(v, i);
            if (u < 0) {
                break;
            }
            buf[len++] = u;
        }
        int end = Math.min(revOffsets[v + 1], revOffsets[v] + width);
        for (int r = revOffsets[v]; r < end; r++) {
            buf[len++] = revRows[r];
        }
        return len;
    }

    private float projectedDistance(int a, int b) {
        float s0 = 0.0f;
        float s1 = 0.0f;
        float s2 = 0.0f;
        float s3 = 0.0f;
        int oa = a * projDim;
        int ob = b * projDim;
        int t = 0;
        for (; t + 3 < projDim; t += 4) {
            float e0 = projected[oa + t] - projected[ob + t];
            float e1 = projected[oa + t + 1] - projected[ob + t + 1];
            float e2 = projected[oa + t + 2] - projected[ob + t + 2];
            float e3 = projected[oa + t + 3] - projected[ob + t + 3];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; t < projDim; t++) {
            float e = projected[oa + t] - projected[ob + t];
            s0 += e * e;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
