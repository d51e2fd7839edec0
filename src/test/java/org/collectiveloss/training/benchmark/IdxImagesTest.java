package org.collectiveloss.training.benchmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImagesTest {

    @TempDir
    Path tmp;

    /** Writes an IDX file: magic, dimensions, then the bytes; gzipped when the name ends in .gz. */
    private Path write(String name, int magic, int[] dims, byte[] data) throws IOException {
        Path file = tmp.resolve(name);
        OutputStream raw = Files.newOutputStream(file);
        try (DataOutputStream out = new DataOutputStream(name.endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return file;
    }

    @Test
    void readsImagesScaledToUnitRangeAndLabels() throws IOException {
        byte[] pixels = {0, (byte) 255, 51, 102, (byte) 204, 0, 17, (byte) 128, 1, 2, 3, 4};
        Path images = write("img.gz", 0x803, new int[] {3, 2, 2}, pixels);
        Path labels = write("lab", 0x801, new int[] {3}, new byte[] {7, 0, 9});
        IdxImages data = IdxImages.read(images, labels);
        assertEquals(3, data.size());
        assertEquals(2, data.height());
        assertEquals(2, data.width());
        assertArrayEquals(new int[] {7, 0, 9}, data.labels());
        assertEquals(10, data.numClasses());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f}, data.pixels()[0], 1e-7f);
        assertArrayEquals(new float[] {0.8f, 0f, 17 / 255f, 128 / 255f}, data.pixels()[1], 1e-7f);
    }

    @Test
    void namesTheFileWhenItIsNotIdxTruncatedOrMismatched() throws IOException {
        Path labels = write("lab", 0x801, new int[] {2}, new byte[] {1, 2});
        Path notImages = write("img", 0x801, new int[] {2}, new byte[] {1, 2});
        IllegalArgumentException magic = assertThrows(IllegalArgumentException.class,
            () -> IdxImages.read(notImages, labels));
        assertTrue(magic.getMessage().contains(notImages.toString()), magic.getMessage());

        Path three = write("img3", 0x803, new int[] {3, 1, 1}, new byte[] {1, 2, 3});
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
            () -> IdxImages.read(three, labels));
        assertTrue(count.getMessage().contains("3 images") && count.getMessage().contains("2 labels"),
            count.getMessage());

        Path truncated = write("short", 0x803, new int[] {2, 2, 2}, new byte[] {1, 2, 3, 4, 5});
        IllegalArgumentException eof = assertThrows(IllegalArgumentException.class,
            () -> IdxImages.read(truncated, labels));
        assertTrue(eof.getMessage().contains("truncated"), eof.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> IdxImages.read(tmp.resolve("none.gz"), labels));
        assertTrue(missing.getMessage().contains("none.gz"), missing.getMessage());
    }
}
