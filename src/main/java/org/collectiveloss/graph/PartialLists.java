package org.collectiveloss.graph;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Neighbour lists of some rows, in flat primitive arrays, as one Spark task returns them: far cheaper to
 * serialise than one {@link TopK} object per row. Ids are row positions (int) and distances float32, the
 * precision of the screening that ranked them.
 */
final class PartialLists implements Serializable {

    private static final long serialVersionUID = 2L;

    private final int k;
    private int count;
    private transient int[] rows = new int[16];
    private transient int[] sizes = new int[16];
    private transient int[] ids;
    private transient float[] distances;

    PartialLists(int k) {
        this.k = k;
        this.ids = new int[16 * k];
        this.distances = new float[16 * k];
    }

    void add(int row, TopK top) {
        growIfFull();
        rows[count] = row;
        sizes[count] = top.size();
        for (int i = 0; i < top.size(); i++) {
            ids[count * k + i] = (int) top.id(i);
            distances[count * k + i] = (float) top.distance(i);
        }
        count++;
    }

    /** Adds a list given as its first {@code size} ids and distances, sorted by ascending (distance, id). */
    void add(int row, int[] listIds, float[] listDistances, int size) {
        if (size > k) {
            throw new IllegalArgumentException("A list of " + size + " neighbours does not fit lists of k=" + k
                + "; the caller must cut it to k.");
        }
        growIfFull();
        rows[count] = row;
        sizes[count] = size;
        System.arraycopy(listIds, 0, ids, count * k, size);
        System.arraycopy(listDistances, 0, distances, count * k, size);
        count++;
    }

    private void growIfFull() {
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, 2 * count);
            sizes = Arrays.copyOf(sizes, 2 * count);
            ids = Arrays.copyOf(ids, 2 * count * k);
            distances = Arrays.copyOf(distances, 2 * count * k);
        }
    }

    int count() {
        return count;
    }

    int row(int i) {
        return rows[i];
    }

    /** Merges every list into {@code lists}, whose ids are row positions too. */
    void mergeInto(NeighbourLists lists) {
        int[] scratchIds = new int[lists.k()];
        float[] scratchDists = new float[lists.k()];
        for (int i = 0; i < count; i++) {
            lists.merge(rows[i], ids, distances, i * k, sizes[i], scratchIds, scratchDists);
        }
    }

    /** The i-th list as a {@link TopK}. */
    TopK list(int i) {
        TopK top = new TopK(k);
        for (int j = 0; j < sizes[i]; j++) {
            top.offer(ids[i * k + j], distances[i * k + j]);
        }
        return top;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        BulkArrays.writeInts(out, Arrays.copyOf(rows, count));
        BulkArrays.writeInts(out, Arrays.copyOf(sizes, count));
        BulkArrays.writeInts(out, Arrays.copyOf(ids, count * k));
        BulkArrays.writeFloats(out, Arrays.copyOf(distances, count * k));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        rows = BulkArrays.readInts(in);
        sizes = BulkArrays.readInts(in);
        ids = BulkArrays.readInts(in);
        distances = BulkArrays.readFloats(in);
    }
}
