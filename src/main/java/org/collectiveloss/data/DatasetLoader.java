package org.collectiveloss.data;

import org.apache.spark.sql.SparkSession;

/**
 * Reads one registry entry into the project's common frame. One implementation per {@link DataFormat}; get
 * them from {@link DatasetLoaders}.
 *
 * <p>Contract of every implementation: rows in the {@link DatasetSchema} layout; ids are 0-based row positions
 * in source order, training files first, then the fixed test files; label indices follow the order the source
 * declares (ARFF header, {@code options.classes}, scikit-learn's header), or, where nothing declares one, the
 * sorted class values; declared classes without any row are dropped (keeping the order of the rest) unless
 * {@code options.keep-empty-classes = true}; missing values are NaN; both frames are returned persisted and
 * already counted, so bad input fails here, not in a later stage. Bad input raises one
 * {@link DataFormatException}.
 */
public interface DatasetLoader {

    /**
     * Loads the set described by {@code spec}.
     *
     * @throws DataFormatException naming file, line and fix for input that does not match the declared format
     */
    LabelledData load(SparkSession spark, DatasetSpec spec);
}
