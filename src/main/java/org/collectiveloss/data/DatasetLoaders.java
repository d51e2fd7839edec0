package org.collectiveloss.data;

import org.apache.hadoop.conf.Configuration;
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

    /**
     * Whether every file {@code spec} needs is present (its own paths or its fallback, and its test paths),
     * without reading them.
     *
     * @param conf Hadoop configuration for the file systems; {@code new Configuration()} for local files
     */
    public static boolean available(DatasetSpec spec, Configuration conf) {
        return DataFiles.available(spec, conf);
    }

    /** Loads {@code spec} with the loader of its format. */
    public static LabelledData load(SparkSession spark, DatasetSpec spec) {
        return forFormat(spec.format()).load(spark, spec);
    }
}
