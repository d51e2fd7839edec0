package org.collectiveloss.training;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The checkpoints of one training run in its folder: one network per epoch with its updater state, and a small
 * state file that says which epoch is the latest, which is the best, and what produced them. Every file is written
 * to a temporary name and then renamed, so a crash while writing leaves the previous checkpoint intact.
 */
final class Checkpoints {

    static final String STATE_FILE = "training-state.properties";
    static final String METRICS_FILE = "epochs.csv";

    private final Path dir;
    private final boolean keepAll;

    Checkpoints(Path dir, boolean keepAll) {
        this.dir = dir;
        this.keepAll = keepAll;
    }

    /**
     * What a run has reached.
     *
     * @param epoch         the latest finished epoch, whose checkpoint exists
     * @param bestEpoch     the best epoch so far, whose checkpoint exists
     * @param bestValue     its validation metric (NaN without validation)
     * @param finished      whether the run ended (all epochs run or stopped early)
     * @param stoppedEarly  whether early stopping ended it
     * @param fingerprint   what must match to resume: configuration hash, seed, trainer, training-part size
     * @param history       the metrics of epochs 1..epoch
     */
    record State(int epoch, int bestEpoch, double bestValue, boolean finished, boolean stoppedEarly,
                 String fingerprint, List<EpochMetrics> history) {
    }

    Path directory() {
        return dir;
    }

    Path checkpointFile(int epoch) {
        return dir.resolve(String.format(Locale.ROOT, "checkpoint-epoch-%04d.zip", epoch));
    }

    /** The saved state, if the folder holds one. */
    Optional<State> latest() {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            int epoch = Integer.parseInt(p.getProperty("epoch"));
            List<EpochMetrics> history = new ArrayList<>();
            for (int e = 1; e <= epoch; e++) {
                history.add(EpochMetrics.fromCsv(p.getProperty("metrics." + e)));
            }
            return Optional.of(new State(epoch, Integer.parseInt(p.getProperty("best-epoch")),
                Double.parseDouble(p.getProperty("best-value")), Boolean.parseBoolean(p.getProperty("finished")),
                Boolean.parseBoolean(p.getProperty("stopped-early")), p.getProperty("fingerprint"), history));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the training state " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The training state " + file + " is damaged (" + e.getMessage()
                + "); delete the run folder " + dir + " to start the run afresh.", e);
        }
    }

    /** Writes the network of {@code state.epoch()}, then the state and the metrics, then prunes old checkpoints. */
    void save(MultiLayerNetwork net, State state) {
        try {
            Files.createDirectories(dir);
            Path target = checkpointFile(state.epoch());
            Path tmp = dir.resolve(target.getFileName() + ".tmp");
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            move(tmp, target);

            Properties p = new Properties();
            p.setProperty("epoch", Integer.toString(state.epoch()));
            p.setProperty("best-epoch", Integer.toString(state.bestEpoch()));
            p.setProperty("best-value", Double.toString(state.bestValue()));
            p.setProperty("finished", Boolean.toString(state.finished()));
            p.setProperty("stopped-early", Boolean.toString(state.stoppedEarly()));
            p.setProperty("fingerprint", state.fingerprint());
            for (EpochMetrics m : state.history()) {
                p.setProperty("metrics." + m.epoch(), m.toCsv());
            }
            Path stateTmp = dir.resolve(STATE_FILE + ".tmp");
            try (Writer out = Files.newBufferedWriter(stateTmp, StandardCharsets.UTF_8)) {
                p.store(out, "Training state; checkpoint-epoch-NNNN.zip files hold the networks");
            }
            move(stateTmp, dir.resolve(STATE_FILE));

            writeMetrics(state.history());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint of epoch " + state.epoch() + " to " + dir, e);
        }
        if (!keepAll) {
            prune(state.epoch(), state.bestEpoch());
        }
    }

    /** Writes the per-epoch metrics alone ({@code epochs.csv}), for runs without checkpoints. */
    void saveMetrics(List<EpochMetrics> history) {
        try {
            Files.createDirectories(dir);
            writeMetrics(history);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the epoch metrics to " + dir, e);
        }
    }

    private void writeMetrics(List<EpochMetrics> history) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(EpochMetrics.CSV_HEADER);
        history.forEach(m -> lines.add(m.toCsv()));
        Path csvTmp = dir.resolve(METRICS_FILE + ".tmp");
        Files.write(csvTmp, lines, StandardCharsets.UTF_8);
        move(csvTmp, dir.resolve(METRICS_FILE));
    }

    /** Loads the network of {@code epoch} with its updater state. */
    MultiLayerNetwork load(int epoch) {
        Path file = checkpointFile(epoch);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the checkpoint " + file + " (" + e.getMessage()
                + "); delete the run folder " + dir + " to start the run afresh.", e);
        }
    }

    /**
     * What must be equal for a checkpoint to be resumed: the network configuration (without its iteration and
     * epoch counters), the seed, the trainer and the training part's size.
     */
    static String fingerprint(MultiLayerConfiguration conf, long seed, String trainer, long trainExamples) {
        MultiLayerConfiguration copy = conf.clone();
        copy.setIterationCount(0);
        copy.setEpochCount(0);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(copy.toJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8) + " seed=" + seed + " trainer=" + trainer
                + " examples=" + trainExamples;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private void prune(int latest, int best) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "checkpoint-epoch-*.zip")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int epoch = Integer.parseInt(name.substring("checkpoint-epoch-".length(), name.length() - 4));
                if (epoch != latest && epoch != best) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prune old checkpoints in " + dir, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
