package org.collectiveloss.weights;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks and the output schema shared by the estimator and the model. */
final class StageSchemas {

    private StageSchemas() {
    }

    /**
     * Checks the input columns the stage reads and returns {@code schema} with the four output columns appended.
     *
     * @param needFeatures whether the features column is read (the stage builds the graph itself)
     * @throws IllegalArgumentException naming the column, its type and what is expected
     */
    static StructType validateAndTransform(TypicalityWeighterParams p, StructType schema, boolean needLabel,
                                           boolean needFeatures) {
        DataType idType = field(schema, p.getIdCol(), "idCol").dataType();
        if (!idType.equals(DataTypes.LongType) && !idType.equals(DataTypes.IntegerType)) {
            throw new IllegalArgumentException("Column '" + p.getIdCol() + "' (idCol) has type "
                + idType.simpleString() + "; the instance id must be a long (or int).");
        }
        if (needLabel) {
            DataType labelType = field(schema, p.getLabelCol(), "labelCol").dataType();
            if (!(labelType instanceof NumericType)) {
                throw new IllegalArgumentException("Column '" + p.getLabelCol() + "' (labelCol) has type "
                    + labelType.simpleString() + "; labels must be numeric class indices 0..C-1.");
            }
        }
        if (needFeatures) {
            DataType featuresType = field(schema, p.getFeaturesCol(), "featuresCol").dataType();
            if (!featuresType.equals(SQLDataTypes.VectorType())) {
                throw new IllegalArgumentException("Column '" + p.getFeaturesCol() + "' (featuresCol) has type "
                    + featuresType.simpleString() + "; the graph needs an ml.linalg Vector column"
                    + " (use VectorAssembler).");
            }
        }
        List<String> outputs = List.of(p.getDegreeCol(), p.getEntropyCol(), p.getAgreementCol(), p.getWeightCol());
        Set<String> seen = new HashSet<>();
        Set<String> existing = new HashSet<>(Arrays.asList(schema.fieldNames()));
        for (String out : outputs) {
            if (!seen.add(out)) {
                throw new IllegalArgumentException("Output column '" + out + "' is named twice among degreeCol,"
                    + " entropyCol, agreementCol and weightCol; give each its own name.");
            }
            if (existing.contains(out)) {
                throw new IllegalArgumentException("Output column '" + out + "' already exists in the input; drop"
                    + " it first or choose another name with the matching set...Col.");
            }
        }
        return schema
            .add(p.getDegreeCol(), DataTypes.LongType, false)
            .add(p.getEntropyCol(), DataTypes.DoubleType, false)
            .add(p.getAgreementCol(), DataTypes.DoubleType, false)
            .add(p.getWeightCol(), DataTypes.DoubleType, false);
    }

    private static StructField field(StructType schema, String name, String param) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("Input column '" + name + "' (" + param + ") is missing; the columns"
                + " are " + Arrays.toString(schema.fieldNames()) + ". Set " + param + " to the right name.");
        }
        return schema.apply(name);
    }
}
