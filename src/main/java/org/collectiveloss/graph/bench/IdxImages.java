package org.collectiveloss.graph.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.data.DatasetSchema;

/**
 * Reads an image set in the IDX format of MNIST and Fashion-MNIST (LeCun et al.; Xiao, Rasul and Vollgraf
 * 2017): images {@code magic 0x00000803, count, rows, columns} (big-endian 32-bit) followed by unsigned bytes;
 * labels {@code magic 0x00000801, count} followed by one byte each; either file may be gzipped. Pixels become
 * features in [0, 1] (value / 255), ids the 0-based image positions.
 *
 * <p>Kept to the graph benchmark, which needs only the training images; the project's data loaders are the
 * place for a general reader.
 */
public final class IdxImages {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private final byte[] pixels;
    private final byte[] labels;
    private final int count;
    private final int size;

    private IdxImages(byte[] pixels, byte[] labels, int count, int size) {
        this.pixels = pixels;
        this.labels = labels;
        this.count = count;
        this.size = size;
    }

    /**
     * Reads the first {@code limit} images (all if {@code limit <= 0}) and their labels.
     *
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException naming the file if its header is not IDX or the counts disagree
     */
    public static IdxImages read(Path images, Path labelFile, int limit) throws IOException {
        try (DataInputStream in = open(images); DataInputStream lin = open(labelFile)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IllegalArgumentException(images + " starts with 0x" + Integer.toHexString(magic)
                    + ", not the IDX image magic 0x00000803; is it an images file (e.g. train-images-idx3-ubyte.gz)?");
            }
            int count = in.readInt();
            int size = in.readInt() * in.readInt();
            int lmagic = lin.readInt();
            int lcount = lin.readInt();
            if (lmagic != LABELS_MAGIC || lcount != count) {
                throw new IllegalArgumentException(labelFile + ": magic 0x" + Integer.toHexString(lmagic) + ", "
                    + lcount + " labels; expected 0x00000801 and " + count + " labels to match " + images);
            }
            int n = limit > 0 ? Math.min(limit, count) : count;
            byte[] pixels = new byte[Math.multiplyExact(n, size)];
            byte[] labels = new byte[n];
            try {
                in.readFully(pixels);
                lin.readFully(labels);
            } catch (EOFException e) {
                throw new IllegalArgumentException(images + " or " + labelFile + " ends before the " + n
                    + " images its header announces", e);
            }
            return new IdxImages(pixels, labels, n, size);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }

    public int count() {
        return count;
    }

    public int pixelsPerImage() {
        return size;
    }

    /** The images as rows of the {@link DatasetSchema} layout, built on the executors from the raw bytes. */
    public Dataset<Row> frame(SparkSession spark, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Chunk> chunks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) count * p / partitions);
            int to = (int) ((long) count * (p + 1) / partitions);
            byte[] px = new byte[(to - from) * size];
            System.arraycopy(pixels, from * size, px, 0, px.length);
            byte[] lb = new byte[to - from];
            System.arraycopy(labels, from, lb, 0, lb.length);
            chunks.add(new Chunk(from, px, lb, size));
        }
        JavaRDD<Row> rows = sc.parallelize(chunks, partitions).flatMap(c -> {
            List<Row> out = new ArrayList<>(c.labels.length);
            for (int i = 0; i < c.labels.length; i++) {
                double[] x = new double[c.size];
                for (int j = 0; j < c.size; j++) {
                    x[j] = (c.pixels[i * c.size + j] & 0xff) / 255.0;
                }
                out.add(RowFactory.create((long) (c.first + i), Vectors.dense(x), (double) (c.labels[i] & 0xff)));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }

    /** A run of images shipped to one task. */
    private record Chunk(int first, byte[] pixels, byte[] labels, int size) implements java.io.Serializable {
    }
}
