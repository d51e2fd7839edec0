package org.collectiveloss.graph;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Wall time, CPU time and garbage-collection time of this JVM since a start, for the stage log lines. On a
 * shared machine the two differ: CPU seconds over the cores in use tell what a stage would take with the
 * machine to itself. In Spark's local mode the executors' work is in this JVM's CPU time; on a cluster it is
 * not.
 */
public final class StageClock {

    private final long wallStart;
    private final long cpuStart;
    private final long gcStart;

    private StageClock() {
        this.wallStart = System.nanoTime();
        this.cpuStart = processCpuNanos();
        this.gcStart = gcMillis();
    }

    /** A clock started now. */
    public static StageClock start() {
        return new StageClock();
    }

    /** Wall seconds since the start. */
    public double seconds() {
        return (System.nanoTime() - wallStart) / 1e9;
    }

    /** CPU seconds of this JVM since the start, or NaN where the JVM does not report them. */
    public double cpuSeconds() {
        long now = processCpuNanos();
        return now < 0 || cpuStart < 0 ? Double.NaN : (now - cpuStart) / 1e9;
    }

    /** Seconds this JVM's garbage collectors reported since the start. */
    public double gcSeconds() {
        return (gcMillis() - gcStart) / 1e3;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f s, %.2f cpu-s, %.2f gc-s", seconds(), cpuSeconds(), gcSeconds());
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
