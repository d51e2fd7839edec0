package org.collectiveloss.data;

import com.typesafe.config.ConfigFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.SparkTestSession;

/** Test support: the local Spark session shared by the data tests, fixture paths, and specs from HOCON text. */
final class LocalSpark {

    private LocalSpark() {
    }

    /** The project's shared local[2] test session: created once per test JVM, reused by every test class. */
    static SparkSession session() {
        return SparkTestSession.get();
    }

    /** The absolute path of a fixture under src/test/resources/data. */
    static String fixture(String name) {
        try {
            return Path.of(LocalSpark.class.getResource("/data/" + name).toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    /** A registry entry named {@code name} from the HOCON body of the entry. */
    static DatasetSpec spec(String name, String body) {
        return DatasetRegistry.load(ConfigFactory.parseString("datasets { \"" + name + "\" { " + body + " } }")
            .resolve()).spec(name);
    }

    /** HOCON list of quoted strings. */
    static String list(String... items) {
        return List.of(items).stream().map(s -> "\"" + s.replace("\\", "\\\\") + "\"")
            .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Rows of a frame sorted by id. */
    static List<Row> rows(Dataset<Row> frame) {
        return frame.collectAsList().stream().sorted(Comparator.comparingLong(r -> r.getLong(r.fieldIndex(
            DatasetSchema.ID)))).collect(Collectors.toList());
    }

    static double[] features(Row r) {
        return ((Vector) r.get(r.fieldIndex(DatasetSchema.FEATURES))).toArray();
    }

    /**
     * A synthetic set: {@code sizes[c]} rows of class c, ids in source order with the classes interleaved,
     * features {@code (id, id mod 7)}.
     */
    static LabelledData synthetic(String name, int... sizes) {
        List<Row> rows = new java.util.ArrayList<>();
        int[] left = sizes.clone();
        long id = 0;
        boolean any = true;
        while (any) {
            any = false;
            for (int c = 0; c < left.length; c++) {
                if (left[c] > 0) {
                    left[c]--;
                    any = true;
                    rows.add(org.apache.spark.sql.RowFactory.create(id, org.apache.spark.ml.linalg.Vectors.dense(
                        id, id % 7), (double) c));
                    id++;
                }
            }
        }
        Dataset<Row> frame = session().createDataFrame(rows, DatasetSchema.SCHEMA);
        List<String> names = java.util.stream.IntStream.range(0, sizes.length).mapToObj(c -> "class" + c)
            .collect(Collectors.toList());
        return new LabelledData(name, frame, java.util.Optional.empty(), names, 2);
    }

    static double label(Row r) {
        return r.getDouble(r.fieldIndex(DatasetSchema.LABEL));
    }
}
