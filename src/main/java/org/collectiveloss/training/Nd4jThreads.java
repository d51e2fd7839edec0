package org.collectiveloss.training;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The number of threads ND4J uses for one operation: libnd4j's own parallel loops and OpenBLAS's matrix products.
 * Both are process-wide settings; ND4J 1.0.0-M2.1 reads {@code OMP_NUM_THREADS} at start-up and otherwise uses all
 * cores, and honours these setters at any time afterwards.
 */
public final class Nd4jThreads {

    private Nd4jThreads() {
    }

    /** The current setting: libnd4j's maximum threads per operation. */
    public static int get() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /**
     * Sets libnd4j's and OpenBLAS's threads per operation.
     *
     * @param threads at least 1
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ND4J threads=" + threads + " must be at least 1.");
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
