package org.collectiveloss.graph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The products of a block of rows with itself, {@code a · aᵀ}, through OpenBLAS's {@code ssyrk}, which computes
 * one triangle: half the multiply-adds of the general product that ND4J's {@code gemm} would do. The LSH graph
 * builder compares every bucket with itself, so this halves the cost of its largest stage. The rows are copied
 * from the Java array straight into a direct buffer that each thread keeps, so a bucket costs one copy.
 *
 * <p>OpenBLAS is the library under ND4J's CPU backend, and its thread setting ({@link BlasThreads}) applies here
 * too. With another backend (CUDA) the native library is absent; {@link #available()} is then false and callers
 * use ND4J's product instead.
 */
final class SymmetricProducts {

    private static final Logger LOG = LoggerFactory.getLogger(SymmetricProducts.class);
    private static final int ROW_MAJOR = 101;
    private static final int UPPER = 121;
    private static final int NO_TRANS = 111;
    /** Per-thread direct buffers for the rows and the products, grown on demand and kept for the next call. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    private static final boolean AVAILABLE = probe();

    private SymmetricProducts() {
    }

    /** Whether OpenBLAS can be called directly: ND4J runs on its CPU backend and the library loads. */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * The upper triangle of {@code a · aᵀ} (row-major {@code n × n}, entries below the diagonal undefined), where
     * {@code a} holds the {@code n} rows {@code rows} of the row-major matrix {@code values} with {@code dim}
     * columns.
     *
     * @throws IllegalStateException if {@link #available()} is false
     */
    static float[] gramOfRows(float[] values, int dim, int[] rows) {
        if (!AVAILABLE) {
            throw new IllegalStateException("OpenBLAS is not available under this ND4J backend; use gemm.");
        }
        return compute(values, dim, rows);
    }

    private static float[] compute(float[] values, int dim, int[] rows) {
        int n = rows.length;
        Buffers buffers = BUFFERS.get();
        FloatBuffer a = buffers.rows(Math.multiplyExact(n, dim));
        FloatBuffer c = buffers.products(Math.multiplyExact(n, n));
        for (int i = 0; i < n; i++) {
            a.put(i * dim, values, rows[i] * dim, dim);
        }
        openblas_nolapack.cblas_ssyrk(ROW_MAJOR, UPPER, NO_TRANS, n, dim, 1.0f, a, dim, 0.0f, c, n);
        float[] out = new float[n * n];
        c.get(0, out);
        return out;
    }

    private static boolean probe() {
        String backend = Nd4j.getBackend().getClass().getName();
        if (!backend.contains("CpuBackend")) {
            LOG.info("ND4J backend {}: products of a block with itself through ND4J's gemm", backend);
            return false;
        }
        try {
            float[] g = compute(new float[] {1.0f, 2.0f, 3.0f, 4.0f}, 2, new int[] {0, 1});
            return g[0] == 5.0f && g[1] == 11.0f && g[3] == 25.0f;
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("OpenBLAS cannot be called directly ({}); products of a block with itself go through ND4J's"
                + " gemm", e.toString());
            return false;
        }
    }

    /** One thread's direct (native) buffers, which OpenBLAS reads and writes in place. */
    private static final class Buffers {
        private FloatBuffer rows = direct(0);
        private FloatBuffer products = direct(0);

        FloatBuffer rows(int size) {
            if (rows.capacity() < size) {
                rows = direct(size);
            }
            return rows;
        }

        FloatBuffer products(int size) {
            if (products.capacity() < size) {
                products = direct(size);
            }
            return products;
        }

        private static FloatBuffer direct(int size) {
            return ByteBuffer.allocateDirect(Math.multiplyExact(size, Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        }
    }
}
