package org.collectiveloss.data;

import static org.collectiveloss.data.LocalSpark.features;
import static org.collectiveloss.data.LocalSpark.fixture;
import static org.collectiveloss.data.LocalSpark.label;
import static org.collectiveloss.data.LocalSpark.list;
import static org.collectiveloss.data.LocalSpark.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX fixtures are written at test time: records of 3x2 unsigned bytes, labels 0, 1, 2, 0, 1, 2, ... */
class IdxLoaderTest {

    private static final int TRAIN = 25_000;
    private static final int TEST = 7;
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    private static int pixel(int record, int i) {
        return (record * 7 + i * 31) % 256;
    }

    /** An images file declaring {@code declared} records and holding {@code actual}. */
    private static byte[] images(int declared, int actual) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x08, 3});
        out.writeInt(declared);
        out.writeInt(3);
        out.writeInt(2);
        for (int r = 0; r < actual; r++) {
            for (int i = 0; i < 6; i++) {
                out.write(pixel(r, i));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int n, int classes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x08, 1});
        out.writeInt(n);
        for (int r = 0; r < n; r++) {
            out.write(r % classes);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
        return p;
    }

    private static LabelledData load(Path images, Path labels, String more) {
        return DatasetLoaders.load(spark, spec("tiny", "format = idx, paths = " + list(images.toString(),
            labels.toString()) + more));
    }

    @Test
    void decodesGzipTrainingAndRawTestFilesInSlices() throws IOException {
        Path trainImages = write("train-images.gz", images(TRAIN, TRAIN), true);
        Path trainLabels = write("train-labels.gz", labels(TRAIN, 3), true);
        Path testImages = write("test-images", images(TEST, TEST), false);
        Path testLabels = write("test-labels", labels(TEST, 3), false);

        LabelledData data = load(trainImages, trainLabels, ", test-paths = " + list(testImages.toString(),
            testLabels.toString()) + ", options.classes = [a, b, c]");

        assertEquals(List.of("a", "b", "c"), data.classNames());
        assertEquals(6, data.numFeatures());
        assertEquals(TRAIN, data.train().count());
        assertEquals(TRAIN, data.train().select(DatasetSchema.ID).distinct().count());
        Row r = data.train().filter(functions.col(DatasetSchema.ID).equalTo(12_345L)).first();
        double[] expected = new double[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = pixel(12_345, i);
        }
        assertArrayEquals(expected, features(r));
        assertEquals(12_345 % 3, label(r));

        List<Row> test = LocalSpark.rows(data.fixedTest().orElseThrow());
        assertEquals(TEST, test.size());
        assertEquals(TRAIN, test.get(0).getLong(0));
        assertEquals(pixel(6, 5), features(test.get(6))[5]);
        data.unpersist();
    }

    @Test
    void headerThatPromisesMoreRecordsThanTheGzipHolds() throws IOException {
        Path images = write("short.gz", images(TRAIN, TRAIN - 10), true);
        Path labels = write("labels.gz", labels(TRAIN, 3), true);

        DataFormatException e = assertThrows(DataFormatException.class, () -> load(images, labels, ""));
        assertEquals(images.toString(), e.file());
        assertEquals(TRAIN - 9, e.line().orElseThrow());
        assertTrue(e.problem().contains("declares " + TRAIN + " records"), e.getMessage());
        assertTrue(e.fix().contains("header disagrees with the file size"), e.fix());
    }

    @Test
    void headerThatPromisesFewerRecordsThanTheFileHolds() throws IOException {
        Path images = write("long.gz", images(TEST, TEST + 2), true);
        Path labels = write("labels.gz", labels(TEST, 3), true);

        DataFormatException e = assertThrows(DataFormatException.class, () -> load(images, labels, ""));
        assertTrue(e.problem().contains("12 byte(s) more than its header declares"), e.getMessage());

        Path raw = write("long-raw", images(TEST, TEST + 2), false);
        DataFormatException r = assertThrows(DataFormatException.class, () -> load(raw, labels, ""));
        assertTrue(r.problem().contains("the file has " + (16 + 6 * (TEST + 2)) + " bytes"), r.getMessage());
    }

    @Test
    void truncatedGzipNamesTheRecord() throws IOException {
        Path whole = write("whole.gz", images(TRAIN, TRAIN), true);
        byte[] gz = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length * 2 / 3));
        Path labels = write("labels.gz", labels(TRAIN, 3), true);

        DataFormatException e = assertThrows(DataFormatException.class, () -> load(cut, labels, ""));
        assertEquals(cut.toString(), e.file());
        assertTrue(e.problem().contains("truncated"), e.getMessage());
        assertTrue(e.line().isPresent() && e.line().getAsLong() > 1, e.getMessage());
    }

    @Test
    void labelsThatDoNotMatchTheImages() throws IOException {
        Path images = write("images.gz", images(TEST, TEST), true);
        Path labels = write("labels.gz", labels(TEST + 1, 3), true);

        DataFormatException e = assertThrows(DataFormatException.class, () -> load(images, labels, ""));
        assertEquals(labels.toString(), e.file());
        assertTrue(e.problem().contains("8 labels") && e.problem().contains("declares 7 records"),
            e.getMessage());
    }

    @Test
    void labelOutsideTheNamedClassesFailsOrIsSkipped() throws IOException {
        Path images = write("images", images(TEST, TEST), false);
        Path labels = write("labels", labels(TEST, 3), false);

        DataFormatException e = assertThrows(DataFormatException.class,
            () -> load(images, labels, ", options.classes = [a, b]"));
        assertEquals(3, e.line().orElseThrow());
        assertTrue(e.fix().contains("options.classes"), e.fix());

        LabelledData data = load(images, labels, ", options.classes = [a, b], skip-bad-rows = true");
        assertEquals(List.of(0L, 1L, 3L, 4L, 6L), LocalSpark.rows(data.train()).stream().map(x -> x.getLong(0))
            .toList());
        data.unpersist();
    }

    @Test
    void emptyAndForeignFiles() throws IOException {
        Path empty = write("empty", new byte[0], false);
        Path labels = write("labels", labels(TEST, 3), false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> load(empty, labels, ""));
        assertTrue(e.problem().contains("empty"), e.getMessage());

        DataFormatException f = assertThrows(DataFormatException.class,
            () -> load(Path.of(fixture("flowers.csv")), labels, ""));
        assertTrue(f.problem().contains("not an IDX magic number"), f.getMessage());
    }
}
