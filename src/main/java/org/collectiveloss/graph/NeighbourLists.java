package org.collectiveloss.graph;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The current k-nearest-neighbour lists of all n points, by row position, in flat arrays: the state the
 * {@link LshGraphBuilder} passes from one round to the next. Lists are sorted by ascending rank distance
 * (float32, the precision of the screening that ranked them); a list may be shorter than k ({@code -1} fills the
 * rest).
 */
final class NeighbourLists implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int n;
    private final int k;
    private transient int[] neighbours;
    private transient float[] distances;

    NeighbourLists(int n, int k) {
        this.n = n;
        this.k = k;
        this.neighbours = new int[Math.multiplyExact(n, k)];
        this.distances = new float[n * k];
        Arrays.fill(neighbours, -1);
        Arrays.fill(distances, Float.POSITIVE_INFINITY);
    }

    int size() {
        return n;
    }

    int k() {
        return k;
    }

    /** Replaces the list of {@code row} by {@code top}, whose ids are row positions. */
    void set(int row, TopK top) {
        int base = row * k;
        for (int i = 0; i < k; i++) {
            boolean has = i < top.size();
            neighbours[base + i] = has ? (int) top.id(i) : -1;
            distances[base + i] = has ? (float) top.distance(i) : Float.POSITIVE_INFINITY;
        }
    }

    /** Merges {@code top} (ids being row positions) into the list of {@code row}. */
    void merge(int row, TopK top) {
        set(row, toTopK(row).merge(top));
    }

    /**
     * Merges a sorted list given as arrays ({@code size} entries from {@code offset}) into the list of
     * {@code row}: one linear pass over both, keeping the k best by (distance, id) and each id once.
     */
    void merge(int row, int[] ids, float[] dists, int offset, int size, int[] scratchIds, float[] scratchDists) {
        int base = row * k;
        int a = 0;
        int b = 0;
        int out = 0;
        while (out < k) {
            boolean hasA = a < k && neighbours[base + a] >= 0;
            boolean hasB = b < size;
            if (!hasA && !hasB) {
                break;
            }
            boolean takeA = hasA && (!hasB || before(distances[base + a], neighbours[base + a],
                dists[offset + b], ids[offset + b]));
            int id = takeA ? neighbours[base + a] : ids[offset + b];
            float d = takeA ? distances[base + a] : dists[offset + b];
            if (takeA) {
                a++;
            } else {
                b++;
            }
            if (!contains(scratchIds, out, id)) {
                scratchIds[out] = id;
                scratchDists[out++] = d;
            }
        }
        for (int i = 0; i < k; i++) {
            neighbours[base + i] = i < out ? scratchIds[i] : -1;
            distances[base + i] = i < out ? scratchDists[i] : Float.POSITIVE_INFINITY;
        }
    }

    private static boolean before(float d1, int id1, float d2, int id2) {
        return d1 < d2 || (d1 == d2 && id1 < id2);
    }

    private static boolean contains(int[] ids, int count, int id) {
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** The i-th neighbour of {@code row}, or -1. */
    int neighbour(int row, int i) {
        return neighbours[row * k + i];
    }

    double distance(int row, int i) {
        return distances[row * k + i];
    }

    /** The list of {@code row} as a fresh {@link TopK}. */
    TopK toTopK(int row) {
        TopK top = new TopK(k);
        for (int i = 0; i < k && neighbours[row * k + i] >= 0; i++) {
            top.offer(neighbours[row * k + i], distances[row * k + i]);
        }
        return top;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
        BulkArrays.writeInts(out, neighbours);
        BulkArrays.writeFloats(out, distances);
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        neighbours = BulkArrays.readInts(in);
        distances = BulkArrays.readFloats(in);
    }

    /**
     * The reverse lists: for every row, up to {@code cap} rows that have it in their list, in ascending row
     * order. Compressed rows: {@code [0]} offsets (n + 1), {@code [1]} the rows.
     */
    int[][] reverse(int cap) {
        int[] count = new int[n + 1];
        for (int v = 0; v < n; v++) {
            for (int i = 0; i < k; i++) {
                int u = neighbours[v * k + i];
                if (u >= 0 && count[u + 1] < cap) {
                    count[u + 1]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int[] rows = new int[count[n]];
        int[] fill = Arrays.copyOf(count, n);
        for (int v = 0; v < n; v++) {
            for (int i = 0; i < k; i++) {
                int u = neighbours[v * k + i];
                if (u >= 0 && fill[u] < count[u + 1]) {
                    rows[fill[u]++] = v;
                }
            }
        }
        return new int[][] {count, rows};
    }
}
