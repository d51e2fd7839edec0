package org.collectiveloss.training;

import java.nio.file.Path;

/**
 * How a trainer runs its epochs, beyond the model itself: validation part, early stopping, checkpoints and
 * resumption.
 *
 * <p>The validation part is split off the training part by a hash of the seed and each row's id, so it is the same
 * for every method and trainer given the seed, and it is excluded from training. It is evaluated in the driver
 * after every epoch, so it must fit in the driver's memory (a few thousand rows is plenty).
 *
 * <p>With a run folder, the trainers write the per-epoch metrics there after every epoch ({@code epochs.csv}).
 * With {@code checkpoints} as well, they also write a checkpoint of the network with its updater state
 * ({@code checkpoint-epoch-NNNN.zip}, DL4J's {@code ModelSerializer} format) and the training state
 * ({@code training-state.properties}); only the latest and the best checkpoints are kept unless
 * {@code keepAllCheckpoints}. With {@code resume}, a trainer given a folder that holds a checkpoint continues from
 * the epoch after it (a finished run is returned at once); the folder's checkpoint must come from the same network
 * configuration, seed, trainer and training part, or the trainer refuses to start.
 *
 * @param validationFraction share of the training part held out for validation, in [0, 0.5]; 0 for none
 * @param earlyStopping      the stopping rule; needs a validation part when enabled
 * @param runDirectory       folder for the metrics (and checkpoints), or null for none
 * @param checkpoints        whether a checkpoint is written after every epoch; needs a run folder
 * @param resume             whether to continue from a checkpoint found in {@code runDirectory}; without it an
 *                           existing checkpoint is an error, so that no run is overwritten by accident
 * @param keepAllCheckpoints whether to keep every epoch's checkpoint rather than the latest and the best
 * @param listener           called after every epoch
 */
public record TrainingOptions(double validationFraction, EarlyStopping earlyStopping, Path runDirectory,
                              boolean checkpoints, boolean resume, boolean keepAllCheckpoints,
                              EpochListener listener) {

    /** No validation, no early stopping, nothing written. */
    public static final TrainingOptions NONE = new TrainingOptions(0.0, EarlyStopping.OFF, null, false, true, false,
        EpochListener.NONE);

    public TrainingOptions {
        if (!(validationFraction >= 0.0 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException("trainer.validation-fraction=" + validationFraction
                + " must lie in [0, 0.5]; 0.1 is usual, 0 turns validation off.");
        }
        if (earlyStopping.enabled() && validationFraction == 0.0) {
            throw new IllegalArgumentException("trainer.early-stopping.patience=" + earlyStopping.patience()
                + " needs a validation part; set trainer.validation-fraction (e.g. 0.1) or patience = 0.");
        }
        if (listener == null) {
            listener = EpochListener.NONE;
        }
    }

    /** These options writing to {@code dir}: the metrics, and the checkpoints if they are on. */
    public TrainingOptions withRunDirectory(Path dir) {
        return new TrainingOptions(validationFraction, earlyStopping, dir, checkpoints, resume, keepAllCheckpoints,
            listener);
    }

    /** These options with checkpoints written to (and resumed from) {@code dir}. */
    public TrainingOptions withCheckpoints(Path dir) {
        return new TrainingOptions(validationFraction, earlyStopping, dir, true, resume, keepAllCheckpoints,
            listener);
    }

    /** These options with {@code l} called after every epoch. */
    public TrainingOptions withListener(EpochListener l) {
        return new TrainingOptions(validationFraction, earlyStopping, runDirectory, checkpoints, resume,
            keepAllCheckpoints, l);
    }

    /** Whether checkpoints are written: asked for and given a folder. */
    boolean writesCheckpoints() {
        return checkpoints && runDirectory != null;
    }
}
