package org.collectiveloss.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one pass over the parsed rows of a file found: row counts, the first bad lines, the class values with
 * their counts, missing cells and the largest feature index. Merged across partitions by Spark's aggregate.
 */
final class ScanSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Bad lines kept in full for the report; the rest are only counted. */
    static final int KEPT_BAD_LINES = 20;
    /** More distinct class values than this means the class column is not a class column. */
    static final int MAX_CLASSES = 10_000;

    long rows;
    long badRows;
    long missingCells;
    long rowsWithMissing;
    int maxIndex = -1;
    /** Smallest and largest stated vector length over the good rows; -1 while none was seen. */
    int minSize = -1;
    int maxSize = -1;
    final TreeMap<Long, ParsedRow> firstBad = new TreeMap<>();
    final Map<String, Long> labelCounts = new HashMap<>();

    ScanSummary add(ParsedRow row) {
        rows++;
        if (row.isBad()) {
            badRows++;
            firstBad.put(row.line, row);
            if (firstBad.size() > KEPT_BAD_LINES) {
                firstBad.pollLastEntry();
            }
            return this;
        }
        if (row.missing > 0) {
            missingCells += row.missing;
            rowsWithMissing++;
        }
        maxIndex = Math.max(maxIndex, row.maxIndex());
        if (row.size >= 0) {
            minSize = minSize < 0 ? row.size : Math.min(minSize, row.size);
            maxSize = Math.max(maxSize, row.size);
        }
        if (labelCounts.size() <= MAX_CLASSES || labelCounts.containsKey(row.label)) {
            labelCounts.merge(row.label, 1L, Long::sum);
        }
        return this;
    }

    ScanSummary merge(ScanSummary other) {
        rows += other.rows;
        badRows += other.badRows;
        missingCells += other.missingCells;
        rowsWithMissing += other.rowsWithMissing;
        maxIndex = Math.max(maxIndex, other.maxIndex);
        if (other.minSize >= 0) {
            minSize = minSize < 0 ? other.minSize : Math.min(minSize, other.minSize);
        }
        maxSize = Math.max(maxSize, other.maxSize);
        firstBad.putAll(other.firstBad);
        while (firstBad.size() > KEPT_BAD_LINES) {
            firstBad.pollLastEntry();
        }
        other.labelCounts.forEach((k, v) -> labelCounts.merge(k, v, Long::sum));
        return this;
    }
}
