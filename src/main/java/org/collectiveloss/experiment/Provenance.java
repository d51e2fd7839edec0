package org.collectiveloss.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * Where and with what a run was computed, recorded beside its metrics so that a published number can be traced to
 * its software and machine.
 *
 * @param javaVersion  {@code java.version} of the driver
 * @param sparkVersion the running Spark's version
 * @param dl4jVersion  the version of the DL4J jar on the class path ({@code unknown} if it cannot be read)
 * @param host         the driver's host name
 * @param cores        the driver machine's available processors
 */
public record Provenance(String javaVersion, String sparkVersion, String dl4jVersion, String host, int cores) {

    /** Collects the provenance of the current process. */
    public static Provenance collect(SparkSession spark) {
        return new Provenance(System.getProperty("java.version"), spark.version(),
            mavenVersion("org.deeplearning4j", "deeplearning4j-nn"), hostName(),
            Runtime.getRuntime().availableProcessors());
    }

    private static String mavenVersion(String group, String artifact) {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
