package org.collectiveloss.training;

/**
 * Settings of DL4J's parameter averaging on Spark ({@code ParameterAveragingTrainingMaster}).
 *
 * <p>One averaging round has each of {@code workers} workers fit {@code averagingFrequency} minibatches from the
 * same starting parameters; the driver then averages their parameters (and updater states). Rounds are where the
 * overhead lies (a Spark job each), so a larger {@code averagingFrequency} trades statistical efficiency for
 * speed; 5 to 10 is the usual range.
 *
 * @param workers            parallel workers; the number of executor cores available to training
 * @param averagingFrequency minibatches each worker fits between two averagings, at least 1
 * @param prefetch           minibatches prefetched asynchronously by each worker, 0 to turn it off
 */
public record SparkTrainingSpec(int workers, int averagingFrequency, int prefetch) {

    public SparkTrainingSpec {
        if (workers < 1) {
            throw new IllegalArgumentException("trainer.workers=" + workers + " must be at least 1.");
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("trainer.averaging-frequency=" + averagingFrequency
                + " must be at least 1 (5 is a common choice).");
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("trainer.prefetch=" + prefetch + " must be >= 0.");
        }
    }
}
