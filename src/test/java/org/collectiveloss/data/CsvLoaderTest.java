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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    private static LabelledData load(String body) {
        return DatasetLoaders.load(spark, spec("flowers", "format = csv, " + body));
    }

    @Test
    void headerWithNamedClassColumnAndMissingValues() {
        LabelledData data = load("paths = " + list(fixture("flowers.csv")) + ", class-column = \"species name\"");

        assertEquals(List.of("setosa", "versicolor", "virginica"), data.classNames());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length"), data.featureInfo().names());
        List<Row> rows = rows(data.train());
        assertEquals(6, rows.size());
        assertArrayEquals(new double[] {5.1, 3.5, 1.4}, features(rows.get(0)));
        assertArrayEquals(new double[] {6.4, Double.NaN, 4.5}, features(rows.get(3)));
        assertArrayEquals(new double[] {5.8, 2.7, Double.NaN}, features(rows.get(5)));
        assertEquals(List.of(0.0, 0.0, 1.0, 1.0, 2.0, 2.0), rows.stream().map(LocalSpark::label).toList());
        data.unpersist();
    }

    @Test
    void declaredClassOrderIsKept() {
        LabelledData data = load("paths = " + list(fixture("flowers.csv")) + ", class-column = \"species name\", "
            + "options.classes = [virginica, versicolor, setosa]");

        assertEquals(List.of("virginica", "versicolor", "setosa"), data.classNames());
        assertEquals(List.of(2.0, 2.0, 1.0, 1.0, 0.0, 0.0), rows(data.train()).stream().map(LocalSpark::label)
            .toList());
        data.unpersist();
    }

    @Test
    void scikitLearnHeaderGivesClassNamesAndIsChecked() {
        LabelledData data = load("paths = " + list(fixture("flowers-sklearn.csv")) + ", options.header = sklearn");
        assertEquals(List.of("setosa", "versicolor", "virginica"), data.classNames());
        assertEquals(2, data.numFeatures());
        assertEquals(5, data.train().count());
        data.unpersist();

        DataFormatException e = assertThrows(DataFormatException.class, () -> load("paths = "
            + list(fixture("flowers-sklearn-short.csv")) + ", options.header = sklearn"));
        assertEquals(1, e.line().orElseThrow());
        assertTrue(e.problem().contains("declares 6 rows, the file holds 5"), e.getMessage());
    }

    @Test
    void headerlessFileWithNumericClassesSortsThemNumerically() throws IOException {
        Path file = tmp.resolve("numbers.csv");
        Files.writeString(file, "1,2,10\n3,4,2\n5,6,10\n7,8,9\n");
        LabelledData data = load("paths = " + list(file.toString()) + ", options.header = none");

        assertEquals(List.of("2", "9", "10"), data.classNames());
        assertEquals(List.of("c0", "c1"), data.featureInfo().names());
        assertEquals(List.of(2.0, 0.0, 2.0, 1.0), rows(data.train()).stream().map(LocalSpark::label).toList());
        data.unpersist();
    }

    @Test
    void nonNumericFeatureNamesLineColumnAndFix() {
        String file = fixture("flowers-text-feature.csv");
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> load("paths = " + list(file) + ", class-column = species"));

        assertEquals(file, e.file());
        assertEquals(4, e.line().orElseThrow());
        assertTrue(e.problem().contains("'wide'") && e.problem().contains("sepal_width"), e.getMessage());
        assertTrue(e.fix().contains("drop-columns"), e.fix());
    }

    @Test
    void missingClassColumnListsTheColumns() {
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> load("paths = " + list(fixture("flowers.csv")) + ", class-column = species"));

        assertEquals(1, e.line().orElseThrow());
        assertTrue(e.problem().contains("no class column 'species'"), e.getMessage());
        assertTrue(e.problem().contains("species name"), e.getMessage());
    }

    @Test
    void emptyFileIsOneClearError() {
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> load("paths = " + list(fixture("empty.csv"))));
        assertEquals(fixture("empty.csv"), e.file());
        assertTrue(e.problem().contains("empty"), e.getMessage());
    }

    @Test
    void skippedRowsAreCountedAndKeepTheirIds() throws IOException {
        Path file = tmp.resolve("gaps.csv");
        Files.writeString(file, "a,b,class\n1,2,x\n3,4\n5,six,y\n7,8,y\n");
        String body = "paths = " + list(file.toString()) + ", class-column = class";

        DataFormatException e = assertThrows(DataFormatException.class, () -> load(body));
        assertEquals(3, e.line().orElseThrow());
        assertTrue(e.problem().contains("1 more bad row"), e.getMessage());

        LabelledData data = load(body + ", skip-bad-rows = true");
        assertEquals(List.of(0L, 3L), rows(data.train()).stream().map(r -> r.getLong(0)).toList());
        data.unpersist();
    }

    @Test
    void bundledDigitsAreTheFallbackWhenTheFileIsAbsent() {
        LabelledData data = load("paths = [\"/nonexistent/digits.csv.gz\"], fallback-paths = "
            + "[\"classpath:datasets/digits.csv.gz\"], options { header = none, classes = [\"0\", \"1\", \"2\", "
            + "\"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"] }");

        assertEquals(1797, data.train().count());
        assertEquals(64, data.numFeatures());
        assertEquals(10, data.numClasses());
        data.unpersist();
    }

    @Test
    void missingFileNamesThePackageAndTheRegistryKey() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> load(
            "paths = [\"/nonexistent/iris.csv\"], debian-package = python3-sklearn"));
        assertEquals("/nonexistent/iris.csv", e.file());
        assertTrue(e.fix().contains("python3-sklearn") && e.fix().contains("datasets.flowers.paths"), e.fix());
    }
}
