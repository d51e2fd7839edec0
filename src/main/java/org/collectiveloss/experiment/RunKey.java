package org.collectiveloss.experiment;

import java.util.Locale;

/**
 * The coordinates of one run in an experiment's grid; a resumed experiment skips the keys already in its results.
 * The noise rate is compared at six significant digits; {@code fold} is 0 for a holdout split.
 */
public record RunKey(String dataset, String method, String noiseType, String noise, long seed, int fold) {

    /** A key with the noise rate formatted as in {@code runs.csv}. */
    public static RunKey of(String dataset, String method, String noiseType, double noise, long seed, int fold) {
        return new RunKey(dataset, method, noiseType, String.format(Locale.ROOT, "%.6g", noise), seed, fold);
    }

    @Override
    public String toString() {
        return dataset + "/" + method + "/" + noiseType + "=" + noise + "/seed " + seed + "/fold " + fold;
    }
}
