package org.collectiveloss.data;

import java.io.Serializable;

/** Parses one line of a text data file; runs inside Spark tasks, hence serializable. */
@FunctionalInterface
interface LineParser extends Serializable {

    /**
     * @param text the line without its line break
     * @param line its 1-based line number
     * @return the parsed row, a {@link ParsedRow#bad} row, or {@code null} for a line that holds no row
     *     (blank, comment)
     */
    ParsedRow parse(String text, long line);
}
