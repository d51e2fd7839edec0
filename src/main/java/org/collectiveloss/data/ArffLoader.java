package org.collectiveloss.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads Weka's ARFF files (dense rows) into the common frame.
 *
 * <p>Numeric attributes ({@code numeric}, {@code real}, {@code integer}) become one feature each; nominal
 * attributes become one-hot blocks, one entry per declared value (see {@link FeatureInfo}). An unquoted
 * {@code ?} is a missing value: NaN for a numeric attribute, NaN across the block of a nominal one, to be
 * imputed from training statistics by {@link MissingValueImputer}. The class attribute is {@code class-column},
 * by default the last attribute; it must be nominal, and its declared values, in declared order, are the class
 * names. Several files of one entry (segment's challenge and test files) must declare the same attributes.
 *
 * <p>The header is read in the driver up to {@code @data}; the rows are read and parsed by Spark.
 *
 * <p>Not supported: sparse rows ({@code {index value, ...}}), instance weights ({@code {w}} after a row), and
 * string, date and relational attributes unless they are left out with {@code options.drop-columns}; a missing
 * class value is a bad row.
 */
final class ArffLoader implements DatasetLoader {

    @Override
    public LabelledData load(SparkSession spark, DatasetSpec spec) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        DataFiles.Resolved files = DataFiles.resolve(spec, conf);
        long start = LoadSupport.start(spec, files);
        List<String> all = new ArrayList<>(files.train());
        all.addAll(files.test());

        // One header for all files of the entry; the others must agree with it.
        Map<String, ArffHeader> headers = new HashMap<>();
        for (String file : all) {
            headers.put(file, readHeader(file, conf));
        }
        ArffHeader header = headers.get(all.get(0));
        for (String file : all.subList(1, all.size())) {
            if (!headers.get(file).sameAttributes(header)) {
                throw DataFormatException.atLine(file, headers.get(file).dataLine, "its attributes differ from "
                    + "those of " + all.get(0) + ".", "files of one data set must declare the same attributes, "
                    + "with the same values, in the same order.");
            }
        }
        ArffParser parser = parser(spec, all.get(0), header);

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<RowScans.FileScan> trainScans = new ArrayList<>();
        List<RowScans.FileScan> testScans = new ArrayList<>();
        try {
            for (String file : files.train()) {
                trainScans.add(RowScans.scanText(jsc, conf, file, headers.get(file).dataLine, parser));
            }
            for (String file : files.test()) {
                testScans.add(RowScans.scanText(jsc, conf, file, headers.get(file).dataLine, parser));
            }
            List<RowScans.FileScan> scans = new ArrayList<>(trainScans);
            scans.addAll(testScans);
            for (RowScans.FileScan scan : scans) {
                RowScans.checkBadRows(scan, spec.name(), spec.skipBadRows());
            }
            RowScans.logMissing(spec.name(), scans);

            List<String> classNames = header.attributes.get(parser.classIndex).values();
            RowScans.Frame train = RowScans.toFrame(spark, trainScans, 0, classNames, parser.info.size());
            Optional<RowScans.Frame> test = testScans.isEmpty() ? Optional.empty()
                : Optional.of(RowScans.toFrame(spark, testScans, train.nextId(), classNames, parser.info.size()));
            return LoadSupport.finish(spec, files, train.rows(), test.map(RowScans.Frame::rows), classNames,
                parser.info, start);
        } finally {
            RowScans.releaseAll(trainScans);
            RowScans.releaseAll(testScans);
        }
    }

    private static ArffHeader readHeader(String file, Configuration conf) {
        try (BufferedReader reader = DataFiles.openText(file, conf)) {
            return ArffHeader.read(file, reader);
        } catch (IOException e) {
            throw DataFormatException.inFile(file, "cannot be opened: " + e, "check the path and permissions.");
        }
    }

    private static ArffParser parser(DatasetSpec spec, String file, ArffHeader header) {
        List<ArffHeader.Attribute> attrs = header.attributes;
        int classIndex = attrs.size() - 1;
        if (spec.classColumn().isPresent()) {
            classIndex = header.indexOf(spec.classColumn().get());
            if (classIndex < 0) {
                throw DataFormatException.inFile(file, "there is no attribute '" + spec.classColumn().get()
                    + "' to use as the class; the attributes are " + names(attrs) + ".",
                    "set datasets." + spec.name() + ".class-column to one of them.");
            }
        }
        ArffHeader.Attribute cls = attrs.get(classIndex);
        if (cls.type() != ArffHeader.Type.NOMINAL) {
            throw DataFormatException.atLine(file, cls.line(), "the class attribute '" + cls.name() + "' is "
                + cls.type().name().toLowerCase() + ", not nominal.", "name a nominal attribute in datasets."
                + spec.name() + ".class-column, or declare the class values as {v1, v2, ...}.");
        }
        Set<String> dropped = new HashSet<>(spec.options().hasPath("drop-columns")
            ? spec.options().getStringList("drop-columns") : List.of());
        for (String d : dropped) {
            if (header.indexOf(d) < 0 || header.indexOf(d) == classIndex) {
                throw new IllegalArgumentException("datasets." + spec.name() + ".options.drop-columns names '" + d
                    + "', which is " + (header.indexOf(d) < 0 ? "not an attribute of " + file : "the class")
                    + "; the attributes are " + names(attrs) + ".");
            }
        }

        // Feature layout: one entry per numeric attribute, one block per nominal one.
        List<String> featureNames = new ArrayList<>();
        List<FeatureInfo.NominalBlock> blocks = new ArrayList<>();
        int[] offsets = new int[attrs.size()];
        for (int i = 0; i < attrs.size(); i++) {
            ArffHeader.Attribute a = attrs.get(i);
            offsets[i] = -1;
            if (i == classIndex || dropped.contains(a.name())) {
                continue;
            }
            switch (a.type()) {
                case NUMERIC -> {
                    offsets[i] = featureNames.size();
                    featureNames.add(a.name());
                }
                case NOMINAL -> {
                    offsets[i] = featureNames.size();
                    blocks.add(new FeatureInfo.NominalBlock(a.name(), featureNames.size(), a.values()));
                    a.values().forEach(v -> featureNames.add(a.name() + "=" + v));
                }
                default -> throw DataFormatException.atLine(file, a.line(), "attribute '" + a.name() + "' has "
                    + "type " + a.type().name().toLowerCase() + ", which cannot be a feature.",
                    "leave it out with datasets." + spec.name() + ".options.drop-columns = [\"" + a.name()
                    + "\"], or convert it to a nominal or numeric attribute.");
            }
        }
        if (featureNames.isEmpty()) {
            throw DataFormatException.inFile(file, "no attribute is left as a feature.",
                "keep at least one numeric or nominal attribute besides the class.");
        }
        return new ArffParser(attrs, classIndex, offsets, new FeatureInfo(featureNames, blocks));
    }

    private static List<String> names(List<ArffHeader.Attribute> attrs) {
        return attrs.stream().map(ArffHeader.Attribute::name).toList();
    }

    /** Parses one dense ARFF data line against the header; runs in Spark tasks. */
    static final class ArffParser implements LineParser {

        private static final long serialVersionUID = 1L;

        final List<ArffHeader.Attribute> attrs;
        final int classIndex;
        final int[] offsets;
        final FeatureInfo info;
        private final List<Map<String, Integer>> valueIndex = new ArrayList<>();

        ArffParser(List<ArffHeader.Attribute> attrs, int classIndex, int[] offsets, FeatureInfo info) {
            this.attrs = attrs;
            this.classIndex = classIndex;
            this.offsets = offsets;
            this.info = info;
            for (ArffHeader.Attribute a : attrs) {
                Map<String, Integer> m = new HashMap<>();
                for (int v = 0; v < a.values().size(); v++) {
                    m.put(a.values().get(v), v);
                }
                valueIndex.add(m);
            }
        }

        @Override
        public ParsedRow parse(String text, long line) {
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("%")) {
                return null;
            }
            if (t.startsWith("{")) {
                return ParsedRow.bad(line, "sparse ARFF rows ({index value, ...}) are not supported.",
                    "save the data as dense ARFF (one value per attribute, comma-separated).");
            }
            List<String> fields;
            try {
                fields = Fields.split(t, ',', true);
            } catch (IllegalArgumentException e) {
                return ParsedRow.bad(line, e.getMessage() + ".", "close the quote or remove the stray quote.");
            }
            if (fields.size() != attrs.size()) {
                return ParsedRow.bad(line, "found " + fields.size() + " values, the header declares "
                    + attrs.size() + " attributes.", "give every attribute a value (? for missing) and check "
                    + "commas inside unquoted values.");
            }
            double[] values = new double[info.size()];
            String label = null;
            int missing = 0;
            for (int i = 0; i < fields.size(); i++) {
                String raw = fields.get(i);
                boolean isMissing = "?".equals(raw);
                ArffHeader.Attribute a = attrs.get(i);
                if (i == classIndex) {
                    if (isMissing) {
                        return ParsedRow.bad(line, "the class value (attribute '" + a.name() + "') is missing.",
                            "give the row its class, or remove it.");
                    }
                    label = Fields.unquote(raw, true);
                    if (!valueIndex.get(i).containsKey(label)) {
                        return undeclared(line, a, i, label);
                    }
                    continue;
                }
                if (offsets[i] < 0) {
                    continue;
                }
                if (a.type() == ArffHeader.Type.NUMERIC) {
                    if (isMissing) {
                        values[offsets[i]] = Double.NaN;
                        missing++;
                        continue;
                    }
                    double v = number(Fields.unquote(raw, true));
                    if (Double.isNaN(v)) {
                        return ParsedRow.bad(line, "value '" + ArffHeader.abbreviate(raw) + "' of numeric "
                            + "attribute '" + a.name() + "' (column " + (i + 1) + ") is not a finite number.",
                            "correct the value, or write ? for a missing one.");
                    }
                    values[offsets[i]] = v;
                } else if (isMissing) {
                    Arrays.fill(values, offsets[i], offsets[i] + a.values().size(), Double.NaN);
                    missing++;
                } else {
                    Integer v = valueIndex.get(i).get(Fields.unquote(raw, true));
                    if (v == null) {
                        return undeclared(line, a, i, Fields.unquote(raw, true));
                    }
                    values[offsets[i] + v] = 1.0;
                }
            }
            return ParsedRow.dense(line, values, label, missing);
        }

        private static ParsedRow undeclared(long line, ArffHeader.Attribute a, int column, String value) {
            return ParsedRow.bad(line, "value '" + ArffHeader.abbreviate(value) + "' of nominal attribute '"
                + a.name() + "' (column " + (column + 1) + ") is not declared; the header (line " + a.line()
                + ") allows " + a.values() + ".", "add the value to the @attribute line, or correct the row.");
        }

        private static double number(String s) {
            try {
                double v = Double.parseDouble(s);
                return Double.isFinite(v) ? v : Double.NaN;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
