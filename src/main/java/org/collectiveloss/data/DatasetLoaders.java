package org.collectiveloss.data;

import org.apache.spark.sql.SparkSession;

/**
 * The loader of each {@link DataFormat}, and the usual one-line way to load a registry entry:
 *
 * <pre>{@code
 * LabelledData data = DatasetLoaders.load(spark, registry.spec("credit-g"));
 * }</pre>
 */
public final class DatasetLoaders {

    private DatasetLoaders() {
    }

    /** The loader for {@code format}. */
    public static DatasetLoader forFormat(DataFormat format) {
        return switch (format) {
            case IDX -> new IdxLoader();
            case ARFF -> new ArffLoader();
            case CSV -> new CsvLoader();
            case LIBSVM -> new LibSvmLoader();
            case PARQUET -> new ParquetLoader();
        };
    }

    /** Loads {@code spec} with the loader of its format. */
    public static LabelledData load(SparkSession spark, DatasetSpec spec) {
        return forFormat(spec.format()).load(spark, spec);
    }
}
