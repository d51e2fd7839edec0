package org.collectiveloss.training;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of threads ND4J uses for one operation: libnd4j's own parallel loops and OpenBLAS's matrix products.
 * Both are process-wide settings; ND4J 1.0.0-M2.1 reads {@code OMP_NUM_THREADS} at start-up and otherwise uses all
 * cores, and honours these setters at any time afterwards.
 *
 * <p>libnd4j's parallel loops run on OpenMP (GNU libgomp), whose idle threads by default spin for a while before
 * they sleep. On a machine whose cores are shared with other processes, or with more busy threads than cores (two
 * Spark workers each running two ND4J threads on two cores), the spinning threads take the cores the working ones
 * need. On a 2-core machine shared with other work, one epoch of an MLP 784-256-128-10 on Fashion-MNIST in one
 * process took 114 s with spinning threads and 4.3 s with {@code OMP_WAIT_POLICY=PASSIVE}; passive waiting was the
 * faster in every measurement made here, at load averages from 1 to 14 (6.7 s against 4.2 s at the lowest). libgomp
 * reads the variable only when the JVM starts, so it is set by the launch scripts ({@code submit/}) and, for
 * executors, by {@code spark.executorEnv.OMP_WAIT_POLICY}.
 */
public final class Nd4jThreads {

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jThreads.class);
    private static volatile boolean waitPolicyLogged;

    private Nd4jThreads() {
    }

    /** Logs once per JVM whether OpenMP's idle threads spin, with the remedy when they do. */
    static void logWaitPolicy() {
        if (waitPolicyLogged) {
            return;
        }
        waitPolicyLogged = true;
        String policy = System.getenv("OMP_WAIT_POLICY");
        if (policy == null || !policy.equalsIgnoreCase("passive")) {
            LOG.warn("OMP_WAIT_POLICY is {}: ND4J's idle OpenMP threads spin, which slows training many times over"
                + " when other work shares the cores; start the JVM with OMP_WAIT_POLICY=PASSIVE (the submit/"
                + " scripts do)", policy == null ? "unset" : policy);
        }
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
