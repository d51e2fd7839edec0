package org.collectiveloss.graph;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jBlas;

/**
 * The number of threads ND4J's BLAS (OpenBLAS on the CPU) uses per product. Inside a Spark task it should be 1:
 * the executor already runs one task per core, and two tasks each starting a thread per core oversubscribe the
 * cores (measured here: two concurrent 2048-row float products ran 1.6 times faster with one BLAS thread each
 * than with the default). The setting is per JVM; the builders set it in their tasks and the driver restores
 * the previous value when a build ends, which in local mode (driver and executor in one JVM) leaves later
 * stages, such as training, as they were.
 */
final class BlasThreads {

    private BlasThreads() {
    }

    /** The current setting, or -1 when the backend has no such setting. */
    static int current() {
        Object blas = Nd4j.factory().blas();
        return blas instanceof Nd4jBlas b ? b.getMaxThreads() : -1;
    }

    /** Sets the number of BLAS threads; ignored for -1 or a backend without the setting. */
    static void set(int threads) {
        Object blas = Nd4j.factory().blas();
        if (threads > 0 && blas instanceof Nd4jBlas b && b.getMaxThreads() != threads) {
            b.setMaxThreads(threads);
        }
    }

    /** One BLAS thread: for use inside Spark tasks. */
    static void oneInTask() {
        set(1);
    }
}
