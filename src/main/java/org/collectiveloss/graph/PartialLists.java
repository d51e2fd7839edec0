package org.collectiveloss.graph;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Neighbour lists of some rows, in flat primitive arrays, as one Spark task returns them: far cheaper to
 * serialise than one {@link TopK} object per row.
 */
final class PartialLists implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int k;
    private int count;
    private int[] rows = new int[16];
    private int[] sizes = new int[16];
    private long[] ids;
    private double[] distances;

    PartialLists(int k) {
        this.k = k;
        this.ids = new long[16 * k];
        this.distances = new double[16 * k];
    }

    void add(int row, TopK top) {
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, 2 * count);
            sizes = Arrays.copyOf(sizes, 2 * count);
            ids = Arrays.copyOf(ids, 2 * count * k);
            distances = Arrays.copyOf(distances, 2 * count * k);
        }
        rows[count] = row;
        sizes[count] = top.size();
        for (int i = 0; i < top.size(); i++) {
            ids[count * k + i] = top.id(i);
            distances[count * k + i] = top.distance(i);
        }
        count++;
    }

    int count() {
        return count;
    }

    int row(int i) {
        return rows[i];
    }

    /** The i-th list as a {@link TopK}. */
    TopK list(int i) {
        TopK top = new TopK(k);
        for (int j = 0; j < sizes[i]; j++) {
            top.offer(ids[i * k + j], distances[i * k + j]);
        }
        return top;
    }
}
