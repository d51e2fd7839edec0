package org.collectiveloss.data;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and the schema of the project's common labelled DataFrame, the contract between the data stage
 * and every stage after it.
 *
 * <p>Every loader returns rows of {@code (id: long, features: ml.linalg.Vector, label: double)}. Ids are 0-based
 * positions in the source file's order (training file first, then the test file where the set has one), so a
 * row can always be traced back to its line. Labels are class indices {@code 0..C-1} stored as doubles, the
 * convention of Spark MLlib's classifiers; the class names live beside the frame in {@link LabelledData}.
 * Stages that add columns ({@link #CLEAN_LABEL}, {@link #WEIGHT}) keep these three untouched.
 */
public final class DatasetSchema {

    /** 0-based row position in the source, a {@code long}. */
    public static final String ID = "id";
    /** Feature vector, a Spark ML {@code Vector} (dense or sparse). */
    public static final String FEATURES = "features";
    /** Class index {@code 0..C-1} as a {@code double}; after label noise, the possibly flipped label. */
    public static final String LABEL = "label";
    /** The label before noise was injected, a {@code double}; present only where noise was applied. */
    public static final String CLEAN_LABEL = "cleanLabel";
    /** Per-instance loss weight, a {@code double} with mean 1 over the training part. */
    public static final String WEIGHT = "weight";

    /** The schema every loader returns. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(ID, DataTypes.LongType, false),
        DataTypes.createStructField(FEATURES, SQLDataTypes.VectorType(), false),
        DataTypes.createStructField(LABEL, DataTypes.DoubleType, false)
    });

    private DatasetSchema() {
    }
}
