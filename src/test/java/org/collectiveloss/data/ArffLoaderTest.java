package org.collectiveloss.data;

import static org.collectiveloss.data.LocalSpark.features;
import static org.collectiveloss.data.LocalSpark.fixture;
import static org.collectiveloss.data.LocalSpark.label;
import static org.collectiveloss.data.LocalSpark.list;
import static org.collectiveloss.data.LocalSpark.rows;
import static org.collectiveloss.data.LocalSpark.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArffLoaderTest {

    private static final double NAN = Double.NaN;
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    private static LabelledData load(String name, String body) {
        return DatasetLoaders.load(spark, spec(name, "format = arff, " + body));
    }

    @Test
    void readsNumericAndNominalAttributesWithMissingValues() {
        LabelledData data = load("plants", "paths = " + list(fixture("plants.arff")));

        assertEquals(List.of("fern", "moss", "flowering plant"), data.classNames());
        assertEquals(List.of("height", "soil type=clay", "soil type=sandy loam", "soil type=peat", "leaves",
            "sunny=yes", "sunny=no"), data.featureInfo().names());
        assertEquals(2, data.featureInfo().nominalBlocks().size());
        assertEquals(1, data.featureInfo().nominalBlocks().get(0).start());
        assertTrue(data.fixedTest().isEmpty());

        List<Row> rows = rows(data.train());
        assertEquals(6, rows.size());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), rows.stream().map(r -> r.getLong(0)).toList());
        assertArrayEquals(new double[] {12.5, 1, 0, 0, 4, 1, 0}, features(rows.get(0)));
        assertArrayEquals(new double[] {40.25, 0, 0, 1, 12, 1, 0}, features(rows.get(2)));
        assertEquals(2.0, label(rows.get(2)));
        assertArrayEquals(new double[] {NAN, 1, 0, 0, 6, NAN, NAN}, features(rows.get(3)));
        assertArrayEquals(new double[] {7.5, NAN, NAN, NAN, 2, 0, 1}, features(rows.get(4)));
        assertArrayEquals(new double[] {22, 0, 1, 0, NAN, 1, 0}, features(rows.get(5)));
        assertEquals(List.of(0.0, 1.0, 2.0, 0.0, 1.0, 2.0), rows.stream().map(LocalSpark::label).toList());
        data.unpersist();
    }

    @Test
    void joinsSeveralFilesWithIdsRunningOn() {
        LabelledData data = load("plants", "paths = " + list(fixture("plants.arff"), fixture("plants-more.arff")));

        List<Row> rows = rows(data.train());
        assertEquals(8, rows.size());
        assertEquals(7L, rows.get(7).getLong(0));
        assertArrayEquals(new double[] {30, 1, 0, 0, 9, 1, 0}, features(rows.get(7)));
        data.unpersist();
    }

    @Test
    void fixedTestPartGetsIdsAfterTheTrainingRows() {
        LabelledData data = load("plants", "paths = " + list(fixture("plants.arff")) + ", test-paths = "
            + list(fixture("plants-more.arff")));

        assertEquals(6, data.train().count());
        List<Row> test = rows(data.fixedTest().orElseThrow());
        assertEquals(List.of(6L, 7L), test.stream().map(r -> r.getLong(0)).toList());
        data.unpersist();
    }

    @Test
    void declaredClassWithoutRowsIsDroppedUnlessKept() {
        LabelledData dropped = load("plants", "paths = " + list(fixture("plants-more.arff")));
        assertEquals(List.of("moss", "flowering plant"), dropped.classNames());
        assertEquals(List.of(0.0, 1.0), rows(dropped.train()).stream().map(LocalSpark::label).toList());

        LabelledData kept = load("plants", "paths = " + list(fixture("plants-more.arff"))
            + ", options.keep-empty-classes = true");
        assertEquals(3, kept.numClasses());
        assertEquals(List.of(1.0, 2.0), rows(kept.train()).stream().map(LocalSpark::label).toList());
        dropped.unpersist();
        kept.unpersist();
    }

    @Test
    void classColumnAndDroppedColumnsFromTheRegistry() {
        LabelledData data = load("plants", "paths = " + list(fixture("plants.arff"))
            + ", class-column = sunny, options.drop-columns = [\"soil type\"], skip-bad-rows = true");

        assertEquals(List.of("yes", "no"), data.classNames());
        assertEquals(List.of("height", "leaves", "class=fern", "class=moss", "class=flowering plant"),
            data.featureInfo().names());
        // the fourth row has no value for 'sunny', now the class: a bad row, skipped as asked
        assertEquals(List.of(0L, 1L, 2L, 4L, 5L), rows(data.train()).stream().map(r -> r.getLong(0)).toList());
        data.unpersist();
    }

    @Test
    void undeclaredNominalValueNamesFileLineAndFix() {
        String file = fixture("plants-undeclared.arff");
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> load("plants", "paths = " + list(file)));

        assertEquals(file, e.file());
        assertEquals(7, e.line().orElseThrow());
        assertTrue(e.getMessage().contains("'chalk'"), e.getMessage());
        assertTrue(e.getMessage().contains("[clay, peat]"), e.getMessage());
        assertTrue(e.fix().contains("skip-bad-rows"), e.fix());
    }

    @Test
    void wrongNumberOfValuesNamesTheLine() {
        DataFormatException e = assertThrows(DataFormatException.class,
            () -> load("plants", "paths = " + list(fixture("plants-columns.arff"))));

        assertEquals(7, e.line().orElseThrow());
        assertTrue(e.problem().contains("found 2 values, the header declares 3"), e.problem());
    }

    @Test
    void skippingBadRowsKeepsSourceIds() {
        LabelledData data = load("plants", "paths = " + list(fixture("plants-columns.arff"))
            + ", skip-bad-rows = true");

        assertEquals(List.of(0L, 2L), rows(data.train()).stream().map(r -> r.getLong(0)).toList());
        data.unpersist();
    }

    @Test
    void emptyFileAndMissingDataSection() {
        DataFormatException empty = assertThrows(DataFormatException.class,
            () -> load("plants", "paths = " + list(fixture("empty.arff"))));
        assertTrue(empty.problem().contains("empty"), empty.getMessage());
        assertTrue(empty.getMessage().startsWith(fixture("empty.arff")), empty.getMessage());

        DataFormatException noData = assertThrows(DataFormatException.class,
            () -> load("plants", "paths = " + list(fixture("plants-nodata.arff"))));
        assertTrue(noData.problem().contains("@data"), noData.getMessage());
    }

    @Test
    void filesOfOneSetMustShareTheirAttributes() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> load("plants",
            "paths = " + list(fixture("plants.arff"), fixture("plants-undeclared.arff"))));
        assertEquals(fixture("plants-undeclared.arff"), e.file());
    }

    @Test
    void truncatedGzipNamesTheLastCompleteLine() throws IOException {
        // 15,000 rows: large enough that the header, read in the driver, lies well before the cut.
        StringBuilder text = new StringBuilder("@relation big\n@attribute x numeric\n@attribute c {a, b}\n@data\n");
        for (int i = 0; i < 15_000; i++) {
            text.append(i).append(i % 2 == 0 ? ", a\n" : ", b\n");
        }
        Path whole = tmp.resolve("whole.arff.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
            out.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.arff.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

        LabelledData ok = load("big", "paths = " + list(whole.toString()));
        assertEquals(15_000, ok.train().count());
        ok.unpersist();

        DataFormatException e = assertThrows(DataFormatException.class,
            () -> load("big", "paths = " + list(cut.toString())));
        assertEquals(cut.toString(), e.file());
        assertTrue(e.problem().contains("truncated"), e.getMessage());
        long line = e.line().orElseThrow();
        assertTrue(line > 100 && line < 15_004, "line " + line);
    }
}
