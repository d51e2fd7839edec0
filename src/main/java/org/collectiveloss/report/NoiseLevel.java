package org.collectiveloss.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;

/**
 * A label-noise condition of the grid: the kind of noise ({@code noise_type}, e.g. {@code none} or
 * {@code symmetric}) and its rate ({@code noise}, the share of training labels changed).
 *
 * @param type kind of noise
 * @param rate share of flipped labels in [0, 1]
 */
public record NoiseLevel(String type, double rate) implements Comparable<NoiseLevel> {

    private static final Comparator<NoiseLevel> ORDER =
        Comparator.comparing(NoiseLevel::type).thenComparingDouble(NoiseLevel::rate);

    /** The rate without trailing zeros, e.g. {@code 0.2}. */
    public String rateText() {
        return BigDecimal.valueOf(rate).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** A short label, e.g. {@code symmetric 0.2}; {@code none} for clean runs of type {@code none}. */
    public String label() {
        return type.equals("none") && rate == 0.0 ? "none" : type + " " + rateText();
    }

    @Override
    public int compareTo(NoiseLevel other) {
        return ORDER.compare(this, other);
    }
}
