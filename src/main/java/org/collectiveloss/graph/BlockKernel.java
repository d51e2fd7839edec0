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
     * without it from one {@code gemm}; one pass over the triangle offers each pair to the max-heaps of both
     * its rows.
     *
     * <p>A heap entry is one {@code long}: the bits of the (non-negative) screening value above the position, so
     * that one integer comparison orders by (value, position); {@code bound[i]} is row i's heap top once full,
     * which turns most pairs away with one comparison.
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
        float[] norms = new float[n];
        for (int i = 0; i < n; i++) {
            norms[i] = x.screenNorm(rows[i]);
        }
        // Row i's heap is heap[i·kk, (i+1)·kk), largest first.
        long[] heap = new long[n * kk];
        int[] sizes = new int[n];
        long[] bound = new long[n];
        java.util.Arrays.fill(bound, Long.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            float ni = norms[i];
            int base = i * n;
            long keyI = rows[i];
            for (int j = i + 1; j < n; j++) {
                float screen = Math.max(0.0f, ni + norms[j] - 2.0f * g[base + j]);
                long bits = (long) Float.floatToRawIntBits(screen) << 32;
                long forI = bits | rows[j];
                if (forI < bound[i]) {
                    offer(heap, sizes, bound, i, kk, forI);
                }
                long forJ = bits | keyI;
                if (forJ < bound[j]) {
                    offer(heap, sizes, bound, j, kk, forJ);
                }
            }
        }
        int[] ids = new int[kk];
        float[] dists = new float[kk];
        for (int i = 0; i < n; i++) {
            int base = i * kk;
            int size = sizes[i];
            // Heap sort in place: the largest goes last, leaving the entries in ascending order.
            for (int last = size - 1; last > 0; last--) {
                long top = heap[base];
                siftDown(heap, base, last, heap[base + last]);
                heap[base + last] = top;
            }
            for (int e = 0; e < size; e++) {
                ids[e] = (int) heap[base + e];
                dists[e] = Float.intBitsToFloat((int) (heap[base + e] >>> 32));
            }
            out.add(rows[i], ids, dists, size);
        }
    }

    /** Offers an entry to the heap of {@code row}; keeps {@code bound[row]} at its top once full. */
    private static void offer(long[] heap, int[] sizes, long[] bound, int row, int kk, long entry) {
        int base = row * kk;
        int size = sizes[row];
        if (size < kk) {
            int at = size;
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (heap[base + parent] >= entry) {
                    break;
                }
                heap[base + at] = heap[base + parent];
                at = parent;
            }
            heap[base + at] = entry;
            sizes[row] = ++size;
            if (size == kk) {
                bound[row] = heap[base];
            }
        } else {
            siftDown(heap, base, kk, entry);
            bound[row] = heap[base];
        }
    }

    /** Puts {@code entry} at the top of the max-heap at {@code base} holding {@code size} entries, sifting down. */
    private static void siftDown(long[] heap, int base, int size, long entry) {
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[base + child + 1] > heap[base + child]) {
                child++;
            }
            if (heap[base + child] <= entry) {
                break;
            }
            heap[base + at] = heap[base + child];
            at = child;
        }
        heap[base + at] = entry;
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
