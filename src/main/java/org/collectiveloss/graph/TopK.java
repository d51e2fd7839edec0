package org.collectiveloss.graph;

import java.io.Serializable;

/**
 * The k nearest candidates seen so far for one query point, kept sorted by ascending rank distance with ties
 * broken by the smaller id, so that the result does not depend on the order in which candidates arrive. A
 * candidate offered twice is kept once. Two lists of the same query merge into the k best of both, which lets
 * Spark reduce partial lists from different blocks or hash tables.
 */
final class TopK implements Serializable {

    private static final long serialVersionUID = 2L;

    private final long[] ids;
    private final double[] distances;
    private int size;

    TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k=" + k + "; a neighbour list needs k >= 1.");
        }
        this.ids = new long[k];
        this.distances = new double[k];
    }

    /** Offers a candidate; keeps it if it is among the k best so far and not already in the list. */
    void offer(long id, double distance) {
        int k = ids.length;
        if (size == k && !before(distance, id, distances[k - 1], ids[k - 1])) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                return;
            }
        }
        int pos = size < k ? size++ : k - 1;
        while (pos > 0 && before(distance, id, distances[pos - 1], ids[pos - 1])) {
            ids[pos] = ids[pos - 1];
            distances[pos] = distances[pos - 1];
            pos--;
        }
        ids[pos] = id;
        distances[pos] = distance;
    }

    /** Returns this list after adding every candidate of {@code other}. */
    TopK merge(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.ids[i], other.distances[i]);
        }
        return this;
    }

    /** The distance a new candidate must not exceed to enter: the k-th best, or infinity while not full. */
    double worst() {
        return size < ids.length ? Double.POSITIVE_INFINITY : distances[size - 1];
    }

    boolean contains(long id) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    int capacity() {
        return ids.length;
    }

    int size() {
        return size;
    }

    long id(int i) {
        return ids[i];
    }

    double distance(int i) {
        return distances[i];
    }

    private static boolean before(double d1, long id1, double d2, long id2) {
        return d1 < d2 || (d1 == d2 && id1 < id2);
    }
}
