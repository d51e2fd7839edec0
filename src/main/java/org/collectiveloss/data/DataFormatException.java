package org.collectiveloss.data;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Bad input in a data file: the one exception every loader throws for a file it cannot read as declared.
 *
 * <p>The message always names the file, the place in it (a 1-based line for text formats, a 1-based record for
 * IDX files, a 1-based row for Parquet, nothing for problems of the whole file such as an empty file), what is
 * wrong with the value found, and the fix. Loaders never drop input silently: a row that cannot be read stops
 * the load with this exception unless the registry entry sets {@code skip-bad-rows = true}, in which case the row
 * is skipped, counted and its line logged.
 *
 * <p>Problems of the configuration rather than of a file (an unknown data set name, a missing registry key) are
 * reported as {@link IllegalArgumentException} naming the key.
 */
public class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String unit;
    private final long position;
    private final String problem;
    private final String fix;

    private DataFormatException(String file, String unit, long position, String problem, String fix) {
        super(format(file, unit, position, problem, fix));
        this.file = Objects.requireNonNull(file, "file");
        this.unit = unit;
        this.position = position;
        this.problem = Objects.requireNonNull(problem, "problem");
        this.fix = Objects.requireNonNull(fix, "fix");
    }

    /**
     * A problem on one line of a text file.
     *
     * @param file    the file as the user named it
     * @param line    1-based line number
     * @param problem what is wrong, with the offending value
     * @param fix     what the user should do about it
     */
    public static DataFormatException atLine(String file, long line, String problem, String fix) {
        return new DataFormatException(file, "line", line, problem, fix);
    }

    /** A problem in one row of a columnar file (Parquet); {@code row} is 1-based in the order Spark reads. */
    public static DataFormatException atRow(String file, long row, String problem, String fix) {
        return new DataFormatException(file, "row", row, problem, fix);
    }

    /** A problem in one fixed-size record of a binary file (IDX); {@code record} is 1-based. */
    public static DataFormatException atRecord(String file, long record, String problem, String fix) {
        return new DataFormatException(file, "record", record, problem, fix);
    }

    /** A problem of the file as a whole (empty, unreadable, inconsistent header). */
    public static DataFormatException inFile(String file, String problem, String fix) {
        return new DataFormatException(file, null, 0, problem, fix);
    }

    private static String format(String file, String unit, long position, String problem, String fix) {
        String where = unit == null ? file : file + ", " + unit + " " + position;
        return where + ": " + problem + " Fix: " + fix;
    }

    /** The file as the user named it. */
    public String file() {
        return file;
    }

    /** The 1-based line (text), record (IDX) or row (Parquet) of the problem; empty for a problem of the whole file. */
    public OptionalLong line() {
        return unit == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /** What is wrong, without the file name and the fix. */
    public String problem() {
        return problem;
    }

    /** What the user should do. */
    public String fix() {
        return fix;
    }
}
