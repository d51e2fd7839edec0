package org.collectiveloss.data;

import static org.collectiveloss.data.LocalSpark.features;
import static org.collectiveloss.data.LocalSpark.list;
import static org.collectiveloss.data.LocalSpark.rows;
import static org.collectiveloss.data.LocalSpark.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet fixtures are written by Spark at test time. */
class ParquetLoaderTest {

    private static SparkSession spark;

    @TempDir
    static Path tmp;
    private static String file;

    @BeforeAll
    static void writeFixture() {
        spark = LocalSpark.session();
        StructType schema = new StructType()
            .add("width", DataTypes.DoubleType)
            .add("count", DataTypes.IntegerType, true)
            .add("shiny", DataTypes.BooleanType)
            .add("note", DataTypes.StringType)
            .add("kind", DataTypes.StringType);
        List<Row> rows = List.of(
            RowFactory.create(1.5, 3, true, "first", "stone"),
            RowFactory.create(2.5, null, false, "second", "shell"),
            RowFactory.create(0.5, 7, true, "third", "stone"),
            RowFactory.create(4.0, 1, false, "fourth", "glass"));
        file = tmp.resolve("things.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(file);
    }

    @Test
    void numericColumnsBecomeFeaturesAndNullIsMissing() {
        LabelledData data = DatasetLoaders.load(spark, spec("things", "format = parquet, paths = " + list(file)
            + ", options.drop-columns = [note]"));

        assertEquals(List.of("glass", "shell", "stone"), data.classNames());
        assertEquals(List.of("width", "count", "shiny"), data.featureInfo().names());
        List<Row> r = rows(data.train());
        assertArrayEquals(new double[] {1.5, 3, 1}, features(r.get(0)));
        assertArrayEquals(new double[] {2.5, Double.NaN, 0}, features(r.get(1)));
        assertEquals(List.of(2.0, 1.0, 2.0, 0.0), r.stream().map(LocalSpark::label).toList());
        data.unpersist();
    }

    @Test
    void textFeatureColumnIsRefusedWithTheFix() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetLoaders.load(spark,
            spec("things", "format = parquet, paths = " + list(file))));
        assertTrue(e.problem().contains("column 'note' has type string"), e.getMessage());
        assertTrue(e.fix().contains("drop-columns"), e.fix());
    }

    @Test
    void unknownClassColumnListsTheColumns() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetLoaders.load(spark,
            spec("things", "format = parquet, class-column = type, paths = " + list(file))));
        assertTrue(e.problem().contains("no class column 'type'") && e.problem().contains("kind"),
            e.getMessage());
    }
}
