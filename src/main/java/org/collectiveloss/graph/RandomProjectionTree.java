package org.collectiveloss.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One random projection tree: it cuts a point set in two at the median of its projections on a direction and
 * recurses until every part holds at most {@code leafSize} points. The leaves are the buckets of one hash table
 * of the {@link LshGraphBuilder}: points that share a leaf become candidate pairs.
 *
 * <p>The direction of a cut is the difference of two points drawn from the part being cut (the choice of
 * Annoy, Bernhardsson 2013), which follows the data where a Gaussian direction would not. Cutting at the
 * median keeps the leaves between {@code leafSize / 2} and {@code leafSize} points whatever the density, so
 * that no bucket explodes; a dense region is cut more often, not into larger buckets.
 * Dasgupta and Freund (2008), "Random projection trees and low dimensional manifolds", show that such trees
 * adapt to the intrinsic dimension of the data.
 *
 * <p>Cost: {@code O(n m log(n / leafSize))} for n points in m dimensions. Spark-free.
 */
final class RandomProjectionTree {

    private RandomProjectionTree() {
    }

    /**
     * The leaves of one tree over the points.
     *
     * @param points   row-major coordinates, {@code n × dim}, in the (possibly reduced) space of the cuts
     * @param n        number of points
     * @param dim      coordinates per point
     * @param leafSize largest leaf, at least 2
     * @param seed     seed of the directions and of the median selection
     * @return each leaf as the row positions of its points; every position is in exactly one leaf
     */
    static List<int[]> leaves(float[] points, int n, int dim, int leafSize, long seed) {
        if (leafSize < 2) {
            throw new IllegalArgumentException("leafSize=" + leafSize + "; a leaf must hold at least 2 points.");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] keys = new float[n];
        float[] direction = new float[dim];
        List<int[]> out = new ArrayList<>();
        // An explicit stack of [from, to) ranges of `order` instead of recursion: depth is only log2(n / leaf),
        // but the stack keeps the leaves in a fixed, seed-determined order.
        List<int[]> stack = new ArrayList<>();
        stack.add(new int[] {0, n});
        while (!stack.isEmpty()) {
            int[] range = stack.remove(stack.size() - 1);
            int from = range[0];
            int to = range[1];
            int size = to - from;
            if (size == 0) {
                continue;
            }
            if (size <= leafSize) {
                int[] leaf = new int[size];
                System.arraycopy(order, from, leaf, 0, size);
                out.add(leaf);
                continue;
            }
            chooseDirection(points, dim, order, from, to, random, direction);
            for (int i = from; i < to; i++) {
                keys[i] = dot(points, order[i] * dim, direction, dim);
            }
            int mid = from + size / 2;
            select(keys, order, from, to - 1, mid, random);
            stack.add(new int[] {from, mid});
            stack.add(new int[] {mid, to});
        }
        return out;
    }

    /** The difference of two distinct points of the range; a random direction if all tried pairs coincide. */
    private static void chooseDirection(float[] points, int dim, int[] order, int from, int to,
                                        SplittableRandom random, float[] direction) {
        for (int attempt = 0; attempt < 8; attempt++) {
            int a = order[from + random.nextInt(to - from)];
            int b = order[from + random.nextInt(to - from)];
            double norm = 0.0;
            for (int t = 0; t < dim; t++) {
                direction[t] = points[a * dim + t] - points[b * dim + t];
                norm += (double) direction[t] * direction[t];
            }
            if (norm > 0.0) {
                return;
            }
        }
        // All drawn pairs were equal points (duplicates or one repeated point): any direction splits them evenly
        // by position, since the median cut then falls among equal keys.
        for (int t = 0; t < dim; t++) {
            direction[t] = (float) gaussian(random);
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    private static float dot(float[] points, int offset, float[] direction, int dim) {
        float s = 0.0f;
        for (int t = 0; t < dim; t++) {
            s += points[offset + t] * direction[t];
        }
        return s;
    }

    /**
     * Rearranges {@code keys[lo..hi]} (and {@code order} with them) so that position {@code nth} holds the key
     * it would hold if sorted, smaller or equal keys before it and larger or equal after: Hoare's selection with
     * random pivots, expected linear time.
     */
    static void select(float[] keys, int[] order, int lo, int hi, int nth, SplittableRandom random) {
        while (hi > lo) {
            int p = lo + random.nextInt(hi - lo + 1);
            float pivot = keys[p];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(keys, order, i++, j--);
                }
            }
            if (nth <= j) {
                hi = j;
            } else if (nth >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void swap(float[] keys, int[] order, int a, int b) {
        float k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        int o = order[a];
        order[a] = order[b];
        order[b] = o;
    }
}
