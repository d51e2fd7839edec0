package org.collectiveloss.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.collectiveloss.experiment.ResultsStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project on a real Spark standalone cluster: {@code submit/local-cluster} starts a master and two workers
 * (separate JVMs, one core each) on 127.0.0.1, experiments are submitted to it through
 * {@code submit/run-experiment} as child processes, exactly as a user would, and compared with the same
 * experiment in local mode.
 *
 * <p>What is asserted and why it can be exact: with two workers the training data are cut into the same two
 * partitions of the same minibatches in local mode and on the cluster (a seeded hash order, range partitioning
 * that does not depend on the executors), each worker fits its partition from the same broadcast parameters,
 * and the average of two parameter vectors does not depend on the order in which the two results arrive
 * (float addition is commutative). Local mode and the cluster therefore give the same parameters to the last
 * bit, and runs.csv the same metrics, on one machine. A killed executor does not change that either: Spark
 * reruns the lost tasks from the same inputs.
 *
 * <p>The cluster uses ports chosen free at start, so that it does not collide with one a developer runs on
 * 7077. It is stopped in {@link #stopCluster()} whatever happened.
 */
class LoopbackClusterTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);
    /** The shortened quickstart: one seed, three epochs, both methods. */
    private static final List<String> QUICKSTART = List.of("quickstart", "--set", "seeds=[1]", "--set",
        "model.epochs=3");
    /** runs.csv columns that must be equal between local mode and the cluster (doubles at full precision). */
    private static final List<String> SAME = List.of("n_train", "n_test", "accuracy", "macro_f1", "log_loss",
        "final_train_loss", "config_hash", "trainer");

    @TempDir
    static Path tmp;

    private static Path stateDir;
    private static String masterUrl;
    private static List<Map<String, String>> localRuns;

    @BeforeAll
    static void startCluster() throws Exception {
        stateDir = tmp.resolve("cluster");
        int[] ports = freePorts();
        masterUrl = "spark://127.0.0.1:" + ports[0];
        Path log = tmp.resolve("cluster-start.log");
        int exit = run(List.of("submit/local-cluster", "start", "--state-dir", stateDir.toString(),
            "--port", Integer.toString(ports[0]), "--webui-port", Integer.toString(ports[1]),
            "--workers", "2", "--cores", "1", "--memory", "2g"), Map.of(), log, Duration.ofMinutes(6));
        assertEquals(0, exit, () -> "submit/local-cluster start failed:\n" + read(log));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (stateDir == null) {
            return;
        }
        Path log = tmp.resolve("cluster-stop.log");
        int exit = run(List.of("submit/local-cluster", "stop", "--state-dir", stateDir.toString()), Map.of(), log,
            Duration.ofMinutes(2));
        assertEquals(0, exit, () -> "submit/local-cluster stop failed:\n" + read(log));
        // The generated SPARK_HOME links to the jars in the Maven repository: remove the links here rather than
        // leave them to the temporary folder's clean-up, which warns about each one.
        Path jars = stateDir.resolve("spark-home/jars");
        if (Files.isDirectory(jars)) {
            try (Stream<Path> links = Files.list(jars)) {
                for (Path link : links.toList()) {
                    Files.delete(link);
                }
            }
        }
        // Nothing the cluster started may survive it: daemons carry the state folder in their command line,
        // executors run in its work folders.
        List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> belongsToCluster(p)).toList();
        assertTrue(left.isEmpty(), () -> "processes left after stop: " + left.stream()
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.joining("\n")));
    }

    @Test
    void statusReportsTheMasterAndBothWorkersAlive() throws Exception {
        Path log = tmp.resolve("status.log");
        int exit = run(List.of("submit/local-cluster", "status", "--state-dir", stateDir.toString()), Map.of(),
            log, Duration.ofMinutes(1));
        String out = read(log);
        assertEquals(0, exit, out);
        assertTrue(out.contains("master: alive"), out);
        assertTrue(out.contains("worker-1: alive") && out.contains("worker-2: alive"), out);
        assertTrue(out.contains("status ALIVE, 2 worker(s) ALIVE"), out);
    }

    @Test
    void quickstartOnTheClusterGivesTheSameResultsAsLocalMode() throws Exception {
        List<Map<String, String>> cluster = quickstart(masterUrl, tmp.resolve("cluster-results"));
        assertSameRuns(localRuns(), cluster);
        for (Map<String, String> run : cluster) {
            assertEquals(masterUrl, run.get("spark_master"));
        }
    }

    @Test
    void runSurvivesAnExecutorKilledDuringTrainingAndRecordsEveryRunOnce() throws Exception {
        Path results = tmp.resolve("fault-results");
        Path log = tmp.resolve("fault-run.log");
        List<String> command = new ArrayList<>(List.of("submit/run-experiment"));
        command.addAll(QUICKSTART);
        command.addAll(List.of("--master", masterUrl, "--results", results.toString()));
        Process driver = start(command, driverEnv(), log);
        try {
            // The first training of the run has started once the trainer logs its plan; its three epochs take
            // seconds, so an executor killed now dies in the middle of DL4J's fit.
            String before = waitForLine(driver, log, "Parameter averaging:", Duration.ofMinutes(6));
            assertFalse(before.contains("epoch 3/3"), "training finished before the executor could be killed");
            ProcessHandle victim = executors(newestApplication()).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no executor of the cluster is running:\n" + read(log)));
            Path victimDir = Files.readSymbolicLink(Path.of("/proc", Long.toString(victim.pid()), "cwd"));
            assertTrue(victim.destroyForcibly(), "could not kill executor " + victim.pid());
            assertTrue(driver.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the run did not finish");
            String out = read(log);
            assertEquals(0, driver.exitValue(), out);
            assertTrue(out.contains("Lost executor"), "the driver never noticed the lost executor:\n" + out);
            // The worker launched a replacement executor for the same application.
            try (Stream<Path> siblings = Files.list(victimDir.getParent())) {
                assertTrue(siblings.count() >= 2, "no replacement executor in " + victimDir.getParent());
            }
        } finally {
            destroyTree(driver);
        }
        List<Map<String, String>> runs = readRuns(results.resolve(ResultsStore.RUNS_CSV));
        Set<String> keys = new HashSet<>();
        for (Map<String, String> run : runs) {
            String key = String.join("/", run.get("dataset"), run.get("method"), run.get("noise_type"),
                run.get("noise"), run.get("seed"), run.get("fold"));
            assertTrue(keys.add(key), "run " + key + " recorded twice");
        }
        // The grid of the shortened quickstart: one data set, one noise setting, one seed, two methods.
        assertEquals(2, keys.size(), keys::toString);
        assertEquals(Set.of("uniform", "entropy"), runs.stream().map(r -> r.get("method")).collect(Collectors.toSet()));
        assertSameRuns(localRuns(), runs);
    }

    @Test
    void trainedParametersAreBitIdenticalInLocalModeAndOnTheCluster() throws Exception {
        Path out = tmp.resolve("probe");
        Path log = tmp.resolve("probe.log");
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(java17Options());
        command.add("-Xmx1g");
        command.add("-Dprobe.executorJavaOptions=" + String.join(" ", java17Options()));
        command.add("-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"));
        command.addAll(List.of("-cp", ROOT.resolve("target/test-classes") + ":" + appJar() + ":"
            + read(ROOT.resolve("target/classpath.txt")).trim()));
        command.addAll(List.of(TrainingProbe.class.getName(), out.toString(), "11", appJar().toString(),
            "local[2]", masterUrl));
        int exit = run(command, Map.of(), log, RUN_TIMEOUT);
        assertEquals(0, exit, () -> "the probe failed:\n" + read(log));

        byte[] local = Files.readAllBytes(out.resolve("params-0.f32"));
        byte[] cluster = Files.readAllBytes(out.resolve("params-1.f32"));
        int expected = 4 * ((TrainingProbe.FEATURES + 1) * 32 + (32 + 1) * TrainingProbe.CLASSES);
        assertEquals(expected, local.length);
        assertArrayEquals(local, cluster, "parameters differ between local mode and the cluster");
        assertEquals(read(out.resolve("losses-0.txt")), read(out.resolve("losses-1.txt")));
    }

    /** The shortened quickstart in local mode with two cores, run once and shared by the tests. */
    private static synchronized List<Map<String, String>> localRuns() throws Exception {
        if (localRuns == null) {
            localRuns = quickstart("local[2]", tmp.resolve("local-results"));
        }
        return localRuns;
    }

    private static List<Map<String, String>> quickstart(String master, Path results) throws Exception {
        List<String> command = new ArrayList<>(List.of("submit/run-experiment"));
        command.addAll(QUICKSTART);
        command.addAll(List.of("--master", master, "--results", results.toString()));
        Path log = results.resolveSibling(results.getFileName() + ".log");
        int exit = run(command, driverEnv(), log, RUN_TIMEOUT);
        assertEquals(0, exit, () -> "run-experiment on " + master + " failed:\n" + read(log));
        List<Map<String, String>> runs = readRuns(results.resolve(ResultsStore.RUNS_CSV));
        assertEquals(2, runs.size(), () -> "runs of " + master + ": " + runs);
        return runs;
    }

    private static void assertSameRuns(List<Map<String, String>> expected, List<Map<String, String>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, String> e = expected.get(i);
            Map<String, String> a = actual.get(i);
            assertEquals(e.get("method"), a.get("method"));
            for (String column : SAME) {
                assertEquals(e.get(column), a.get(column), column + " of " + e.get("method"));
            }
        }
        // The metrics are those of a trained network, not of an untouched one.
        for (Map<String, String> run : actual) {
            assertTrue(Double.parseDouble(run.get("accuracy")) > 0.85, run.toString());
        }
    }

    private static List<Map<String, String>> readRuns(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> runs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            assertEquals(header.length, fields.length, line);
            Map<String, String> run = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                run.put(header[i], fields[i]);
            }
            runs.add(run);
        }
        return runs;
    }

    /** Drivers get a modest heap and no web UI (port 4040 may be taken by another job on this machine). */
    private static Map<String, String> driverEnv() {
        return Map.of("CL_DRIVER_MEMORY", "2g", "JAVA_TOOL_OPTIONS", "-Dspark.ui.enabled=false");
    }

    /** The id of the application the cluster started last (ids are app-TIMESTAMP-SEQUENCE, so they sort). */
    private static String newestApplication() throws IOException {
        try (Stream<Path> apps = Files.list(stateDir.resolve("work")).flatMap(LoopbackClusterTest::list)) {
            return apps.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("app-")).max(String::compareTo)
                .orElseThrow(() -> new AssertionError("no application has run on the cluster"));
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Executor JVMs of one application on this test's cluster: they run in its workers' work folders. */
    private static List<ProcessHandle> executors(String appId) {
        return ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
            .filter(p -> p.info().commandLine().orElse("").contains("--app-id " + appId))
            .filter(p -> workingDirectory(p).map(d -> d.startsWith(stateDir)).orElse(false))
            .toList();
    }

    private static boolean belongsToCluster(ProcessHandle p) {
        String line = p.info().commandLine().orElse("");
        return line.contains("-Dcollectiveloss.localcluster=" + stateDir)
            || line.contains("CoarseGrainedExecutorBackend")
            && workingDirectory(p).map(d -> d.startsWith(stateDir)).orElse(false);
    }

    private static Optional<Path> workingDirectory(ProcessHandle p) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Spark's Java 17 options, as given to this test JVM by Surefire. */
    private static List<String> java17Options() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                || a.startsWith("-Djdk.reflect.useDirectMethodHandle")
                || a.startsWith("-Dorg.deeplearning4j.spark.time.TimeSource"))
            .toList();
    }

    private static Path appJar() {
        return ROOT.resolve("target/collective-loss.jar");
    }

    /** A master port and a web UI port whose next two ports (the workers' UIs) are free as well. */
    private static int[] freePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int master;
            int webui;
            try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                master = a.getLocalPort();
                webui = b.getLocalPort();
            }
            if (webui + 2 < 65536 && isFree(webui + 1) && isFree(webui + 2) && Math.abs(master - webui) > 2) {
                return new int[] {master, webui};
            }
        }
        throw new IllegalStateException("found no free ports on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int run(List<String> command, Map<String, String> env, Path log, Duration timeout)
        throws IOException, InterruptedException {
        Process process = start(command, env, log);
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + read(log));
            }
            return process.exitValue();
        } finally {
            destroyTree(process);
        }
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Waits until {@code log} contains {@code text}; returns the log as it was then. */
    private static String waitForLine(Process process, Path log, String text, Duration timeout)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = read(log);
            if (out.contains(text)) {
                return out;
            }
            if (!process.isAlive()) {
                fail("the run ended before '" + text + "' appeared:\n" + out);
            }
            Thread.sleep(100);
        }
        fail("'" + text + "' did not appear within " + timeout + ":\n" + read(log));
        return "";
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
