package org.collectiveloss.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Opening, testing and line-numbering the files named in registry entries: Hadoop paths, or bundled resources
 * with the prefix {@value #CLASSPATH}. Text files ending in {@code .gz} are decompressed.
 */
final class DataFiles {

    /** Prefix of a path that names a resource on the class path rather than a file. */
    static final String CLASSPATH = "classpath:";

    private DataFiles() {
    }

    /** The training and test paths a spec resolves to on this system, and whether the fallback was taken. */
    record Resolved(List<String> train, List<String> test, boolean fallback) {
    }

    /** Whether {@code path} exists as a file or directory (or, with the class-path prefix, as a resource). */
    static boolean exists(String path, Configuration conf) {
        if (path.startsWith(CLASSPATH)) {
            return DataFiles.class.getClassLoader().getResource(resourceName(path)) != null;
        }
        try {
            Path p = new Path(path);
            return p.getFileSystem(conf).exists(p);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether every file the spec needs is present, through its own paths or its fallback. */
    static boolean available(DatasetSpec spec, Configuration conf) {
        boolean test = spec.testPaths().stream().allMatch(p -> exists(p, conf));
        boolean own = spec.paths().stream().allMatch(p -> exists(p, conf));
        boolean fallback = !spec.fallbackPaths().isEmpty()
            && spec.fallbackPaths().stream().allMatch(p -> exists(p, conf));
        return test && (own || fallback);
    }

    /**
     * The files to read for {@code spec}: its own paths when all exist, else its fallback when that exists.
     *
     * @throws DataFormatException naming the first missing file and how to get it
     */
    static Resolved resolve(DatasetSpec spec, Configuration conf) {
        for (String p : spec.testPaths()) {
            requireExists(spec, p, conf);
        }
        boolean own = spec.paths().stream().allMatch(p -> exists(p, conf));
        if (own) {
            return new Resolved(spec.paths(), spec.testPaths(), false);
        }
        boolean fallback = !spec.fallbackPaths().isEmpty()
            && spec.fallbackPaths().stream().allMatch(p -> exists(p, conf));
        if (fallback) {
            return new Resolved(spec.fallbackPaths(), spec.testPaths(), true);
        }
        for (String p : spec.paths()) {
            requireExists(spec, p, conf);
        }
        throw new IllegalStateException("unreachable: every path of " + spec.name() + " exists");
    }

    private static void requireExists(DatasetSpec spec, String path, Configuration conf) {
        if (!exists(path, conf)) {
            String install = spec.debianPackage()
                .map(p -> "install the Debian package " + p + " (submit/fetch-datasets), or ")
                .orElse("");
            throw DataFormatException.inFile(path, "file not found (data set '" + spec.name() + "').",
                install + "point datasets." + spec.name() + ".paths at the file on this system.");
        }
    }

    /** Opens the raw bytes of {@code path}, without decompressing. */
    static InputStream openRaw(String path, Configuration conf) throws IOException {
        if (path.startsWith(CLASSPATH)) {
            InputStream in = DataFiles.class.getClassLoader().getResourceAsStream(resourceName(path));
            if (in == null) {
                throw new IOException("resource " + resourceName(path) + " is not on the class path");
            }
            return new BufferedInputStream(in, 1 << 16);
        }
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        return new BufferedInputStream(fs.open(p), 1 << 16);
    }

    /** The length in bytes of {@code path}; -1 for a class-path resource. */
    static long length(String path, Configuration conf) throws IOException {
        if (path.startsWith(CLASSPATH)) {
            return -1;
        }
        Path p = new Path(path);
        return p.getFileSystem(conf).getFileStatus(p).getLen();
    }

    /** Opens {@code path} as UTF-8 text, decompressing names ending in {@code .gz}. */
    static BufferedReader openText(String path, Configuration conf) throws IOException {
        InputStream in = openRaw(path, conf);
        if (isGzipName(path)) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        // a small buffer: header readers stop at the data and should not inflate much beyond it
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 13);
    }

    static boolean isGzipName(String path) {
        return path.endsWith(".gz");
    }

    /**
     * The lines of a text file with their 0-based line index, read by Spark. A bundled resource is read in the
     * driver and parallelised: resources are small by design (digits, 1,797 lines).
     */
    static JavaPairRDD<String, Long> numberedLines(JavaSparkContext jsc, String path, Configuration conf) {
        if (!path.startsWith(CLASSPATH)) {
            return jsc.textFile(path).zipWithIndex();
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = openText(path, conf)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bundled resource " + path, e);
        }
        return jsc.parallelize(lines, 1).zipWithIndex();
    }

    /**
     * Turns a failure of a Spark job over {@code path} into the project's error: a {@link DataFormatException}
     * raised in a task is rethrown as it is; a gzip stream that ends early becomes one naming the last complete
     * line. Any other unchecked exception is returned unchanged, a checked one (Spark's job failure) wrapped, for
     * the caller to throw.
     */
    static RuntimeException explain(Exception failure, String path, Configuration conf) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataFormatException dfe) {
                return dfe;
            }
            if ((t instanceof EOFException || t instanceof ZipException) && isGzipName(path)) {
                long complete = completeLinesOfTruncatedGzip(path, conf);
                return DataFormatException.atLine(path, complete + 1, "the gzip stream is truncated or corrupt ("
                    + t.getMessage() + "); " + complete + " complete line(s) could be read before it.",
                    "the file was cut short while copying or downloading: fetch it again (reinstall its "
                    + "package), or check it with 'gzip -t'.");
            }
        }
        return failure instanceof RuntimeException r ? r
            : new IllegalStateException("Spark failed reading " + path + ": " + failure.getMessage(), failure);
    }

    /** Counts the lines that can be read from a gzip text file before its stream breaks. */
    static long completeLinesOfTruncatedGzip(String path, Configuration conf) {
        long lines = 0;
        try (BufferedReader r = openText(path, conf)) {
            while (r.readLine() != null) {
                lines++;
            }
        } catch (IOException e) {
            // the break is what is being measured: readLine only returns lines whose end it has seen
            return lines;
        }
        return lines;
    }

    private static String resourceName(String path) {
        String name = path.substring(CLASSPATH.length());
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
