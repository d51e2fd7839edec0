package org.collectiveloss.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The file formats the data stage reads, each with the registry options it understands.
 *
 * <p>Options every format accepts: {@code keep-empty-classes} (keep declared classes that have no rows) and
 * {@code pair-flip} (the class map for pair-flip label noise, see {@link LabelNoise}). Every format but ARFF,
 * whose header declares the classes, also accepts {@code classes}: the class names in label-index order. The
 * format-specific ones are listed with each constant.
 */
public enum DataFormat {

    /**
     * IDX, the binary format of MNIST and Fashion-MNIST, gzip-compressed or not. {@code paths} is the pair
     * (images file, labels file). No format options.
     */
    IDX("classes"),
    /**
     * Weka's ARFF: numeric and nominal attributes, {@code ?} for a missing value. Options: {@code drop-columns}
     * (attributes to leave out, e.g. identifiers).
     */
    ARFF("drop-columns"),
    /**
     * Comma-separated values. Options: {@code header} ({@code names}: first line holds column names, the
     * default; {@code sklearn}: scikit-learn's first line {@code rows,features,class names...}; {@code none}),
     * {@code delimiter} (one character, default comma), {@code missing-values} (tokens read as missing, default
     * empty, {@code ?}, {@code NA}, {@code NaN}) and {@code drop-columns}.
     */
    CSV("classes", "header", "delimiter", "missing-values", "drop-columns"),
    /** LibSVM / SVMlight sparse text. Options: {@code num-features} (default: the largest index seen). */
    LIBSVM("classes", "num-features"),
    /**
     * Apache Parquet. Options: {@code features-column} (a column that already holds ML vectors; default: every
     * numeric column other than the class column) and {@code drop-columns}.
     */
    PARQUET("classes", "features-column", "drop-columns");

    private final Set<String> options;

    DataFormat(String... specific) {
        Set<String> all = new TreeSet<>(List.of("keep-empty-classes", "pair-flip"));
        all.addAll(Arrays.asList(specific));
        this.options = Set.copyOf(all);
    }

    /** The option names this format accepts under a registry entry's {@code options}. */
    public Set<String> options() {
        return options;
    }

    /**
     * The format named {@code text}, case-insensitive.
     *
     * @param text  e.g. {@code arff}
     * @param where the configuration key it came from, for the error message
     * @throws IllegalArgumentException naming the key, the value and the known formats
     */
    public static DataFormat parse(String text, String where) {
        for (DataFormat f : values()) {
            if (f.name().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException(where + " = '" + text + "' is not a known format; use one of "
            + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
            + ".");
    }
}
