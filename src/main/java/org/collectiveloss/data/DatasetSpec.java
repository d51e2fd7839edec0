package org.collectiveloss.data;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One registry entry: where a data set lives, how to read it and where it comes from. Built by
 * {@link DatasetRegistry} from the HOCON registry ({@code conf/datasets.conf}); stages receive it typed and never
 * read configuration files themselves.
 *
 * <p>Paths are Hadoop paths ({@code /local/file}, {@code file:/...}, {@code hdfs://...}) or bundled resources
 * ({@code classpath:datasets/digits.csv.gz}). Several training paths are read in the given order and form one
 * set (segment's challenge and test files); ids then run on across the files. When any training path is missing
 * and {@code fallback-paths} is not empty, the fallback is read instead (digits: the copy bundled in the jar).
 *
 * @param name          registry name, e.g. {@code credit-g}
 * @param description   one line for listings
 * @param format        file format
 * @param paths         training files (for IDX: images file, labels file), read in order
 * @param fallbackPaths read instead of {@code paths} when one of those does not exist; may be empty
 * @param testPaths     the published fixed test part (same layout as {@code paths}); empty when the set has none
 * @param classColumn   the class attribute or column; empty means the format's default (the last column for
 *                      ARFF and headerless CSV)
 * @param debianPackage the Debian package that installs the files, if any
 * @param licence       licence of the data, as the publisher states it
 * @param skipBadRows   skip rows that cannot be read, counting and logging them, instead of failing
 * @param options       format options, see {@link DataFormat}
 */
public record DatasetSpec(String name, String description, DataFormat format, List<String> paths,
                          List<String> fallbackPaths, List<String> testPaths, Optional<String> classColumn,
                          Optional<String> debianPackage, String licence, boolean skipBadRows, Config options) {

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(format, "format");
        paths = List.copyOf(paths);
        fallbackPaths = List.copyOf(fallbackPaths);
        testPaths = List.copyOf(testPaths);
        Objects.requireNonNull(classColumn, "classColumn");
        Objects.requireNonNull(debianPackage, "debianPackage");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(options, "options");
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("datasets." + name + ".paths is empty; list at least one file.");
        }
        if (format == DataFormat.IDX) {
            requirePair(name, "paths", paths);
            if (!fallbackPaths.isEmpty()) {
                requirePair(name, "fallback-paths", fallbackPaths);
            }
            if (!testPaths.isEmpty()) {
                requirePair(name, "test-paths", testPaths);
            }
        }
        for (String key : options.root().keySet()) {
            if (!format.options().contains(key)) {
                throw new IllegalArgumentException("datasets." + name + ".options." + key + " is not an option of "
                    + "format " + format + "; known options: " + format.options() + ".");
            }
        }
    }

    private static void requirePair(String name, String key, List<String> files) {
        if (files.size() != 2) {
            throw new IllegalArgumentException("datasets." + name + "." + key + " has " + files.size()
                + " entries " + files + "; an IDX set needs exactly two: the images file, then the labels file.");
        }
    }

    /** Whether the set has a published test part that splitting must leave as it is. */
    public boolean hasFixedTest() {
        return !testPaths.isEmpty();
    }
}
