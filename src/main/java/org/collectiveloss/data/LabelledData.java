package org.collectiveloss.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A loaded data set: its rows in the {@link DatasetSchema} layout, the class names indexed by label, and, for
 * sets published with a fixed test part (Fashion-MNIST), that part kept apart.
 *
 * <p>Loaders return both frames persisted (memory, spilling to disk), so the stages after loading do not read
 * the files again; {@link #unpersist()} releases them.
 *
 * @param name        registry name of the data set, e.g. {@code digits}
 * @param train       all rows of a set without a fixed split, or its training part
 * @param fixedTest   the published test part, empty when the set has none (then the splitter makes one)
 * @param classNames  class name of each label index; its size is the number of classes C
 * @param numFeatures length of every feature vector
 * @param featureInfo name of every feature and the one-hot blocks of nominal attributes
 */
public record LabelledData(String name, Dataset<Row> train, Optional<Dataset<Row>> fixedTest,
                           List<String> classNames, int numFeatures, FeatureInfo featureInfo) {

    public LabelledData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(fixedTest, "fixedTest");
        Objects.requireNonNull(featureInfo, "featureInfo");
        classNames = List.copyOf(classNames);
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("Data set '" + name + "' has " + classNames.size()
                + " class(es) " + classNames + "; a classification data set needs at least 2.");
        }
        if (numFeatures < 1) {
            throw new IllegalArgumentException("Data set '" + name + "' has numFeatures=" + numFeatures
                + "; it needs at least one feature column.");
        }
        if (featureInfo.size() != numFeatures) {
            throw new IllegalArgumentException("Data set '" + name + "' has numFeatures=" + numFeatures
                + " but " + featureInfo.size() + " feature names; they must agree.");
        }
    }

    /** A set whose features are all numeric and unnamed ({@code f0, f1, ...}). */
    public LabelledData(String name, Dataset<Row> train, Optional<Dataset<Row>> fixedTest,
                        List<String> classNames, int numFeatures) {
        this(name, train, fixedTest, classNames, numFeatures, FeatureInfo.unnamed(numFeatures));
    }

    /** The number of classes C. */
    public int numClasses() {
        return classNames.size();
    }

    /** Releases the cached frames; they are recomputed from the files if used afterwards. */
    public void unpersist() {
        train.unpersist();
        fixedTest.ifPresent(Dataset::unpersist);
    }
}
