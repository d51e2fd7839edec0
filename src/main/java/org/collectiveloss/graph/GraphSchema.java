package org.collectiveloss.graph;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of the edges DataFrame that every graph builder returns: one row per directed edge
 * {@code (src, dst, similarity)}, {@code src} and {@code dst} being instance ids and never equal.
 *
 * <p>For the Euclidean metric the similarity of two instances at distance d is {@code 1 / (1 + d)}: monotone
 * decreasing, 1 for identical points, in {@code (0, 1]}, so that neighbours ranked by similarity are those
 * ranked by distance and a similarity quantile is a distance quantile.
 */
public final class GraphSchema {

    public static final String SRC = "src";
    public static final String DST = "dst";
    public static final String SIMILARITY = "similarity";

    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(SRC, DataTypes.LongType, false),
        DataTypes.createStructField(DST, DataTypes.LongType, false),
        DataTypes.createStructField(SIMILARITY, DataTypes.DoubleType, false)
    });

    private GraphSchema() {
    }

    /** The similarity of two points at Euclidean distance {@code distance}. */
    public static double euclideanSimilarity(double distance) {
        return 1.0 / (1.0 + distance);
    }
}
