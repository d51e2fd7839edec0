package org.collectiveloss.training.benchmark;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A labelled image set read from a pair of IDX files (the format of MNIST and Fashion-MNIST: a big-endian header of
 * magic number and dimensions, then unsigned bytes), with pixels scaled to [0, 1] by dividing by 255. Files ending in
 * {@code .gz} are decompressed on the fly.
 *
 * <p>This reader serves the training benchmark only, which needs nothing but the raw pixels; experiments load data
 * sets through the project's data stage.
 *
 * @param pixels one row of {@code height * width} values in [0, 1] per image, row-major
 * @param labels class index of each image
 * @param height image height
 * @param width  image width
 */
public record IdxImages(float[][] pixels, int[] labels, int height, int width) {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Number of distinct classes, taken as the largest label plus one. */
    public int numClasses() {
        int max = 0;
        for (int y : labels) {
            max = Math.max(max, y);
        }
        return max + 1;
    }

    /**
     * Reads an image file and its label file.
     *
     * @throws IllegalArgumentException naming the file if it is missing, not IDX, truncated or the counts differ
     */
    public static IdxImages read(Path imagesFile, Path labelsFile) {
        try (DataInputStream images = open(imagesFile); DataInputStream labels = open(labelsFile)) {
            int imagesMagic = images.readInt();
            if (imagesMagic != IMAGES_MAGIC) {
                throw new IllegalArgumentException(imagesFile + " starts with magic number 0x"
                    + Integer.toHexString(imagesMagic) + ", not 0x803; it is not an IDX file of unsigned-byte images.");
            }
            int n = images.readInt();
            int height = images.readInt();
            int width = images.readInt();
            int labelsMagic = labels.readInt();
            if (labelsMagic != LABELS_MAGIC) {
                throw new IllegalArgumentException(labelsFile + " starts with magic number 0x"
                    + Integer.toHexString(labelsMagic) + ", not 0x801; it is not an IDX file of labels.");
            }
            int nLabels = labels.readInt();
            if (nLabels != n) {
                throw new IllegalArgumentException(imagesFile + " holds " + n + " images but " + labelsFile
                    + " holds " + nLabels + " labels; give the matching pair of files.");
            }
            float[][] pixels = new float[n][height * width];
            byte[] buffer = new byte[height * width];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                images.readFully(buffer);
                for (int j = 0; j < buffer.length; j++) {
                    pixels[i][j] = (buffer[j] & 0xFF) / 255f;
                }
                y[i] = labels.readUnsignedByte();
            }
            return new IdxImages(pixels, y, height, width);
        } catch (EOFException e) {
            throw new IllegalArgumentException(imagesFile + " or " + labelsFile + " ends before the number of"
                + " images its header announces; the file is truncated.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + imagesFile + " / " + labelsFile, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("IDX file " + file + " does not exist; point --data-dir at the"
                + " folder holding train-images-idx3-ubyte.gz and its siblings.");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }
}
