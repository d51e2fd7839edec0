package org.collectiveloss.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines that {@code submit/cluster/*-submit} hand to spark-submit (through their {@code --dry-run}),
 * and the argument checks of those scripts and of {@code submit/local-cluster}. YARN and Kubernetes cannot be
 * reached from a test; what can be checked is that each option becomes the documented Spark flag or property.
 */
class ClusterScriptsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void yarnClusterModeWithGpusAsksForGpusShipsTheConfigAndUsesTheCudaJar() throws Exception {
        Result r = run("submit/cluster/yarn-submit", "quickstart", "--deploy-mode", "cluster", "--num-executors", "4",
            "--executor-cores", "2", "--executor-memory", "6g", "--gpus", "2", "--event-log", "hdfs:///spark-logs",
            "--results", "/mnt/shared/q", "--queue", "research", "--set", "seeds=[1]", "--dry-run");
        assertEquals(0, r.exit, r.out);
        List<String> args = r.lines();
        assertPair(args, "--master", "yarn");
        assertPair(args, "--deploy-mode", "cluster");
        assertPair(args, "--queue", "research");
        assertPair(args, "--properties-file", ROOT.resolve("conf/spark/yarn/spark-defaults.conf").toString());
        assertConf(args, "spark.executor.instances=4");
        assertConf(args, "spark.executor.cores=2");
        assertConf(args, "spark.executor.memory=6g");
        assertConf(args, "spark.executor.resource.gpu.amount=2");
        // Two GPUs for two cores: one GPU per task.
        assertConf(args, "spark.task.resource.gpu.amount=1");
        assertConf(args, "spark.eventLog.enabled=true");
        assertConf(args, "spark.eventLog.dir=hdfs:///spark-logs");
        assertPair(args, "--files", ROOT.resolve("conf/experiments/quickstart.conf") + ","
            + ROOT.resolve("conf/datasets.conf"));
        assertConf(args, "spark.yarn.appMasterEnv.CL_DATASETS_CONF=datasets.conf");
        assertConf(args, "spark.executorEnv.OMP_WAIT_POLICY=PASSIVE");
        assertTrue(args.contains(ROOT.resolve("target/collective-loss-cluster-cuda.jar").toString()), r.out);
        assertEquals(List.of("org.collectiveloss.cli.Main"), after(args, "--class", 1));
        assertEquals(List.of("run-experiment", "quickstart", "--config-dir", ".", "--results", "/mnt/shared/q",
            "--set", "seeds=[1]"), args.subList(args.indexOf("run-experiment"), args.size()));
        assertTrue(args.stream().anyMatch(a -> a.startsWith("spark.executor.extraJavaOptions=")
            && a.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")), r.out);
    }

    @Test
    void standaloneClientModeCapsCoresAndReadsConfigsAndResultsLocally() throws Exception {
        Result r = run("submit/cluster/standalone-submit", "quickstart", "--master", "spark://m.example.org:7077",
            "--num-executors", "3", "--executor-cores", "2", "--dry-run");
        assertEquals(0, r.exit, r.out);
        List<String> args = r.lines();
        assertPair(args, "--deploy-mode", "client");
        assertConf(args, "spark.cores.max=6");
        assertFalse(args.stream().anyMatch(a -> a.startsWith("spark.executor.resource.gpu")), r.out);
        assertTrue(args.contains(ROOT.resolve("target/collective-loss-cluster.jar").toString()), r.out);
        assertPair(args, "--config-dir", ROOT.resolve("conf/experiments").toString());
        assertPair(args, "--results", ROOT.resolve("results/quickstart").toString());
    }

    @Test
    void kubernetesRunsTheJarInsideTheImageInClusterMode() throws Exception {
        Result r = run("submit/cluster/k8s-submit", "quickstart", "--master", "k8s://https://api.example.org:6443",
            "--image", "registry.example.org/collective-loss:1", "--results", "/results/q", "--gpus", "1",
            "--dry-run");
        assertEquals(0, r.exit, r.out);
        List<String> args = r.lines();
        assertPair(args, "--deploy-mode", "cluster");
        assertConf(args, "spark.kubernetes.container.image=registry.example.org/collective-loss:1");
        assertConf(args, "spark.executor.resource.gpu.vendor=nvidia.com");
        assertConf(args, "spark.executor.resource.gpu.discoveryScript="
            + "/opt/spark/examples/src/main/scripts/getGpusResources.sh");
        assertTrue(args.contains("local:///opt/collective-loss/collective-loss-cluster-cuda.jar"), r.out);
        assertPair(args, "--config-dir", "/opt/collective-loss/conf/experiments");
        assertConf(args, "spark.kubernetes.driverEnv.CL_DATASETS_CONF=/opt/collective-loss/conf/datasets.conf");
    }

    @Test
    void badArgumentsGetOneErrorNamingTheOptionAndTheFix() throws Exception {
        Result noImage = run("submit/cluster/k8s-submit", "quickstart", "--master", "k8s://https://a:6443",
            "--results", "/r", "--dry-run");
        assertEquals(2, noImage.exit);
        assertTrue(noImage.out.contains("--image is needed"), noImage.out);

        Result noResults = run("submit/cluster/k8s-submit", "quickstart", "--master", "k8s://https://a:6443",
            "--image", "i", "--dry-run");
        assertEquals(2, noResults.exit);
        assertTrue(noResults.out.contains("in cluster deploy mode give --results"), noResults.out);

        Result badCount = run("submit/cluster/standalone-submit", "quickstart", "--master", "spark://h:7077",
            "--num-executors", "two", "--dry-run");
        assertEquals(2, badCount.exit);
        assertTrue(badCount.out.contains("--num-executors must be a whole number, not 'two'"), badCount.out);

        Result badMaster = run("submit/cluster/standalone-submit", "quickstart", "--master", "yarn", "--dry-run");
        assertEquals(2, badMaster.exit);
        assertTrue(badMaster.out.contains("spark://host:7077"), badMaster.out);

        Result unknown = run("submit/cluster/yarn-submit", "no-such-experiment", "--dry-run");
        assertEquals(2, unknown.exit);
        assertTrue(unknown.out.contains("conf/experiments/no-such-experiment.conf")
            && unknown.out.contains("quickstart"), unknown.out);
    }

    @Test
    void localClusterReportsAStoppedClusterAndRejectsBadOptionsBeforeStartingAnything(@TempDir Path state)
        throws Exception {
        Result status = run("submit/local-cluster", "status", "--state-dir", state.toString());
        assertEquals(3, status.exit, status.out);
        Result stop = run("submit/local-cluster", "stop", "--state-dir", state.toString());
        assertEquals(0, stop.exit, stop.out);
        assertTrue(stop.out.contains("no cluster"), stop.out);
        Result badMemory = run("submit/local-cluster", "start", "--state-dir", state.toString(), "--memory", "lots");
        assertEquals(2, badMemory.exit);
        assertTrue(badMemory.out.contains("--memory must be a size such as 3g"), badMemory.out);
        Result badCommand = run("submit/local-cluster", "restart");
        assertEquals(2, badCommand.exit);
        assertTrue(badCommand.out.contains("use start, stop or status"), badCommand.out);
    }

    private static void assertPair(List<String> args, String flag, String value) {
        int i = args.indexOf(flag);
        assertTrue(i >= 0 && i + 1 < args.size(), flag + " missing from " + args);
        assertEquals(value, args.get(i + 1), flag);
    }

    private static void assertConf(List<String> args, String keyValue) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--conf") && args.get(i + 1).equals(keyValue)) {
                return;
            }
        }
        throw new AssertionError("--conf " + keyValue + " missing from " + args);
    }

    private static List<String> after(List<String> args, String flag, int count) {
        int i = args.indexOf(flag);
        return args.subList(i + 1, i + 1 + count);
    }

    private record Result(int exit, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(ROOT.toFile())
            .redirectErrorStream(true);
        // No Spark installation: --dry-run prints plain spark-submit.
        builder.environment().remove("SPARK_HOME");
        builder.environment().remove("OMP_WAIT_POLICY");
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
