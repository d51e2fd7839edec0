package org.collectiveloss.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collectiveloss.data.DatasetSchema;

/**
 * Splits a validation part off a training part: a row goes to validation when a hash of the seed and its id, read
 * as a number in [0, 1), falls below the fraction. The split depends only on the ids and the seed, never on
 * partitioning, and it is not stratified: each class's share of the validation part varies around its share of the
 * training part.
 */
public final class ValidationSplit {

    private static final String SALT = "validation";

    private ValidationSplit() {
    }

    /** The two parts of a training part. */
    public record Parts(Dataset<Row> train, Dataset<Row> validation) {
    }

    /**
     * @param fraction in (0, 1): expected share of rows in the validation part
     * @param seed     the run's seed
     */
    public static Parts split(Dataset<Row> frame, double fraction, long seed) {
        if (!(fraction > 0.0 && fraction < 1.0)) {
            throw new IllegalArgumentException("Validation fraction " + fraction + " must lie in (0, 1).");
        }
        // The top 53 bits of the 64-bit hash, scaled to [0, 1).
        Column u = shiftrightunsigned(xxhash64(col(DatasetSchema.ID), lit(SALT), lit(seed)), 11)
            .cast("double").divide(9007199254740992.0);
        return new Parts(frame.filter(u.geq(fraction)), frame.filter(u.lt(fraction)));
    }
}
