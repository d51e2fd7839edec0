package org.collectiveloss.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads IDX files, the binary format of MNIST and Fashion-MNIST, gzip-compressed or not (detected from the
 * first bytes, not the name), into the common frame with dense vectors.
 *
 * <p>An entry's {@code paths} (and {@code test-paths}) are an images file (first dimension N records, the others
 * flattened into the feature vector in row-major order, values as stored: 0..255 for unsigned bytes) and a labels
 * file (one dimension, N integer labels). Class names are {@code options.classes}, whose order is the label
 * index, or {@code 0..max label}.
 *
 * <p>How the work is divided: the driver reads the 16-byte image header and the whole labels file (one byte per
 * record for MNIST-style sets, 60 kB for Fashion-MNIST's training part) and checks the counts, the label range
 * and, for an uncompressed file, the file size. The images are decoded by Spark: the N records are cut into
 * slices of about 10,000 records, at most two slices per core; each task opens the file, inflates and discards
 * the records before its slice, and decodes its own, one record at a time. A gzip stream cannot be entered in
 * the middle, so the discarded prefixes are the price of parallel decoding; with the slice count bounded, they
 * add up to at most about one extra pass over the file per core. The last slice checks that the stream ends
 * exactly where the header says it must; a gzip stream that is cut short is reported with the record it breaks
 * in.
 *
 * <p>Not supported: IDX files whose first dimension is not the record count; labels of more than one dimension.
 */
final class IdxLoader implements DatasetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(IdxLoader.class);
    private static final int MIN_RECORDS_PER_SLICE = 10_000;

    @Override
    public LabelledData load(SparkSession spark, DatasetSpec spec) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        DataFiles.Resolved files = DataFiles.resolve(spec, conf);
        long start = LoadSupport.start(spec, files);

        // Headers and labels in the driver: small, and they decide everything the tasks need.
        Part train = part(files.train(), conf);
        Optional<Part> test = files.test().isEmpty() ? Optional.empty() : Optional.of(part(files.test(), conf));
        if (test.isPresent() && test.get().images.recordLength() != train.images.recordLength()) {
            throw DataFormatException.inFile(files.test().get(0), "its records have " + test.get().images
                .recordLength() + " values, those of the training file " + train.images.recordLength() + ".",
                "use the test file that belongs to " + files.train().get(0) + ".");
        }
        int maxLabel = Math.max(train.maxLabel(), test.map(Part::maxLabel).orElse(0));
        List<String> classNames = LoadSupport.declaredClasses(spec).orElseGet(() -> IntStream.rangeClosed(0,
            maxLabel).mapToObj(String::valueOf).collect(Collectors.toList()));
        long skipped = checkLabels(spec, train, classNames.size()) + test.map(t -> checkLabels(spec, t,
            classNames.size())).orElse(0L);
        if (skipped > 0) {
            LOG.warn("{}: skipped {} record(s) with a label outside 0..{} as skip-bad-rows = true", spec.name(),
                skipped, classNames.size() - 1);
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration sconf = new SerializableConfiguration(conf);
        Dataset<Row> trainRows = frame(spark, jsc, sconf, train, 0, classNames.size());
        Optional<Dataset<Row>> testRows = test.map(t -> frame(spark, jsc, sconf, t, train.images.count(),
            classNames.size()));
        FeatureInfo info = FeatureInfo.unnamed(train.images.recordLength());
        try {
            return LoadSupport.finish(spec, files, trainRows, testRows, classNames, info, start);
        } catch (Exception e) {
            trainRows.unpersist();
            testRows.ifPresent(Dataset::unpersist);
            throw DataFiles.explain(e, files.train().get(0), conf);
        }
    }

    /** An images file with its labels. */
    private record Part(String imagesFile, Header images, String labelsFile, int[] labels) {

        int maxLabel() {
            int max = 0;
            for (int l : labels) {
                max = Math.max(max, l);
            }
            return max;
        }
    }

    private static Part part(List<String> pair, Configuration conf) {
        Header images = header(pair.get(0), conf);
        int[] labels = readLabels(pair.get(1), conf);
        if (labels.length != images.count()) {
            throw DataFormatException.inFile(pair.get(1), "it holds " + labels.length + " labels but the images "
                + "file " + pair.get(0) + " declares " + images.count() + " records.",
                "use the labels file that belongs to the images file (paths = [images, labels]).");
        }
        if (!images.gzip()) {
            try {
                long length = DataFiles.length(pair.get(0), conf);
                if (length >= 0 && length != images.expectedBytes()) {
                    throw DataFormatException.inFile(pair.get(0), "the header declares " + images.describe()
                        + " = " + images.expectedBytes() + " bytes, the file has " + length + " bytes.",
                        "the header disagrees with the file size: the file is incomplete or damaged; fetch it "
                        + "again.");
                }
            } catch (IOException e) {
                throw DataFormatException.inFile(pair.get(0), "cannot be read: " + e, "check the path.");
            }
        }
        return new Part(pair.get(0), images, pair.get(1), labels);
    }

    /** Returns how many records have a label outside {@code 0..C-1}; fails on the first unless skipping. */
    private static long checkLabels(DatasetSpec spec, Part part, int numClasses) {
        long bad = 0;
        List<Long> shown = new ArrayList<>();
        for (int i = 0; i < part.labels.length; i++) {
            if (part.labels[i] >= numClasses) {
                if (!spec.skipBadRows()) {
                    throw DataFormatException.atRecord(part.labelsFile, i + 1, "label " + part.labels[i]
                        + " is outside 0.." + (numClasses - 1) + " (options.classes names " + numClasses
                        + " classes).", "add the missing class names to datasets." + spec.name()
                        + ".options.classes, or set skip-bad-rows = true to skip such records.");
                }
                bad++;
                if (shown.size() < ScanSummary.KEPT_BAD_LINES) {
                    shown.add(i + 1L);
                }
            }
        }
        if (bad > 0) {
            LOG.warn("{}: records {} (first {} shown) have labels outside 0..{}; skipped", part.labelsFile, shown,
                shown.size(), numClasses - 1);
        }
        return bad;
    }

    private static Dataset<Row> frame(SparkSession spark, JavaSparkContext jsc, SerializableConfiguration conf,
                                      Part part, long firstId, int numClasses) {
        Header h = part.images;
        int slices = (int) Math.max(1, Math.min(2L * jsc.defaultParallelism(),
            (h.count() + MIN_RECORDS_PER_SLICE - 1) / MIN_RECORDS_PER_SLICE));
        Broadcast<int[]> labels = jsc.broadcast(part.labels);
        String file = part.imagesFile;
        List<Integer> ids = IntStream.range(0, slices).boxed().collect(Collectors.toList());
        JavaRDD<Row> rows = jsc.parallelize(ids, slices).flatMap(s -> new SliceReader(file, h, conf.value(),
            h.count() * s / slices, h.count() * (s + 1) / slices, s == slices - 1, labels.value(), numClasses,
            firstId));
        return spark.createDataFrame(rows, DatasetSchema.SCHEMA);
    }

    /**
     * Decodes records {@code [from, to)} of an images file one at a time, so that a task holds one record, not
     * its whole slice; runs in a Spark task and closes the file when the slice is done or the task ends.
     */
    private static final class SliceReader implements java.util.Iterator<Row> {

        private final String file;
        private final Header h;
        private final long to;
        private final boolean last;
        private final int[] labels;
        private final int numClasses;
        private final long firstId;
        private final byte[] record;
        private InputStream in;
        private long next;
        private Row pending;

        SliceReader(String file, Header h, Configuration conf, long from, long to, boolean last, int[] labels,
                    int numClasses, long firstId) throws IOException {
            this.file = file;
            this.h = h;
            this.to = to;
            this.last = last;
            this.labels = labels;
            this.numClasses = numClasses;
            this.firstId = firstId;
            this.record = new byte[h.recordLength() * h.type().bytes];
            this.in = open(file, conf);
            org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
            if (task != null) {
                task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> close());
            }
            long skip = h.headerBytes() + from * record.length;
            long skipped = skipRecords(file, h, in, skip);
            if (skipped < skip) {
                close();
                throw shortFile(file, h, (skipped - h.headerBytes()) / record.length);
            }
            this.next = from;
        }

        @Override
        public boolean hasNext() {
            try {
                while (pending == null && next < to) {
                    long r = next++;
                    if (readFully(file, h, r, in, record) < record.length) {
                        throw shortFile(file, h, r);
                    }
                    if (labels[(int) r] < numClasses) {
                        pending = RowFactory.create(firstId + r, Vectors.dense(h.type().decode(record,
                            h.recordLength())), (double) labels[(int) r]);
                    }
                }
                if (pending == null && in != null) {
                    if (last) {
                        checkEnd();
                    }
                    close();
                }
                return pending != null;
            } catch (IOException e) {
                close();
                throw new java.io.UncheckedIOException("Reading " + file + " failed", e);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Row r = pending;
            pending = null;
            return r;
        }

        private void checkEnd() throws IOException {
            long extra;
            try {
                extra = discard(in, Long.MAX_VALUE);
            } catch (EOFException | ZipException e) {
                throw DataFormatException.inFile(file, "the gzip stream is truncated or corrupt (" + e.getMessage()
                    + ") after its last record: its end marker is missing.", "fetch the file again, or check it "
                    + "with 'gzip -t'.");
            }
            if (extra > 0) {
                throw DataFormatException.inFile(file, "the file holds " + extra + " byte(s) more than its "
                    + "header declares (" + h.describe() + ").", "the header disagrees with the file size: "
                    + "the file is damaged or not this layout; fetch it again.");
            }
        }

        private void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the data has been read; a failing close changes nothing about it
                }
                in = null;
            }
        }
    }

    /** Reads one record; returns fewer bytes than asked only at a clean end of the stream. */
    private static int readFully(String file, Header h, long record, InputStream in, byte[] buf)
        throws IOException {
        return readFully(file, h, record, in, buf, buf.length);
    }

    /** Reads {@code len} bytes into {@code buf}, fewer only at a clean end of the stream. */
    private static int readFully(String file, Header h, long record, InputStream in, byte[] buf, int len)
        throws IOException {
        int n = 0;
        while (n < len) {
            int r;
            try {
                r = in.read(buf, n, len - n);
            } catch (EOFException | ZipException e) {
                long at = record + 1 + n / ((long) h.recordLength() * h.type().bytes);
                throw DataFormatException.atRecord(file, at, "the gzip stream is truncated or corrupt ("
                    + e.getMessage() + ") inside record " + at + " of " + h.count() + ".",
                    "the file was cut short while copying or downloading: fetch it again, or check it with "
                    + "'gzip -t'.");
            }
            if (r < 0) {
                return n;
            }
            n += r;
        }
        return n;
    }

    private static DataFormatException shortFile(String file, Header h, long completeRecords) {
        return DataFormatException.atRecord(file, completeRecords + 1, "the file ends after " + completeRecords
            + " complete record(s), but its header declares " + h.describe() + ".", "the header disagrees with "
            + "the file size: the file is incomplete; fetch it again.");
    }

    /** Drops the first {@code n} bytes of an images stream; a broken stream is reported at its record. */
    private static long skipRecords(String file, Header h, InputStream in, long n) throws IOException {
        byte[] scratch = new byte[1 << 16];
        long done = 0;
        try {
            while (done < n) {
                int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
        } catch (EOFException | ZipException e) {
            long record = Math.max(0, done - h.headerBytes()) / ((long) h.recordLength() * h.type().bytes) + 1;
            throw DataFormatException.atRecord(file, record, "the gzip stream is truncated or corrupt ("
                + e.getMessage() + ") inside record " + record + " of " + h.count() + ".",
                "the file was cut short while copying or downloading: fetch it again, or check it with "
                + "'gzip -t'.");
        }
        return done;
    }

    /** Reads and drops up to {@code n} bytes; returns how many there were. */
    private static long discard(InputStream in, long n) throws IOException {
        byte[] scratch = new byte[1 << 16];
        long done = 0;
        while (done < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    private static InputStream open(String file, Configuration conf) throws IOException {
        InputStream raw = DataFiles.openRaw(file, conf);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** IDX value types: the third byte of the magic number. */
    enum ValueType {
        UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        final int code;
        final int bytes;

        ValueType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static ValueType of(int code) {
            for (ValueType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }

        boolean integral() {
            return this != FLOAT && this != DOUBLE;
        }

        double[] decode(byte[] b, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = value(b, i * bytes);
            }
            return v;
        }

        double value(byte[] b, int at) {
            return switch (this) {
                case UBYTE -> b[at] & 0xFF;
                case BYTE -> b[at];
                case SHORT -> (short) ((b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF));
                case INT -> readInt(b, at);
                case FLOAT -> Float.intBitsToFloat(readInt(b, at));
                case DOUBLE -> Double.longBitsToDouble((long) readInt(b, at) << 32 | (readInt(b, at + 4)
                    & 0xFFFFFFFFL));
            };
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /**
     * The header of an IDX file.
     *
     * @param type  value type
     * @param dims  dimension sizes; the first is the record count
     * @param gzip  whether the file is gzip-compressed
     */
    record Header(ValueType type, int[] dims, boolean gzip) implements Serializable {

        long count() {
            return dims[0];
        }

        int recordLength() {
            int n = 1;
            for (int i = 1; i < dims.length; i++) {
                n *= dims[i];
            }
            return n;
        }

        int headerBytes() {
            return 4 + 4 * dims.length;
        }

        long expectedBytes() {
            return headerBytes() + count() * recordLength() * type.bytes;
        }

        String describe() {
            StringBuilder s = new StringBuilder().append(count()).append(" records");
            for (int i = 1; i < dims.length; i++) {
                s.append(i == 1 ? " of " : "x").append(dims[i]);
            }
            return s.append(' ').append(type.name().toLowerCase()).append(" values").toString();
        }
    }

    /** Reads and checks the header of {@code file}. */
    static Header header(String file, Configuration conf) {
        try (InputStream in = open(file, conf)) {
            return header(file, in, gzipMagic(file, conf));
        } catch (IOException e) {
            throw DataFormatException.inFile(file, "cannot be read: " + e, "check the path and permissions.");
        }
    }

    private static boolean gzipMagic(String file, Configuration conf) throws IOException {
        try (InputStream raw = DataFiles.openRaw(file, conf)) {
            return raw.read() == 0x1f && raw.read() == 0x8b;
        }
    }

    private static Header header(String file, InputStream in, boolean gzip) throws IOException {
        byte[] magic = new byte[4];
        int got = readHeaderBytes(file, in, magic);
        if (got == 0) {
            throw DataFormatException.inFile(file, "the file is empty (0 bytes of IDX data).",
                "the file was not copied completely: fetch it again (reinstall its package).");
        }
        if (got < 4 || magic[0] != 0 || magic[1] != 0 || ValueType.of(magic[2] & 0xFF) == null || magic[3] < 1) {
            throw DataFormatException.inFile(file, "the first bytes are not an IDX magic number (0 0 type "
                + "dimensions); found " + hex(magic, got) + ".", "check that this is an IDX file (MNIST layout) "
                + "and that paths lists the images file, then the labels file.");
        }
        ValueType type = ValueType.of(magic[2] & 0xFF);
        int[] dims = new int[magic[3]];
        byte[] four = new byte[4];
        for (int d = 0; d < dims.length; d++) {
            if (readHeaderBytes(file, in, four) < 4) {
                throw DataFormatException.inFile(file, "the header ends inside dimension " + (d + 1) + " of "
                    + dims.length + ".", "the file is incomplete: fetch it again.");
            }
            dims[d] = readInt(four, 0);
            if (dims[d] < 0) {
                throw DataFormatException.inFile(file, "dimension " + (d + 1) + " is negative (" + dims[d]
                    + ").", "the header is damaged: fetch the file again.");
            }
        }
        return new Header(type, dims, gzip);
    }

    private static int readHeaderBytes(String file, InputStream in, byte[] buf) throws IOException {
        int n = 0;
        try {
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (EOFException | ZipException e) {
            throw DataFormatException.inFile(file, "the gzip stream is truncated or corrupt inside the header ("
                + e.getMessage() + ").", "fetch the file again, or check it with 'gzip -t'.");
        }
        return n;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(String.format("%02x ", b[i] & 0xFF));
        }
        return n == 0 ? "nothing" : s.toString().trim();
    }

    /** Reads a whole labels file in the driver (one small value per record) and checks its size. */
    static int[] readLabels(String file, Configuration conf) {
        try (InputStream in = open(file, conf)) {
            Header h = header(file, in, false);
            if (h.dims().length != 1 || !h.type().integral()) {
                throw DataFormatException.inFile(file, "a labels file has one dimension of integers; this header "
                    + "declares " + h.describe() + ".", "list the images file first and the labels file second "
                    + "in paths.");
            }
            int[] labels = new int[(int) h.count()];
            int width = h.type().bytes;
            byte[] buf = new byte[width * Math.max(1, Math.min(labels.length, 1 << 16))];
            int perChunk = buf.length / width;
            for (int i = 0; i < labels.length; i++) {
                int k = i % perChunk;
                if (k == 0) {
                    int want = Math.min(perChunk, labels.length - i) * width;
                    int got = readFully(file, h, i, in, buf, want);
                    if (got < want) {
                        throw shortFile(file, h, i + got / width);
                    }
                }
                double v = h.type().value(buf, k * width);
                if (v < 0) {
                    throw DataFormatException.atRecord(file, i + 1, "label " + (long) v + " is negative.",
                        "labels are class indices 0..C-1: fetch the file again.");
                }
                labels[i] = (int) v;
            }
            long extra = discard(in, Long.MAX_VALUE);
            if (extra > 0) {
                throw DataFormatException.inFile(file, "the file holds " + extra + " byte(s) more than its header "
                    + "declares (" + h.describe() + ").", "the header disagrees with the file size: the file is "
                    + "damaged; fetch it again.");
            }
            return labels;
        } catch (EOFException | ZipException e) {
            throw DataFormatException.inFile(file, "the gzip stream is truncated or corrupt (" + e.getMessage()
                + ").", "fetch the file again, or check it with 'gzip -t'.");
        } catch (IOException e) {
            throw DataFormatException.inFile(file, "cannot be read: " + e, "check the path and permissions.");
        }
    }
}
