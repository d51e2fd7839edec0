package org.collectiveloss.training;

/**
 * Called by the trainers after each epoch, once the epoch's checkpoint (if any) is written. An exception thrown
 * here ends the training as a crash would: the run folder then holds everything needed to resume.
 */
@FunctionalInterface
public interface EpochListener {

    /** Does nothing. */
    EpochListener NONE = m -> { };

    void onEpochEnd(EpochMetrics metrics);
}
