package org.collectiveloss.data;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads delimited text with numeric features and one class column into the common frame.
 *
 * <p>Three header layouts ({@code options.header}):
 * <ul>
 *   <li>{@code names} (default): the first line names the columns; {@code class-column} names the class column
 *       (default: the last column).</li>
 *   <li>{@code sklearn}: scikit-learn's bundled files, whose first line is
 *       {@code rows,features,class name 0,class name 1,...} and whose last column holds the class index. The
 *       declared row and feature counts are checked against the file.</li>
 *   <li>{@code none}: no header; {@code class-column} is a 0-based column index or {@code last} (default), and
 *       features are named {@code c<index>} after their column.</li>
 * </ul>
 * Class names come from {@code options.classes} (which also fixes their order), from the scikit-learn header,
 * or else are the class values, sorted numerically when all are numbers and as strings otherwise. Tokens in
 * {@code options.missing-values} (default empty, {@code ?}, {@code NA}, {@code NaN}) are missing features; every
 * other feature must be a finite number.
 *
 * <p>The header is read in the driver; the rows are read and parsed by Spark.
 *
 * <p>Not supported: quoted fields spanning lines, text (categorical) features: encode them as numbers, drop
 * them ({@code options.drop-columns}) or convert the file to ARFF with nominal attributes.
 */
final class CsvLoader implements DatasetLoader {

    /** Header layouts of {@code options.header}. */
    enum Header { NAMES, SKLEARN, NONE }

    @Override
    public LabelledData load(SparkSession spark, DatasetSpec spec) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        DataFiles.Resolved files = DataFiles.resolve(spec, conf);
        long start = LoadSupport.start(spec, files);
        Header headerKind = header(spec);
        char delimiter = delimiter(spec);
        List<String> all = new ArrayList<>(files.train());
        all.addAll(files.test());

        // Layout from the first file; every other file must have the same first line shape.
        Layout layout = null;
        for (String file : all) {
            Layout l = layout(spec, file, headerKind, delimiter, conf);
            if (layout == null) {
                layout = l;
            } else if (!layout.columns.equals(l.columns)) {
                throw DataFormatException.atLine(file, l.headerLine, "its columns " + l.columns + " differ from "
                    + "those of " + all.get(0) + " " + layout.columns + ".",
                    "files of one data set must have the same columns in the same order.");
            }
        }
        CsvParser parser = parser(spec, all.get(0), layout, delimiter);

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<RowScans.FileScan> trainScans = new ArrayList<>();
        List<RowScans.FileScan> testScans = new ArrayList<>();
        try {
            for (String file : files.train()) {
                trainScans.add(RowScans.scanText(jsc, conf, file, layout.headerLine, parser));
            }
            for (String file : files.test()) {
                testScans.add(RowScans.scanText(jsc, conf, file, layout.headerLine, parser));
            }
            List<RowScans.FileScan> scans = new ArrayList<>(trainScans);
            scans.addAll(testScans);
            for (RowScans.FileScan scan : scans) {
                RowScans.checkBadRows(scan, spec.name(), spec.skipBadRows());
                if (layout.declaredRows >= 0 && scan.summary().rows != layout.declaredRows) {
                    throw DataFormatException.atLine(scan.file(), 1, "the header declares " + layout.declaredRows
                        + " rows, the file holds " + scan.summary().rows + ".", "the file is incomplete or was "
                        + "edited: fetch it again, or correct the count in its first line.");
                }
            }
            RowScans.logMissing(spec.name(), scans);

            List<String> classNames = parser.declaredClasses != null ? parser.declaredClasses
                : RowScans.sortedClasses(RowScans.labelCounts(scans), all.get(0), layout.columns.get(
                    parser.classIndex));
            int width = parser.info.size();
            RowScans.Frame train = RowScans.toFrame(spark, trainScans, 0, classNames, width);
            Optional<RowScans.Frame> test = testScans.isEmpty() ? Optional.empty()
                : Optional.of(RowScans.toFrame(spark, testScans, train.nextId(), classNames, width));
            return LoadSupport.finish(spec, files, train.rows(), test.map(RowScans.Frame::rows), classNames,
                parser.info, start);
        } finally {
            RowScans.releaseAll(trainScans);
            RowScans.releaseAll(testScans);
        }
    }

    private static Header header(DatasetSpec spec) {
        String value = spec.options().hasPath("header") ? spec.options().getString("header") : "names";
        try {
            return Header.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("datasets." + spec.name() + ".options.header = '" + value
                + "' is not known; use names, sklearn or none.", e);
        }
    }

    private static char delimiter(DatasetSpec spec) {
        String d = spec.options().hasPath("delimiter") ? spec.options().getString("delimiter") : ",";
        if ("\\t".equals(d) || "tab".equalsIgnoreCase(d)) {
            return '\t';
        }
        if (d.length() != 1 || d.charAt(0) == '"') {
            throw new IllegalArgumentException("datasets." + spec.name() + ".options.delimiter = '" + d
                + "' must be one character other than a double quote (or \\t for tab).");
        }
        return d.charAt(0);
    }

    /** Column names, lines taken by the header, and declared sizes of one file. */
    private record Layout(List<String> columns, long headerLine, long declaredRows, List<String> sklearnClasses) {
    }

    private static Layout layout(DatasetSpec spec, String file, Header kind, char delimiter, Configuration conf) {
        String first = null;
        long lineNo = 0;
        try (BufferedReader reader = DataFiles.openText(file, conf)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (!line.isBlank()) {
                    first = line;
                    break;
                }
            }
        } catch (EOFException | ZipException e) {
            throw DataFormatException.atLine(file, lineNo + 1, "the gzip stream is truncated or corrupt ("
                + e.getMessage() + ").", "fetch the file again, or check it with 'gzip -t'.");
        } catch (IOException e) {
            throw DataFormatException.inFile(file, "cannot be read: " + e, "check the path and permissions.");
        }
        if (first == null) {
            throw DataFormatException.inFile(file, "the file is empty.", "the file was not copied completely: "
                + "fetch it again, or point datasets." + spec.name() + ".paths at the right file.");
        }
        List<String> fields;
        try {
            fields = Fields.split(first, delimiter, false);
        } catch (IllegalArgumentException e) {
            throw DataFormatException.atLine(file, lineNo, e.getMessage() + ".", "close the quote.");
        }
        switch (kind) {
            case NAMES -> {
                List<String> names = fields.stream().map(f -> Fields.unquote(f, false)).toList();
                return new Layout(names, lineNo, -1, null);
            }
            case NONE -> {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < fields.size(); i++) {
                    names.add("c" + i);
                }
                return new Layout(names, lineNo - 1, -1, null);
            }
            default -> {
                if (fields.size() < 4) {
                    throw DataFormatException.atLine(file, lineNo, "a scikit-learn header reads 'rows,features,"
                        + "class names...', found '" + ArffHeader.abbreviate(first) + "'.",
                        "set datasets." + spec.name() + ".options.header to names or none for this file.");
                }
                long rows;
                int features;
                try {
                    rows = Long.parseLong(fields.get(0));
                    features = Integer.parseInt(fields.get(1));
                } catch (NumberFormatException e) {
                    throw DataFormatException.atLine(file, lineNo, "a scikit-learn header starts with the row and "
                        + "feature counts, found '" + fields.get(0) + "," + fields.get(1) + "'.",
                        "set datasets." + spec.name() + ".options.header to names or none for this file.");
                }
                List<String> names = new ArrayList<>();
                for (int i = 0; i < features; i++) {
                    names.add("f" + i);
                }
                names.add("class");
                List<String> classes = fields.subList(2, fields.size()).stream()
                    .map(f -> Fields.unquote(f, false)).toList();
                return new Layout(names, lineNo, rows, classes);
            }
        }
    }

    private static CsvParser parser(DatasetSpec spec, String file, Layout layout, char delimiter) {
        List<String> columns = layout.columns;
        int classIndex = classIndex(spec, file, layout);
        Set<Integer> dropped = new HashSet<>();
        if (spec.options().hasPath("drop-columns")) {
            for (String d : spec.options().getStringList("drop-columns")) {
                int i = columnIndex(d, layout, spec.options().hasPath("header")
                    && !"names".equalsIgnoreCase(spec.options().getString("header")));
                if (i < 0 || i == classIndex) {
                    throw new IllegalArgumentException("datasets." + spec.name() + ".options.drop-columns names '"
                        + d + "', which is " + (i < 0 ? "not a column of " + file : "the class column")
                        + "; the columns are " + columns + ".");
                }
                dropped.add(i);
            }
        }
        List<String> featureNames = new ArrayList<>();
        int[] offsets = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            offsets[i] = i == classIndex || dropped.contains(i) ? -1 : featureNames.size();
            if (offsets[i] >= 0) {
                featureNames.add(columns.get(i));
            }
        }
        if (featureNames.isEmpty()) {
            throw DataFormatException.inFile(file, "no column is left as a feature.",
                "keep at least one numeric column besides the class column.");
        }
        Set<String> missing = new HashSet<>(spec.options().hasPath("missing-values")
            ? spec.options().getStringList("missing-values") : List.of("", "?", "NA", "NaN"));
        List<String> declared = LoadSupport.declaredClasses(spec).orElse(layout.sklearnClasses);
        if (declared != null && declared.size() != declared.stream().distinct().count()) {
            throw new IllegalArgumentException("datasets." + spec.name() + ".options.classes " + declared
                + " repeats a class name; name each class once.");
        }
        return new CsvParser(columns, classIndex, offsets, FeatureInfo.numeric(featureNames), delimiter, missing,
            declared, layout.sklearnClasses != null);
    }

    private static int classIndex(DatasetSpec spec, String file, Layout layout) {
        String name = spec.classColumn().orElse(null);
        boolean named = layout.sklearnClasses == null && layout.headerLine > 0;
        if (layout.sklearnClasses != null) {
            if (name != null && !"last".equals(name) && !name.equals(String.valueOf(layout.columns.size() - 1))) {
                throw new IllegalArgumentException("datasets." + spec.name() + ".class-column = '" + name + "': "
                    + "a scikit-learn file keeps the class in its last column; leave class-column out.");
            }
            return layout.columns.size() - 1;
        }
        if (name == null || "last".equals(name) && !layout.columns.contains("last")) {
            return layout.columns.size() - 1;
        }
        int index = columnIndex(name, layout, !named);
        if (index < 0) {
            throw DataFormatException.atLine(file, Math.max(1, layout.headerLine), "there is no class column '"
                + name + "'; the columns are " + ArffHeader.abbreviate(layout.columns.toString()) + ".",
                named ? "set datasets." + spec.name() + ".class-column to the name of the class column."
                    : "set datasets." + spec.name() + ".class-column to a 0-based column index or 'last'.");
        }
        return index;
    }

    private static int columnIndex(String name, Layout layout, boolean byIndex) {
        if (!byIndex) {
            return layout.columns.indexOf(name);
        }
        try {
            int i = Integer.parseInt(name.trim());
            return i >= 0 && i < layout.columns.size() ? i : -1;
        } catch (NumberFormatException e) {
            return layout.columns.indexOf(name);
        }
    }

    /** Parses one delimited data line; runs in Spark tasks. */
    static final class CsvParser implements LineParser {

        private static final long serialVersionUID = 1L;

        final List<String> columns;
        final int classIndex;
        final int[] offsets;
        final FeatureInfo info;
        final char delimiter;
        final Set<String> missingTokens;
        final List<String> declaredClasses;
        final boolean classByIndex;
        private final Set<String> declaredSet;

        CsvParser(List<String> columns, int classIndex, int[] offsets, FeatureInfo info, char delimiter,
                  Set<String> missingTokens, List<String> declaredClasses, boolean classByIndex) {
            this.columns = List.copyOf(columns);
            this.classIndex = classIndex;
            this.offsets = offsets;
            this.info = info;
            this.delimiter = delimiter;
            this.missingTokens = Set.copyOf(missingTokens);
            this.declaredClasses = declaredClasses == null ? null : List.copyOf(declaredClasses);
            this.classByIndex = classByIndex;
            this.declaredSet = declaredClasses == null ? null : Set.copyOf(declaredClasses);
        }

        @Override
        public ParsedRow parse(String text, long line) {
            if (text.isBlank()) {
                return null;
            }
            List<String> fields;
            try {
                fields = Fields.split(text, delimiter, false);
            } catch (IllegalArgumentException e) {
                return ParsedRow.bad(line, e.getMessage() + ".", "close the quote or remove the stray quote.");
            }
            if (fields.size() != columns.size()) {
                return ParsedRow.bad(line, "found " + fields.size() + " fields, expected " + columns.size()
                    + ".", "give every column a value (leave it empty or write ? when missing), and quote values "
                    + "that contain the delimiter.");
            }
            double[] values = new double[info.size()];
            int missing = 0;
            String label = null;
            for (int i = 0; i < fields.size(); i++) {
                String value = Fields.unquote(fields.get(i), false).strip();
                if (i == classIndex) {
                    label = value;
                    continue;
                }
                if (offsets[i] < 0) {
                    continue;
                }
                if (missingTokens.contains(value)) {
                    values[offsets[i]] = Double.NaN;
                    missing++;
                    continue;
                }
                double v;
                try {
                    v = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
                if (!Double.isFinite(v)) {
                    return ParsedRow.bad(line, "value '" + ArffHeader.abbreviate(value) + "' in column '"
                        + columns.get(i) + "' (column " + (i + 1) + ") is not a finite number.",
                        "CSV features must be numeric: correct the value, encode column '" + columns.get(i)
                        + "' as numbers, leave it out with options.drop-columns, or use ARFF for nominal "
                        + "attributes.");
                }
                values[offsets[i]] = v;
            }
            if (label.isEmpty() || missingTokens.contains(label) && !(declaredSet != null
                && declaredSet.contains(label))) {
                return ParsedRow.bad(line, "the class value (column '" + columns.get(classIndex) + "') is "
                    + "missing.", "give the row its class, or remove it.");
            }
            if (classByIndex) {
                int c;
                try {
                    c = Integer.parseInt(label);
                } catch (NumberFormatException e) {
                    c = -1;
                }
                if (c < 0 || c >= declaredClasses.size()) {
                    return ParsedRow.bad(line, "class index '" + label + "' is not in 0.." + (declaredClasses.size()
                        - 1) + " as the header's " + declaredClasses.size() + " class names require.",
                        "correct the class index, or add the class name to the first line.");
                }
                label = declaredClasses.get(c);
            } else if (declaredSet != null && !declaredSet.contains(label)) {
                return ParsedRow.bad(line, "class value '" + ArffHeader.abbreviate(label) + "' is not among "
                    + "options.classes " + declaredClasses + ".", "add it to options.classes or correct the row.");
            }
            return ParsedRow.dense(line, values, label, missing);
        }
    }
}
