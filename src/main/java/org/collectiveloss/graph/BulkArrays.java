package org.collectiveloss.graph;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Java serialisation of large primitive arrays in bulk. {@code ObjectOutputStream} writes a float or int array
 * element by element; copying it through a byte buffer in 1 MB pieces is several times faster, which matters
 * for the feature matrix (188 MB for Fashion-MNIST) that goes to the driver and out again as a broadcast.
 */
final class BulkArrays {

    private static final int CHUNK = 1 << 20;

    private BulkArrays() {
    }

    static void writeFloats(ObjectOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        byte[] buf = new byte[Math.min(CHUNK, 4 * values.length)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += buf.length / 4) {
            int count = Math.min(buf.length / 4, values.length - from);
            bb.clear();
            bb.asFloatBuffer().put(values, from, count);
            out.write(buf, 0, 4 * count);
        }
    }

    static float[] readFloats(ObjectInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        byte[] buf = new byte[Math.min(CHUNK, 4 * values.length)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += buf.length / 4) {
            int count = Math.min(buf.length / 4, values.length - from);
            in.readFully(buf, 0, 4 * count);
            bb.clear();
            bb.asFloatBuffer().get(values, from, count);
        }
        return values;
    }

    static void writeInts(ObjectOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        byte[] buf = new byte[Math.min(CHUNK, 4 * values.length)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += buf.length / 4) {
            int count = Math.min(buf.length / 4, values.length - from);
            bb.clear();
            bb.asIntBuffer().put(values, from, count);
            out.write(buf, 0, 4 * count);
        }
    }

    static int[] readInts(ObjectInputStream in) throws IOException {
        int[] values = new int[in.readInt()];
        byte[] buf = new byte[Math.min(CHUNK, 4 * values.length)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += buf.length / 4) {
            int count = Math.min(buf.length / 4, values.length - from);
            in.readFully(buf, 0, 4 * count);
            bb.clear();
            bb.asIntBuffer().get(values, from, count);
        }
        return values;
    }

    static void writeLongs(ObjectOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        byte[] buf = new byte[Math.min(CHUNK, 8 * values.length)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += buf.length / 8) {
            int count = Math.min(buf.length / 8, values.length - from);
            bb.clear();
            bb.asLongBuffer().put(values, from, count);
            out.write(buf, 0, 8 * count);
        }
    }

    static long[] readLongs(ObjectInputStream in) throws IOException {
        long[] values = new long[in.readInt()];
        byte[] buf = new byte[Math.min(CHUNK, 8 * values.length)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += buf.length / 8) {
            int count = Math.min(buf.length / 8, values.length - from);
            in.readFully(buf, 0, 8 * count);
            bb.clear();
            bb.asLongBuffer().get(values, from, count);
        }
        return values;
    }
}
