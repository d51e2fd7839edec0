package org.collectiveloss.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads LibSVM / SVMlight text ({@code label index:value index:value ...}, 1-based ascending indices,
 * {@code #} comments) into the common frame with sparse feature vectors.
 *
 * <p>The number of features is {@code options.num-features} or, by default, the largest index in the training
 * and test files together (so that both parts share one width). Class values are read as numbers and named in
 * their shortest form ({@code +1} becomes {@code 1}); class names are {@code options.classes} in that order, or
 * the values sorted numerically.
 *
 * <p>Rows are read and parsed by Spark. Not supported: multi-label rows ({@code 1,3 ...}), {@code qid:} ranking
 * fields.
 */
final class LibSvmLoader implements DatasetLoader {

    @Override
    public LabelledData load(SparkSession spark, DatasetSpec spec) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        DataFiles.Resolved files = DataFiles.resolve(spec, conf);
        long start = LoadSupport.start(spec, files);
        int declaredWidth = spec.options().hasPath("num-features") ? spec.options().getInt("num-features") : -1;
        if (spec.options().hasPath("num-features") && declaredWidth < 1) {
            throw new IllegalArgumentException("datasets." + spec.name() + ".options.num-features = "
                + declaredWidth + " must be at least 1.");
        }
        Optional<List<String>> declared = LoadSupport.declaredClasses(spec);
        LibSvmParser parser = new LibSvmParser(declaredWidth, declared.map(Set::copyOf).orElse(null));

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<RowScans.FileScan> trainScans = new ArrayList<>();
        List<RowScans.FileScan> testScans = new ArrayList<>();
        try {
            for (String file : files.train()) {
                trainScans.add(RowScans.scanText(jsc, conf, file, 0, parser));
            }
            for (String file : files.test()) {
                testScans.add(RowScans.scanText(jsc, conf, file, 0, parser));
            }
            List<RowScans.FileScan> scans = new ArrayList<>(trainScans);
            scans.addAll(testScans);
            int maxIndex = -1;
            for (RowScans.FileScan scan : scans) {
                RowScans.checkBadRows(scan, spec.name(), spec.skipBadRows());
                maxIndex = Math.max(maxIndex, scan.summary().maxIndex);
            }
            int width = declaredWidth > 0 ? declaredWidth : maxIndex + 1;
            if (width < 1) {
                throw DataFormatException.inFile(files.train().get(0), "no row sets any feature.",
                    "check that this is a LibSVM file (label index:value ...).");
            }
            List<String> classNames = declared.orElseGet(() -> RowScans.sortedClasses(RowScans.labelCounts(scans),
                files.train().get(0), "label"));
            FeatureInfo info = FeatureInfo.unnamed(width);
            RowScans.Frame train = RowScans.toFrame(spark, trainScans, 0, classNames, width);
            Optional<RowScans.Frame> test = testScans.isEmpty() ? Optional.empty()
                : Optional.of(RowScans.toFrame(spark, testScans, train.nextId(), classNames, width));
            return LoadSupport.finish(spec, files, train.rows(), test.map(RowScans.Frame::rows), classNames, info,
                start);
        } finally {
            RowScans.releaseAll(trainScans);
            RowScans.releaseAll(testScans);
        }
    }

    /** Parses one LibSVM line; runs in Spark tasks. */
    static final class LibSvmParser implements LineParser {

        private static final long serialVersionUID = 1L;

        private final int declaredWidth;
        private final Set<String> declaredClasses;

        LibSvmParser(int declaredWidth, Set<String> declaredClasses) {
            this.declaredWidth = declaredWidth;
            this.declaredClasses = declaredClasses;
        }

        @Override
        public ParsedRow parse(String text, long line) {
            int hash = text.indexOf('#');
            String t = (hash >= 0 ? text.substring(0, hash) : text).strip();
            if (t.isEmpty()) {
                return null;
            }
            String[] tokens = t.split("\\s+");
            String label = normaliseLabel(tokens[0]);
            if (label == null) {
                return ParsedRow.bad(line, "the label '" + ArffHeader.abbreviate(tokens[0]) + "' is not a "
                    + "number.", "start every line with its numeric class label.");
            }
            if (declaredClasses != null && !declaredClasses.contains(label)) {
                return ParsedRow.bad(line, "class value '" + label + "' is not among options.classes "
                    + declaredClasses + ".", "add it to options.classes or correct the row.");
            }
            int[] indices = new int[tokens.length - 1];
            double[] values = new double[tokens.length - 1];
            for (int k = 1; k < tokens.length; k++) {
                int colon = tokens[k].indexOf(':');
                int index;
                double value;
                try {
                    index = Integer.parseInt(tokens[k].substring(0, Math.max(0, colon)));
                    value = Double.parseDouble(tokens[k].substring(colon + 1));
                } catch (NumberFormatException e) {
                    return ParsedRow.bad(line, "'" + ArffHeader.abbreviate(tokens[k]) + "' (field " + (k + 1)
                        + ") is not index:value.", "write each feature as a 1-based integer index, a colon and "
                        + "a number, with no spaces around the colon.");
                }
                if (index < 1 || (k > 1 && index <= indices[k - 2] + 1)
                    || (declaredWidth > 0 && index > declaredWidth)) {
                    return ParsedRow.bad(line, "feature index " + index + " (field " + (k + 1) + ") is "
                        + (index < 1 ? "below 1" : declaredWidth > 0 && index > declaredWidth
                        ? "above options.num-features = " + declaredWidth : "not above the previous index")
                        + ".", "indices are 1-based and strictly ascending on each line"
                        + (declaredWidth > 0 ? ", at most num-features" : "") + ".");
                }
                if (!Double.isFinite(value)) {
                    return ParsedRow.bad(line, "the value of feature " + index + " is not finite ('"
                        + tokens[k] + "').", "LibSVM has no missing-value marker: leave the feature out for 0 "
                        + "or use another format.");
                }
                indices[k - 1] = index - 1;
                values[k - 1] = value;
            }
            return ParsedRow.sparse(line, indices, values, label, -1);
        }

        /** The shortest text for a numeric label ({@code +1.0} becomes {@code 1}); null if not a number. */
        static String normaliseLabel(String token) {
            double v;
            try {
                v = Double.parseDouble(token);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(v)) {
                return null;
            }
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
