package org.collectiveloss.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Obtains the SparkSession of a job: the master comes from spark-submit, {@code local[*]} when none was given. */
public final class SparkSessions {

    private SparkSessions() {
    }

    public static SparkSession getOrCreate(String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
