package org.collectiveloss.data;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Reads Apache Parquet files into the common frame.
 *
 * <p>The class column is {@code class-column} (default: the last column), string or numeric; numeric values are
 * named in their shortest form ({@code 1.0} becomes {@code 1}). Features are either one column that already
 * holds ML vectors ({@code options.features-column}) or, by default, every other numeric or boolean column in
 * schema order, a null being a missing value (NaN). Class names are {@code options.classes} in that order, or
 * the values sorted (numerically when all are numbers).
 *
 * <p>Rows are numbered in the order Spark reads them, which for one file is the file's row order; each path of
 * the entry is read on its own and the paths in their listed order. A path that is a directory of part files is
 * read in Spark's order of the parts, which is not a documented order: list part files one by one where ids
 * must match positions. Not supported: nested columns as features, text features.
 */
final class ParquetLoader implements DatasetLoader {

    @Override
    public LabelledData load(SparkSession spark, DatasetSpec spec) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        DataFiles.Resolved files = DataFiles.resolve(spec, conf);
        long start = LoadSupport.start(spec, files);
        Optional<List<String>> declared = LoadSupport.declaredClasses(spec);
        Set<String> declaredSet = declared.map(Set::copyOf).orElse(null);

        List<RowScans.FileScan> trainScans = new ArrayList<>();
        List<RowScans.FileScan> testScans = new ArrayList<>();
        try {
            List<String> featureNames = null;
            for (String file : files.train()) {
                Selection s = select(spark, spec, file);
                featureNames = checkSame(featureNames, s.featureNames, file);
                trainScans.add(scan(s, file, declaredSet, conf));
            }
            for (String file : files.test()) {
                Selection s = select(spark, spec, file);
                featureNames = checkSame(featureNames, s.featureNames, file);
                testScans.add(scan(s, file, declaredSet, conf));
            }
            List<RowScans.FileScan> scans = new ArrayList<>(trainScans);
            scans.addAll(testScans);
            int maxIndex = -1;
            int minSize = Integer.MAX_VALUE;
            for (RowScans.FileScan scan : scans) {
                RowScans.checkBadRows(scan, spec.name(), spec.skipBadRows());
                maxIndex = Math.max(maxIndex, scan.summary().maxIndex);
                minSize = Math.min(minSize, scan.summary().minSize);
            }
            if (minSize != maxIndex + 1) {
                throw DataFormatException.inFile(files.train().get(0), "the feature vectors have different "
                    + "lengths (" + minSize + " to " + (maxIndex + 1) + ") across the entry's files.",
                    "write vectors of one length for every row.");
            }
            RowScans.logMissing(spec.name(), scans);
            FeatureInfo info = featureNames.isEmpty() ? FeatureInfo.unnamed(maxIndex + 1)
                : FeatureInfo.numeric(featureNames);
            List<String> classNames = declared.orElseGet(() -> RowScans.sortedClasses(
                RowScans.labelCounts(scans), files.train().get(0), "class"));
            RowScans.Frame train = RowScans.toFrame(spark, trainScans, 0, classNames, info.size());
            Optional<RowScans.Frame> test = testScans.isEmpty() ? Optional.empty()
                : Optional.of(RowScans.toFrame(spark, testScans, train.nextId(), classNames, info.size()));
            return LoadSupport.finish(spec, files, train.rows(), test.map(RowScans.Frame::rows), classNames, info,
                start);
        } finally {
            RowScans.releaseAll(trainScans);
            RowScans.releaseAll(testScans);
        }
    }

    private static List<String> checkSame(List<String> known, List<String> names, String file) {
        if (known != null && !known.equals(names)) {
            throw DataFormatException.inFile(file, "its feature columns " + names + " differ from those of the "
                + "entry's first file " + known + ".", "files of one data set must have the same columns.");
        }
        return names;
    }

    /** The class column as text and the features as an array of doubles or a vector, of one file. */
    private record Selection(Dataset<Row> frame, boolean vector, List<String> featureNames) {
    }

    private static Selection select(SparkSession spark, DatasetSpec spec, String file) {
        Dataset<Row> raw;
        try {
            raw = spark.read().parquet(file);
        } catch (Exception e) {
            throw DataFormatException.inFile(file, "cannot be read as Parquet: " + firstLine(e),
                "check that the file is a complete Parquet file (not empty, not cut short).");
        }
        List<String> columns = Arrays.asList(raw.columns());
        String cls = spec.classColumn().orElse(columns.get(columns.size() - 1));
        if (!columns.contains(cls)) {
            throw DataFormatException.inFile(file, "there is no class column '" + cls + "'; the columns are "
                + columns + ".", "set datasets." + spec.name() + ".class-column to one of them.");
        }
        DataType clsType = raw.schema().apply(cls).dataType();
        if (!(clsType instanceof StringType || clsType instanceof NumericType)) {
            throw DataFormatException.inFile(file, "the class column '" + cls + "' has type " + clsType
                + ".", "use a string or numeric class column.");
        }
        Column label = clsType instanceof StringType ? col(cls) : col(cls).cast("double");

        if (spec.options().hasPath("features-column")) {
            String f = spec.options().getString("features-column");
            if (!columns.contains(f) || !raw.schema().apply(f).dataType().equals(SQLDataTypes.VectorType())) {
                throw DataFormatException.inFile(file, "options.features-column '" + f + "' is "
                    + (columns.contains(f) ? "of type " + raw.schema().apply(f).dataType() : "not a column")
                    + "; it must hold ML vectors.", "name a vector column, or leave features-column out to use "
                    + "every numeric column.");
            }
            return new Selection(raw.select(label.as("label"), col(f).as("features")), true, List.of());
        }
        Set<String> dropped = new HashSet<>(spec.options().hasPath("drop-columns")
            ? spec.options().getStringList("drop-columns") : List.of());
        List<String> names = new ArrayList<>();
        List<Column> features = new ArrayList<>();
        for (StructField field : raw.schema().fields()) {
            if (field.name().equals(cls) || dropped.contains(field.name())) {
                continue;
            }
            if (!(field.dataType() instanceof NumericType || field.dataType() instanceof BooleanType)) {
                throw DataFormatException.inFile(file, "column '" + field.name() + "' has type "
                    + field.dataType().simpleString() + "; features must be numeric.", "encode it as numbers, or "
                    + "leave it out with datasets." + spec.name() + ".options.drop-columns = [\"" + field.name()
                    + "\"].");
            }
            names.add(field.name());
            features.add(functions.coalesce(col(field.name()).cast("double"), functions.lit(Double.NaN)));
        }
        if (names.isEmpty()) {
            throw DataFormatException.inFile(file, "no column is left as a feature.",
                "keep at least one numeric column besides the class column.");
        }
        Column array = functions.array(features.toArray(new Column[0]));
        return new Selection(raw.select(label.as("label"), array.as("features")), false, names);
    }

    private static RowScans.FileScan scan(Selection s, String file, Set<String> declared, Configuration conf) {
        boolean vector = s.vector;
        JavaRDD<ParsedRow> parsed = s.frame.javaRDD().zipWithIndex()
            .map(t -> toParsed(t._1(), t._2() + 1, vector, declared));
        return RowScans.scan(file, "row", parsed, conf);
    }

    private static ParsedRow toParsed(Row row, long rowNumber, boolean vector, Set<String> declared) {
        if (row.isNullAt(0)) {
            return ParsedRow.bad(rowNumber, "the class value is null.", "give the row its class, or remove it.");
        }
        Object raw = row.get(0);
        String label = raw instanceof Double d ? LibSvmLoader.LibSvmParser.normaliseLabel(d.toString())
            : raw.toString().strip();
        if (label == null || label.isEmpty()) {
            return ParsedRow.bad(rowNumber, "the class value '" + raw + "' is empty or not finite.",
                "give the row its class, or remove it.");
        }
        if (declared != null && !declared.contains(label)) {
            return ParsedRow.bad(rowNumber, "class value '" + label + "' is not among options.classes "
                + declared + ".", "add it to options.classes or correct the row.");
        }
        if (row.isNullAt(1)) {
            return ParsedRow.bad(rowNumber, "the feature vector is null.", "give the row its features.");
        }
        if (vector) {
            Vector v = (Vector) row.get(1);
            if (v instanceof SparseVector sv) {
                return ParsedRow.sparse(rowNumber, sv.indices(), sv.values(), label, sv.size());
            }
            double[] values = ((DenseVector) v).values();
            return ParsedRow.dense(rowNumber, values, label, countNaN(values));
        }
        List<Double> list = row.getList(1);
        double[] values = new double[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i);
        }
        return ParsedRow.dense(rowNumber, values, label, countNaN(values));
    }

    private static int countNaN(double[] values) {
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
