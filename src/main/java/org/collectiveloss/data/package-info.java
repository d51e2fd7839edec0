/**
 * The data stage: benchmark data sets from a registry, read into the project's common DataFrame
 * ({@link org.collectiveloss.data.DatasetSchema}), split, preprocessed and given label noise.
 *
 * <p>The flow, each step fitted on the training part only:
 * <pre>
 * DatasetRegistry (conf/datasets.conf) → DatasetSpec
 *   → DatasetLoaders.load        IDX | ARFF | CSV | LibSVM | Parquet → LabelledData (persisted)
 *   → StratifiedSplitter         holdout or fold f of K; a fixed test part is kept  → TrainTest
 *   → MissingValueImputer        training means, training modes of one-hot blocks
 *   → FeatureScaler              none | standard | minmax
 *   → LabelNoise                 symmetric | pair-flip, adds cleanLabel
 * </pre>
 * {@link org.collectiveloss.data.DataPreparation} runs all of it in one call. Bad input raises one
 * {@link org.collectiveloss.data.DataFormatException} naming file, line and fix; random choices take their seeds
 * from configuration and depend only on (seed, row id), never on Spark's partitioning.
 */
package org.collectiveloss.data;
