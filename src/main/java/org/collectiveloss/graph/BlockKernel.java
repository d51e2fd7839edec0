package org.collectiveloss.graph;

import org.collectiveloss.nd4j.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All-pairs comparison of two blocks of rows: one float32 matrix product on BLAS (through ND4J) screens the
 * pairs, and the few that can still enter a neighbour list or pass a cut-off are recomputed in double precision.
 *
 * <p>The screening rank distance {@code n_i + n_j − 2 a_i·b_j} ({@link FeatureMatrix#screenNorm}) loses
 * precision to cancellation when two rows are close compared with their norms, so a pair is screened out only
 * when it misses by more than {@link #SLACK} {@code (n_i + n_j)}, several times the float32 rounding of a
 * product of this length; whatever survives is decided on its exact value. The result is therefore the exact
 * answer on the float32 features, identical points come out at distance 0, and ties are broken by the smaller
 * key whatever the rounding.
 */
final class BlockKernel {

    /** Relative width of the screening band, against float32 rounding of the products (about 1e-6). */
    static final double SLACK = 4e-5;

    /** Receives the pairs that pass a rank-distance cut-off. */
    interface PairSink {
        void accept(long keyA, long keyB, double rank);
    }

    private BlockKernel() {
    }

    /** The products {@code a · bᵀ} of two row-major blocks, row-major {@code rowsA × rowsB}. */
    static float[] products(float[] a, int rowsA, float[] b, int rowsB, int dim) {
        if (rowsA == 0 || rowsB == 0) {
            return new float[0];
        }
        INDArray ma = HostArrays.rowMajor(a, rowsA, dim);
        INDArray mb = a == b ? ma : HostArrays.rowMajor(b, rowsB, dim);
        // gemm with the transpose flag: mmul with a transposed view copies the operand first (2.5 times slower
        // for 256-row blocks).
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rowsA, rowsB}, 'c');
        try {
            Nd4j.gemm(ma, mb, out, false, true, 1.0, 0.0);
            return HostArrays.toFloats(out);
        } finally {
            out.close();
            if (mb != ma) {
                mb.close();
            }
            ma.close();
        }
    }

    /**
     * Offers, for each row i of block A, its k best rows of block B to {@code topsA[i]} (k being the lists'
     * capacity); when {@code topsB} is given, also the k best rows of A to each {@code topsB[j]}. Rows with equal
     * keys are never paired. When {@code a == b} (the same block) {@code topsB} must be null.
     *
     * <p>Each row keeps the k smallest screening values in a small heap while one pass runs over the products,
     * and collects every candidate within {@code 2 · slack} of the heap's top at the time. With screening errors
     * below {@code slack}, every member of the exact top k lies within {@code 2 · slack} of the final k-th
     * screening value, so it is among the collected candidates; those are then recomputed exactly and offered,
     * so the lists receive this block's exact top k.
     */
    static void nearest(Block a, TopK[] topsA, Block b, TopK[] topsB, Metric metric) {
        boolean same = a == b;
        if (same && topsB != null) {
            throw new IllegalArgumentException("within one block the rows' lists already hold both directions");
        }
        int na = a.size();
        int nb = b.size();
        if (na == 0 || nb == 0) {
            return;
        }
        float[] g = products(a.values, na, b.values, nb, a.dim);
        float maxNormA = max(a.norms);
        float maxNormB = max(b.norms);
        int k = topsA.length > 0 ? topsA[0].capacity() : 1;
        Selector row = new Selector(k);
        Selector[] cols = null;
        if (topsB != null) {
            cols = new Selector[nb];
            for (int j = 0; j < nb; j++) {
                cols[j] = new Selector(topsB[j].capacity());
                cols[j].reset((float) (2 * SLACK * (b.norms[j] + maxNormA)));
            }
        }
        for (int i = 0; i < na; i++) {
            float ni = a.norms[i];
            long key = a.keys[i];
            row.reset((float) (2 * SLACK * (ni + maxNormB)));
            int base = i * nb;
            for (int j = 0; j < nb; j++) {
                float screen = ni + b.norms[j] - 2.0f * g[base + j];
                if (screen < 0.0f) {
                    screen = 0.0f;
                }
                if (screen <= row.bound()) {
                    if (b.keys[j] != key) {
                        row.offer(j, screen);
                    }
                }
                if (cols != null && screen <= cols[j].bound() && b.keys[j] != key) {
                    cols[j].offer(i, screen);
                }
            }
            row.deliver(topsA[i], a, i, b, metric);
        }
        if (cols != null) {
            for (int j = 0; j < nb; j++) {
                cols[j].deliver(topsB[j], b, j, a, metric);
            }
        }
    }

    /**
     * For each row of a bucket ({@code rows}, positions in {@code x}), its {@code k} nearest other rows of the
     * bucket by float32 screening value, ties to the smaller position, added to {@code out} with those values.
     * The products come from one {@code ssyrk} ({@link SymmetricProducts}), which fills one triangle, or
     * without it from one {@code gemm}; one pass over the triangle offers each pair to the max-heaps of
     * (value, position) of both its rows.
     */
    static void bucketNearest(FeatureMatrix x, int[] rows, int k, PartialLists out) {
        int n = rows.length;
        int kk = Math.min(k, n - 1);
        if (kk < 1) {
            return;
        }
        float[] g;
        if (SymmetricProducts.available()) {
            g = SymmetricProducts.gramOfRows(x.values(), x.dim(), rows);
        } else {
            float[] block = x.gather(rows);
            g = products(block, n, block, n, x.dim());
        }
        long[] keys = new long[n];
        float[] norms = new float[n];
        for (int i = 0; i < n; i++) {
            keys[i] = rows[i];
            norms[i] = x.screenNorm(rows[i]);
        }
        // Row i's heap is heapValue/heapIndex[i·kk, (i+1)·kk), largest (value, key) first.
        float[] heapValue = new float[n * kk];
        int[] heapIndex = new int[n * kk];
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            float ni = norms[i];
            int base = i * n;
            int hi = i * kk;
            for (int j = i + 1; j < n; j++) {
                float screen = Math.max(0.0f, ni + norms[j] - 2.0f * g[base + j]);
                int hj = j * kk;
                if (sizes[i] < kk) {
                    heapUp(heapValue, heapIndex, hi, sizes[i]++, screen, j, keys);
                } else if (after(heapValue[hi], keys[heapIndex[hi]], screen, keys[j])) {
                    heapDown(heapValue, heapIndex, hi, kk, screen, j, keys);
                }
                if (sizes[j] < kk) {
                    heapUp(heapValue, heapIndex, hj, sizes[j]++, screen, i, keys);
                } else if (after(heapValue[hj], keys[heapIndex[hj]], screen, keys[i])) {
                    heapDown(heapValue, heapIndex, hj, kk, screen, i, keys);
                }
            }
        }
        int[] ids = new int[kk];
        float[] dists = new float[kk];
        for (int i = 0; i < n; i++) {
            int hi = i * kk;
            // Heap sort in place: the largest goes last, leaving the list in ascending order.
            for (int last = sizes[i] - 1; last > 0; last--) {
                float v = heapValue[hi + last];
                int j = heapIndex[hi + last];
                heapValue[hi + last] = heapValue[hi];
                heapIndex[hi + last] = heapIndex[hi];
                heapDown(heapValue, heapIndex, hi, last, v, j, keys);
            }
            for (int e = 0; e < sizes[i]; e++) {
                ids[e] = rows[heapIndex[hi + e]];
                dists[e] = heapValue[hi + e];
            }
            out.add(rows[i], ids, dists, sizes[i]);
        }
    }

    /** (v1, key1) after (v2, key2) in ascending order: the max-heap's order. */
    private static boolean after(float v1, long key1, float v2, long key2) {
        return v1 > v2 || v1 == v2 && key1 > key2;
    }

    /** Adds (v, j) to the heap at {@code base} holding {@code size} entries. */
    private static void heapUp(float[] value, int[] index, int base, int size, float v, int j, long[] keys) {
        int at = size;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!after(v, keys[j], value[base + parent], keys[index[base + parent]])) {
                break;
            }
            value[base + at] = value[base + parent];
            index[base + at] = index[base + parent];
            at = parent;
        }
        value[base + at] = v;
        index[base + at] = j;
    }

    /** Replaces the top (the largest) of the heap at {@code base} holding {@code size} entries by (v, j). */
    private static void heapDown(float[] value, int[] index, int base, int size, float v, int j, long[] keys) {
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && after(value[base + child + 1], keys[index[base + child + 1]],
                value[base + child], keys[index[base + child]])) {
                child++;
            }
            if (!after(value[base + child], keys[index[base + child]], v, keys[j])) {
                break;
            }
            value[base + at] = value[base + child];
            index[base + at] = index[base + child];
            at = child;
        }
        value[base + at] = v;
        index[base + at] = j;
    }

    private static float max(float[] values) {
        float m = 0.0f;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * The k smallest screening values of one row (a max-heap), and the candidates collected within the band
     * above the heap's top.
     */
    private static final class Selector {
        private final int k;
        private final float[] heap;
        private int heapSize;
        private float band;
        private int[] cand = new int[32];
        private float[] candScreen = new float[32];
        private int count;

        Selector(int k) {
            this.k = k;
            this.heap = new float[k];
        }

        void reset(float band) {
            this.band = band;
            heapSize = 0;
            count = 0;
        }

        /** Candidates above this cannot matter. */
        float bound() {
            return heapSize < k ? Float.POSITIVE_INFINITY : heap[0] + band;
        }

        void offer(int index, float screen) {
            if (heapSize < k) {
                heap[heapSize] = screen;
                siftUp(heapSize++);
            } else if (screen < heap[0]) {
                heap[0] = screen;
                siftDown();
            }
            if (count == cand.length) {
                compact();
                if (count > cand.length / 2) {
                    cand = java.util.Arrays.copyOf(cand, 2 * cand.length);
                    candScreen = java.util.Arrays.copyOf(candScreen, 2 * candScreen.length);
                }
            }
            cand[count] = index;
            candScreen[count++] = screen;
        }

        /** Drops collected candidates that fell out of the band. */
        private void compact() {
            float limit = bound();
            int kept = 0;
            for (int c = 0; c < count; c++) {
                if (candScreen[c] <= limit) {
                    cand[kept] = cand[c];
                    candScreen[kept++] = candScreen[c];
                }
            }
            count = kept;
        }

        /** Offers the surviving candidates (row {@code self} of {@code own} against rows of {@code other}). */
        void deliver(TopK top, Block own, int self, Block other, Metric metric) {
            float limit = bound();
            for (int c = 0; c < count; c++) {
                int j = cand[c];
                if (candScreen[c] <= limit) {
                    top.offer(other.keys[j], FeatureMatrix.rank(own.values, self * own.dim, other.values,
                        j * other.dim, own.dim, metric));
                }
            }
        }

        private void siftUp(int i) {
            while (i > 0) {
                int p = (i - 1) / 2;
                if (heap[i] <= heap[p]) {
                    return;
                }
                float t = heap[i];
                heap[i] = heap[p];
                heap[p] = t;
                i = p;
            }
        }

        private void siftDown() {
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                int best = i;
                if (l < heapSize && heap[l] > heap[best]) {
                    best = l;
                }
                if (l + 1 < heapSize && heap[l + 1] > heap[best]) {
                    best = l + 1;
                }
                if (best == i) {
                    return;
                }
                float t = heap[i];
                heap[i] = heap[best];
                heap[best] = t;
                i = best;
            }
        }
    }

    /**
     * Sends every pair (row of A, row of B) whose exact rank distance is at most {@code maxRank} to the sink,
     * each unordered pair once when {@code a == b}; rows with equal keys are never paired.
     */
    static void within(Block a, Block b, double maxRank, Metric metric, PairSink sink) {
        boolean same = a == b;
        float[] g = products(a.values, a.size(), b.values, b.size(), a.dim);
        int nb = b.size();
        for (int i = 0; i < a.size(); i++) {
            float ni = a.norms[i];
            int row = i * nb;
            for (int j = same ? i + 1 : 0; j < nb; j++) {
                if (a.keys[i] == b.keys[j]) {
                    continue;
                }
                double screen = ni + b.norms[j] - 2.0 * g[row + j];
                if (screen - SLACK * (ni + b.norms[j]) > maxRank) {
                    continue;
                }
                double exact = FeatureMatrix.rank(a.values, i * a.dim, b.values, j * b.dim, a.dim, metric);
                if (exact <= maxRank) {
                    sink.accept(a.keys[i], b.keys[j], exact);
                }
            }
        }
    }

    /** Rows to compare: keys (ids or positions), row-major float32 values and screening norms. */
    static final class Block implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        final long[] keys;
        final float[] values;
        final float[] norms;
        final int dim;

        Block(long[] keys, float[] values, float[] norms, int dim) {
            this.keys = keys;
            this.values = values;
            this.norms = norms;
            this.dim = dim;
        }

        /** The rows {@code rows} of {@code m}, keyed by their positions in {@code m}. */
        static Block ofPositions(FeatureMatrix m, int[] rows) {
            long[] keys = new long[rows.length];
            float[] norms = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                keys[i] = rows[i];
                norms[i] = m.screenNorm(rows[i]);
            }
            return new Block(keys, m.gather(rows), norms, m.dim());
        }

        /** All rows of {@code m}, keyed by their ids. */
        static Block ofIds(FeatureMatrix m) {
            return new Block(m.ids(), m.values(), m.screenNorms(), m.dim());
        }

        int size() {
            return keys.length;
        }
    }
}
