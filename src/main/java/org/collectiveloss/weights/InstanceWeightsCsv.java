package org.collectiveloss.weights;

import static org.apache.spark.sql.functions.col;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the typicality of each instance as one CSV file, one row per instance in id order, with the header
 * {@value #HEADER}. Labels are written as integers; entropy and agreement of isolated instances as {@code NaN};
 * doubles with the shortest text that reads back to the same value.
 *
 * <p>The rows stream to the driver a partition at a time, so the driver holds one partition, not the whole set.
 * The file is written beside its final name and moved there when complete.
 */
public final class InstanceWeightsCsv {

    /** The header line. */
    public static final String HEADER = "id,label,degree,entropy,agreement,weight";

    private InstanceWeightsCsv() {
    }

    /**
     * Writes the output of a {@link TypicalityWeighterModel}'s transform.
     *
     * @param weighted rows with the model's id, label and output columns
     * @param params   the model (or stage) whose column params name the columns
     * @return the number of rows written
     */
    public static long write(Dataset<Row> weighted, TypicalityWeighterParams params, Path file) {
        Dataset<Row> rows = weighted.select(col(params.getIdCol()), col(params.getLabelCol()),
                col(params.getDegreeCol()), col(params.getEntropyCol()), col(params.getAgreementCol()),
                col(params.getWeightCol()))
            .orderBy(col(params.getIdCol()));
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        long n = 0;
        try {
            Files.createDirectories(target.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.newLine();
                Iterator<Row> it = rows.toLocalIterator();
                while (it.hasNext()) {
                    out.write(line(it.next()));
                    out.newLine();
                    n++;
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the instance weights to " + target, e);
        }
        return n;
    }

    /** One CSV line of a row (id, label, degree, entropy, agreement, weight). */
    static String line(Row r) {
        double label = ((Number) r.get(1)).doubleValue();
        String labelText = label == Math.rint(label) ? Long.toString((long) label) : Double.toString(label);
        return String.join(",", List.of(Long.toString(((Number) r.get(0)).longValue()), labelText,
            Long.toString(r.getLong(2)), Double.toString(r.getDouble(3)), Double.toString(r.getDouble(4)),
            Double.toString(r.getDouble(5))));
    }
}
