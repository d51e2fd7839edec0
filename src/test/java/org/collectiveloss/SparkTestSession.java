package org.collectiveloss;

import org.apache.spark.sql.SparkSession;

/**
 * The local Spark session the tests share: two cores, no UI, few shuffle partitions. Test classes call
 * {@link #get()} and leave stopping to the JVM's exit, so that one session serves the whole test run.
 */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                .master("local[2]")
                .appName("collective-loss tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        }
        return session;
    }
}
