package org.collectiveloss.weights;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an instance's neighbourhood becomes its raw loss weight, before the floor and the rescaling to mean 1.
 */
public enum WeightScheme {
    /** Every instance weighs 1: plain cross-entropy, the baseline. */
    UNIFORM("uniform"),
    /** {@code 1 - H / ln C}, H the neighbourhood's class entropy: the collective loss as first proposed. */
    ENTROPY("entropy");

    private final String configName;

    WeightScheme(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files and result tables. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name such as {@code entropy}. */
    public static WeightScheme fromName(String name) {
        for (WeightScheme s : values()) {
            if (s.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown weighting scheme '" + name + "'; use one of "
            + Arrays.stream(values()).map(WeightScheme::configName).toList() + ".");
    }
}
