package org.collectiveloss.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collectiveloss.SparkTestSession;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.graph.GraphSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export and the diagnostics: CSV file, per-class histograms and their plots, noise-detection AUROC. */
class WeightDiagnosticsTest {

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        // The session the whole test run shares; the JVM's exit stops it.
        spark = SparkTestSession.get();
    }

    /** The six-instance graph of {@link TypicalityWeighterTest}: entropies 0, ln 2, ln 3, 0, 0 and NaN. */
    private static TypicalityWeighterModel handModel() {
        double[] labels = {0, 0, 1, 1, 2, 0};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create((long) i, Vectors.dense(i), labels[i]));
        }
        Object[][] edges = {{0L, 1L, 0.5}, {0L, 5L, 0.25}, {1L, 0L, 0.5}, {1L, 2L, 0.2}, {2L, 3L, 1.0},
            {2L, 4L, 0.5}, {2L, 1L, 0.5}, {3L, 2L, 1.0}, {4L, 0L, 0.1}, {4L, 5L, 0.1}};
        List<Row> edgeRows = new ArrayList<>();
        for (Object[] e : edges) {
            edgeRows.add(RowFactory.create(e));
        }
        return new TypicalityWeighter().fitOnGraph(spark.createDataFrame(rows, DatasetSchema.SCHEMA),
            spark.createDataFrame(edgeRows, GraphSchema.SCHEMA));
    }

    private static Dataset<Row> handData() {
        double[] labels = {0, 0, 1, 1, 2, 0};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create((long) i, Vectors.dense(i), labels[i]));
        }
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }

    @Test
    void csvHasOneRowPerInstanceInIdOrder() throws IOException {
        TypicalityWeighterModel model = handModel();
        Path file = tmp.resolve("out/weights.csv");
        // Shuffled input: the file is still in id order.
        long n = InstanceWeightsCsv.write(model.transform(handData().orderBy(org.apache.spark.sql.functions.rand(3))),
            model, file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(6, n);
        assertEquals(InstanceWeightsCsv.HEADER, lines.get(0));
        assertEquals(7, lines.size());
        double mean = (1 + (1 - Math.log(2) / Math.log(3)) + 0.1 + 1 + 1 + 1) / 6;
        assertLine(lines.get(1), "0,0,2", 0.0, 1.0, 1 / mean);
        assertLine(lines.get(3), "2,1,3", Math.log(3), 1.0 / 3, 0.1 / mean);
        assertLine(lines.get(6), "5,0,0", Double.NaN, Double.NaN, 1 / mean);
        assertTrue(Files.notExists(tmp.resolve("out/weights.csv.tmp")));
    }

    private static void assertLine(String line, String prefix, double entropy, double agreement, double weight) {
        String[] f = line.split(",");
        assertEquals(6, f.length, line);
        assertEquals(prefix, String.join(",", f[0], f[1], f[2]));
        assertEquals(entropy, Double.parseDouble(f[3]), 1e-12, line);
        assertEquals(agreement, Double.parseDouble(f[4]), 1e-12, line);
        assertEquals(weight, Double.parseDouble(f[5]), 1e-12, line);
    }

    @Test
    void histogramsCountPerClassAndLeaveNaNOut() throws IOException {
        Dataset<Row> weighted = handModel().transform(handData());
        ClassHistograms h = ClassHistograms.compute(weighted, "label", "entropy", "entropy", 3, 0, Math.log(3), 3);
        // Bins of width ln 3 / 3: 0 -> bin 0, ln 2 (1.89 bin widths) -> bin 1, ln 3 -> last bin.
        assertArrayEquals(new long[] {1, 1, 0}, h.counts()[0]);     // ids 0, 1 (5 is NaN)
        assertArrayEquals(new long[] {1, 0, 1}, h.counts()[1]);     // ids 3, 2
        assertArrayEquals(new long[] {1, 0, 0}, h.counts()[2]);     // id 4
        assertArrayEquals(new long[] {1, 0, 0}, h.omitted());
        assertEquals(0, ClassHistograms.binOf(-5, 0, 1, 4));
        assertEquals(3, ClassHistograms.binOf(1, 0, 1, 4));
        assertEquals(2, ClassHistograms.binOf(0.5, 0, 1, 4));

        List<Path> files = h.save("Entropy per class", "entropy (nats)", List.of("a", "b", "c"),
            tmp.resolve("plots/entropy"));
        byte[] png = Files.readAllBytes(files.get(0));
        assertTrue(png.length > 1000);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        String svg = Files.readString(files.get(1));
        assertTrue(svg.contains("<svg"), "an SVG document");
        assertTrue(files.get(1).toString().endsWith("entropy.svg"));
        assertThrows(IllegalArgumentException.class,
            () -> ClassHistograms.compute(weighted, "label", "entropy", "entropy", 3, 1, 1, 3));
    }

    @Test
    void aurocOfHandWeights() {
        StructType schema = new StructType().add("weight", DataTypes.DoubleType).add("label", DataTypes.DoubleType)
            .add("cleanLabel", DataTypes.DoubleType);
        // Scores 1 - w: 0.5 and 0 flipped, 0 and -1 clean: wins 1 + 1 + 0.5 + 1 of 4 pairs.
        List<Row> rows = List.of(RowFactory.create(0.5, 1.0, 0.0), RowFactory.create(1.0, 0.0, 0.0),
            RowFactory.create(1.0, 2.0, 1.0), RowFactory.create(2.0, 1.0, 1.0));
        assertEquals(0.875, NoiseDetection.auroc(spark.createDataFrame(rows, schema), "weight", "label",
            "cleanLabel"), 1e-12);
    }

    @Test
    void labelAwareSchemesFindFlippedLabelsAndUniformCannot() {
        // Three well separated clusters; every tenth label flipped to the next class.
        Random random = new Random(4);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            int c = i % 3;
            double angle = 2 * Math.PI * c / 3;
            double label = i % 10 == 0 ? (c + 1) % 3 : c;
            rows.add(RowFactory.create((long) i, Vectors.dense(8 * Math.cos(angle) + random.nextGaussian(),
                8 * Math.sin(angle) + random.nextGaussian()), label, (double) c));
        }
        StructType schema = DatasetSchema.SCHEMA.add(DatasetSchema.CLEAN_LABEL, DataTypes.DoubleType, false);
        Dataset<Row> train = spark.createDataFrame(rows, schema);
        TypicalityWeighter template = new TypicalityWeighter().setK(8).setSeed(2);
        Dataset<Row> edges = template.graphSpec().newBuilder().build(train);
        Map<WeightScheme, Double> auroc = NoiseDetection.bySchemes(template, train, edges).stream()
            .collect(Collectors.toMap(NoiseDetection.Result::scheme, NoiseDetection.Result::auroc));
        assertEquals(6, auroc.size());
        assertEquals(0.5, auroc.get(WeightScheme.UNIFORM), 1e-12);
        assertTrue(auroc.get(WeightScheme.AGREEMENT) > 0.95, auroc.toString());
        assertTrue(auroc.get(WeightScheme.ENTROPY_AGREEMENT) > 0.95, auroc.toString());

        Dataset<Row> clean = train.withColumn("label", org.apache.spark.sql.functions.col("cleanLabel"));
        assertThrows(IllegalArgumentException.class, () -> NoiseDetection.bySchemes(template, clean, edges));
    }
}
