package org.collectiveloss.data;

import static org.collectiveloss.data.LocalSpark.features;
import static org.collectiveloss.data.LocalSpark.fixture;
import static org.collectiveloss.data.LocalSpark.list;
import static org.collectiveloss.data.LocalSpark.rows;
import static org.collectiveloss.data.LocalSpark.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LibSvmLoaderTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    @Test
    void readsSparseRowsWithWidthFromTheLargestIndex() {
        LabelledData data = DatasetLoaders.load(spark, spec("small", "format = libsvm, paths = "
            + list(fixture("small.libsvm"))));

        assertEquals(List.of("-1", "1"), data.classNames());
        assertEquals(4, data.numFeatures());
        List<Row> rows = rows(data.train());
        assertEquals(4, rows.size());
        assertTrue(rows.get(0).get(1) instanceof SparseVector);
        assertArrayEquals(new double[] {0.5, 0, 2.0, 0}, features(rows.get(0)));
        assertArrayEquals(new double[] {1.0, 1.0, 0, -3.0}, features(rows.get(2)));
        assertEquals(List.of(1.0, 0.0, 1.0, 0.0), rows.stream().map(LocalSpark::label).toList());
        data.unpersist();
    }

    @Test
    void declaredWidthAndClassOrder() {
        LabelledData data = DatasetLoaders.load(spark, spec("small", "format = libsvm, paths = "
            + list(fixture("small.libsvm")) + ", options { num-features = 10, classes = [\"1\", \"-1\"] }"));

        assertEquals(10, data.numFeatures());
        assertEquals(List.of(0.0, 1.0, 0.0, 1.0), rows(data.train()).stream().map(LocalSpark::label).toList());
        data.unpersist();
    }

    @Test
    void indicesOutOfOrderNameTheLine() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetLoaders.load(spark,
            spec("small", "format = libsvm, paths = " + list(fixture("small-unordered.libsvm")))));

        assertEquals(2, e.line().orElseThrow());
        assertTrue(e.problem().contains("feature index 2"), e.getMessage());
        assertTrue(e.fix().contains("ascending"), e.fix());
    }

    @Test
    void indexAboveTheDeclaredWidthIsABadRow() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetLoaders.load(spark,
            spec("small", "format = libsvm, paths = " + list(fixture("small.libsvm"))
                + ", options.num-features = 3")));

        assertEquals(4, e.line().orElseThrow());
        assertTrue(e.problem().contains("above options.num-features = 3"), e.getMessage());
    }
}
