package org.collectiveloss.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared middle of the row-wise loaders (ARFF, CSV, LibSVM, Parquet): number the parsed rows of each file,
 * summarise them in one pass, stop at (or, when asked, skip and log) bad rows, and build the common frame.
 */
final class RowScans {

    private static final Logger LOG = LoggerFactory.getLogger(RowScans.class);

    private RowScans() {
    }

    /**
     * One file's parsed rows with their 0-based ordinal among the file's rows (bad rows included, so that ids
     * keep pointing at source positions when bad rows are skipped), persisted until the frame is built.
     */
    record FileScan(String file, String unit, JavaPairRDD<ParsedRow, Long> rows, ScanSummary summary) {

        void release() {
            rows.unpersist(false);
        }
    }

    /** Parses the text file {@code file}, skipping its first {@code headerLines} lines. */
    static FileScan scanText(JavaSparkContext jsc, Configuration conf, String file, long headerLines,
                             LineParser parser) {
        JavaRDD<ParsedRow> parsed;
        try {
            // numbering the lines of a file split in several partitions already runs a job
            parsed = DataFiles.numberedLines(jsc, file, conf)
                .filter(t -> t._2() >= headerLines)
                .map(t -> parser.parse(t._1(), t._2() + 1))
                .filter(Objects::nonNull);
        } catch (Exception e) {
            throw DataFiles.explain(e, file, conf);
        }
        return scan(file, "line", parsed, conf);
    }

    /** Numbers and summarises rows parsed by the caller; {@code unit} is "line" or "row" for messages. */
    static FileScan scan(String file, String unit, JavaRDD<ParsedRow> parsed, Configuration conf) {
        JavaPairRDD<ParsedRow, Long> numbered = null;
        try {
            numbered = parsed.zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
            ScanSummary summary = numbered.keys().aggregate(new ScanSummary(), ScanSummary::add,
                ScanSummary::merge);
            return new FileScan(file, unit, numbered, summary);
        } catch (Exception e) {
            if (numbered != null) {
                numbered.unpersist(false);
            }
            throw DataFiles.explain(e, file, conf);
        }
    }

    /**
     * Fails on the first bad row of the file, or, with {@code skip}, logs the bad rows and goes on.
     *
     * @throws DataFormatException for the first bad row when {@code skip} is false, or when the file has no
     *     readable row at all
     */
    static void checkBadRows(FileScan scan, String dataset, boolean skip) {
        ScanSummary s = scan.summary();
        if (s.rows == 0) {
            throw DataFormatException.inFile(scan.file(), "the file holds no data rows.",
                "check that the file was copied completely and that datasets." + dataset + ".paths names the "
                + "right file.");
        }
        if (s.badRows == 0) {
            return;
        }
        ParsedRow first = s.firstBad.firstEntry().getValue();
        if (!skip) {
            String more = s.badRows > 1 ? " (" + (s.badRows - 1) + " more bad row(s) in this file)" : "";
            throw at(scan, first.line, first.problem + more, first.fix + " To skip such rows instead (they are "
                + "counted and logged), set datasets." + dataset + ".skip-bad-rows = true.");
        }
        for (ParsedRow bad : s.firstBad.values()) {
            LOG.warn("{}, {} {}: skipped: {}", scan.file(), scan.unit(), bad.line, bad.problem);
        }
        if (s.badRows == s.rows) {
            throw at(scan, first.line, "every row of the file is bad; the first: " + first.problem, first.fix);
        }
        LOG.warn("{}: skipped {} of {} rows as datasets.{}.skip-bad-rows = true; {} {} (first {} shown){}",
            scan.file(), s.badRows, s.rows, dataset, scan.unit() + "s",
            s.firstBad.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")),
            s.firstBad.size(), s.badRows > s.firstBad.size() ? ", the others are only counted" : "");
    }

    private static DataFormatException at(FileScan scan, long where, String problem, String fix) {
        return "row".equals(scan.unit()) ? DataFormatException.atRow(scan.file(), where, problem, fix)
            : DataFormatException.atLine(scan.file(), where, problem, fix);
    }

    /** The class values of all scans with their total counts. */
    static Map<String, Long> labelCounts(List<FileScan> scans) {
        Map<String, Long> counts = new HashMap<>();
        for (FileScan scan : scans) {
            scan.summary().labelCounts.forEach((k, v) -> counts.merge(k, v, Long::sum));
        }
        return counts;
    }

    /**
     * Class names for values without a declared order: numerically sorted when every value is a number (so
     * {@code 2} comes before {@code 10}), otherwise sorted as strings.
     *
     * @throws DataFormatException when there are more values than a class column can plausibly hold
     */
    static List<String> sortedClasses(Map<String, Long> counts, String file, String column) {
        if (counts.size() > ScanSummary.MAX_CLASSES) {
            throw DataFormatException.inFile(file, "the class column '" + column + "' holds more than "
                + ScanSummary.MAX_CLASSES + " distinct values; it does not look like a class column.",
                "name the class column in class-column.");
        }
        List<String> names = new ArrayList<>(counts.keySet());
        boolean numeric = names.stream().allMatch(RowScans::isNumber);
        names.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        return names;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A frame and the id that the next file's first row gets. */
    record Frame(Dataset<Row> rows, long nextId) {
    }

    /**
     * The common frame of the good rows of {@code scans}, ids starting at {@code firstId} and running on across
     * the files in order.
     */
    static Frame toFrame(SparkSession spark, List<FileScan> scans, long firstId, List<String> classNames,
                         int numFeatures) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            index.put(classNames.get(i), i);
        }
        JavaRDD<Row> all = null;
        long offset = firstId;
        for (FileScan scan : scans) {
            long base = offset;
            JavaRDD<Row> rows = scan.rows()
                .filter(t -> !t._1().isBad())
                .map(t -> RowFactory.create(base + t._2(), t._1().toVector(numFeatures),
                    (double) index.get(t._1().label)));
            all = all == null ? rows : all.union(rows);
            offset += scan.summary().rows;
        }
        return new Frame(spark.createDataFrame(Objects.requireNonNull(all), DatasetSchema.SCHEMA), offset);
    }

    /** Logs the missing cells found by the scans; they are imputed later from training statistics. */
    static void logMissing(String dataset, List<FileScan> scans) {
        long cells = 0;
        long rows = 0;
        for (FileScan scan : scans) {
            cells += scan.summary().missingCells;
            rows += scan.summary().rowsWithMissing;
        }
        if (cells > 0) {
            LOG.info("{}: {} missing value(s) in {} row(s); they stay NaN until imputed from training "
                + "statistics (MissingValueImputer)", dataset, cells, rows);
        }
    }

    static void releaseAll(List<FileScan> scans) {
        scans.forEach(FileScan::release);
    }
}
