package org.collectiveloss.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code model} and {@code trainer} blocks of an experiment configuration (HOCON, resolved over the
 * defaults of {@code reference.conf}, where every key is documented) into typed specifications. It is called once,
 * at the edge, by the experiment configuration; the trainers never see a {@link Config}.
 */
public final class TrainingConfig {

    private TrainingConfig() {
    }

    /**
     * The network of the {@code model} block: {@code type = mlp} or {@code cnn}.
     *
     * @throws IllegalArgumentException naming the key, the bad value and the fix
     */
    public static ModelSpec model(Config model) {
        try {
            OptimiserSpec optimiser = new OptimiserSpec(model.getString("updater"), model.getDouble("learning-rate"),
                model.getString("lr-schedule.type"), model.getDouble("lr-schedule.decay"),
                model.getInt("lr-schedule.step-epochs"), model.getDouble("l2"), model.getInt("epochs"),
                model.getInt("batch-size"));
            LossSpec loss = new LossSpec(model.getString("loss.type"), model.getDouble("loss.gamma"),
                model.getDoubleList("loss.alpha"));
            String type = model.getString("type").toLowerCase(Locale.ROOT);
            return switch (type) {
                case "mlp" -> new MlpSpec(model.getIntList("hidden-layers"), model.getString("activation"),
                    model.getDouble("dropout"), model.getBoolean("batch-norm"), optimiser, loss);
                case "cnn" -> {
                    List<Integer> input = model.getIntList("cnn.input");
                    if (input.size() != 3) {
                        throw new IllegalArgumentException("model.cnn.input=" + input
                            + " must be [height, width, channels], e.g. [28, 28, 1].");
                    }
                    yield new CnnSpec(input.get(0), input.get(1), input.get(2), model.getIntList("cnn.filters"),
                        model.getInt("cnn.kernel-size"), model.getInt("cnn.pool-size"),
                        model.getIntList("cnn.dense-layers"), model.getString("activation"),
                        model.getDouble("dropout"), model.getBoolean("batch-norm"), optimiser, loss);
                }
                default -> throw new IllegalArgumentException("model.type='" + type + "'; use mlp or cnn.");
            };
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Model configuration error: " + e.getMessage(), e);
        }
    }

    /** The parameter-averaging settings of the {@code trainer} block. */
    public static SparkTrainingSpec spark(Config trainer) {
        try {
            return new SparkTrainingSpec(trainer.getInt("workers"), trainer.getInt("averaging-frequency"),
                trainer.getInt("prefetch"), trainer.getString("approach"), trainer.getString("export-directory"),
                trainer.getInt("aggregation-depth"), trainer.getBoolean("save-updater"),
                trainer.getString("storage-level"), trainer.getInt("worker-threads"),
                trainer.getBoolean("collect-stats"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Trainer configuration error: " + e.getMessage(), e);
        }
    }

    /** Validation, early stopping and checkpoints of the {@code trainer} block; no run folder yet. */
    public static TrainingOptions options(Config trainer) {
        try {
            EarlyStopping stopping = new EarlyStopping(trainer.getString("early-stopping.metric"),
                trainer.getInt("early-stopping.patience"), trainer.getDouble("early-stopping.min-delta"),
                trainer.getBoolean("early-stopping.restore-best"));
            return new TrainingOptions(trainer.getDouble("validation-fraction"), stopping, null,
                trainer.getBoolean("checkpoints"), true, trainer.getBoolean("keep-all-checkpoints"),
                EpochListener.NONE);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Trainer configuration error: " + e.getMessage(), e);
        }
    }
}
