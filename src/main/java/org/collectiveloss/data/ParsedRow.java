package org.collectiveloss.data;

import java.io.Serializable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * One data line of a text file after parsing: either a row (features and the raw class value) or the reason it
 * could not be read. Bad lines are carried as values rather than thrown, so that a scan can count them all and
 * report the first by line number.
 */
final class ParsedRow implements Serializable {

    private static final long serialVersionUID = 1L;

    final long line;
    final double[] values;
    final int[] indices;
    final String label;
    final String problem;
    final String fix;
    final int missing;
    final int size;

    private ParsedRow(long line, double[] values, int[] indices, String label, String problem, String fix,
                      int missing, int size) {
        this.line = line;
        this.values = values;
        this.indices = indices;
        this.label = label;
        this.problem = problem;
        this.fix = fix;
        this.missing = missing;
        this.size = size;
    }

    /** A dense row; {@code missing} is the number of NaN entries it holds. */
    static ParsedRow dense(long line, double[] values, String label, int missing) {
        return new ParsedRow(line, values, null, label, null, null, missing, values.length);
    }

    /**
     * A sparse row with 0-based ascending {@code indices}; {@code size} is the vector length when the source
     * states one, else -1 (the width is then fixed by the largest index over all rows).
     */
    static ParsedRow sparse(long line, int[] indices, double[] values, String label, int size) {
        int missing = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                missing++;
            }
        }
        return new ParsedRow(line, values, indices, label, null, null, missing, size);
    }

    /** A line that cannot be read. */
    static ParsedRow bad(long line, String problem, String fix) {
        return new ParsedRow(line, null, null, null, problem, fix, 0, -1);
    }

    boolean isBad() {
        return problem != null;
    }

    /** The largest 0-based feature index set in this row, or -1. */
    int maxIndex() {
        int last = indices != null && indices.length > 0 ? indices[indices.length - 1] : -1;
        return Math.max(last, size - 1);
    }

    Vector toVector(int numFeatures) {
        return indices == null ? Vectors.dense(values) : Vectors.sparse(numFeatures, indices, values);
    }
}
