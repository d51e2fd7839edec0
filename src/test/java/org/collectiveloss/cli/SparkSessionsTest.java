package org.collectiveloss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

    @Test
    void localModeSkipsBroadcastCompressionUnlessTheUserSetIt() {
        SparkConf none = SparkSessions.conf(new SparkConf(false), "job");
        assertEquals("local[*]", none.get("spark.master"));
        assertEquals("job", none.get("spark.app.name"));
        assertEquals("false", none.get("spark.broadcast.compress"));

        SparkConf chosen = SparkSessions.conf(new SparkConf(false).setMaster("local[2]")
            .set("spark.broadcast.compress", "true"), "job");
        assertEquals("true", chosen.get("spark.broadcast.compress"));

        // On a cluster broadcasts cross the network: Spark's default (compressed) stays.
        SparkConf cluster = SparkSessions.conf(new SparkConf(false).setMaster("spark://host:7077"), "job");
        assertFalse(cluster.contains("spark.broadcast.compress"));
    }
}
