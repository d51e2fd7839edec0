package org.collectiveloss.graph;

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
        INDArray ma = Nd4j.create(a, new long[] {rowsA, dim}, 'c');
        INDArray mb = a == b ? ma : Nd4j.create(b, new long[] {rowsB, dim}, 'c');
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rowsA, rowsB}, 'c');
        try {
            ma.mmul(mb.transpose(), out);
            return out.data().asFloat();
        } finally {
            out.close();
            if (mb != ma) {
                mb.close();
            }
            ma.close();
        }
    }

    /**
     * Offers, for each row i of block A, every row of block B to {@code topsA[i]}; when {@code topsB} is given,
     * also every row of A to {@code topsB[j]}. Rows with equal keys are never paired. When {@code a == b} (the
     * same block) each unordered pair is computed once and offered both ways to {@code topsA}.
     */
    static void nearest(Block a, TopK[] topsA, Block b, TopK[] topsB, Metric metric) {
        boolean same = a == b;
        float[] g = products(a.values, a.size(), b.values, b.size(), a.dim);
        double[] worstB = null;
        if (topsB != null || same) {
            TopK[] tb = same ? topsA : topsB;
            worstB = new double[b.size()];
            for (int j = 0; j < b.size(); j++) {
                worstB[j] = tb[j].worst();
            }
        }
        TopK[] mirror = same ? topsA : topsB;
        int nb = b.size();
        for (int i = 0; i < a.size(); i++) {
            TopK top = topsA[i];
            double worstA = top.worst();
            float ni = a.norms[i];
            int row = i * nb;
            for (int j = same ? i + 1 : 0; j < nb; j++) {
                if (a.keys[i] == b.keys[j]) {
                    continue;
                }
                double screen = ni + b.norms[j] - 2.0 * g[row + j];
                double slack = SLACK * (ni + b.norms[j]);
                boolean forA = screen - slack <= worstA;
                boolean forB = worstB != null && screen - slack <= worstB[j];
                if (!forA && !forB) {
                    continue;
                }
                double exact = FeatureMatrix.rank(a.values, i * a.dim, b.values, j * b.dim, a.dim, metric);
                if (forA) {
                    top.offer(b.keys[j], exact);
                    worstA = top.worst();
                }
                if (forB) {
                    mirror[j].offer(a.keys[i], exact);
                    worstB[j] = mirror[j].worst();
                }
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
