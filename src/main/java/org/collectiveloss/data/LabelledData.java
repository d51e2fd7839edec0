package org.collectiveloss.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A loaded data set: its rows in the {@link DatasetSchema} layout, the class names indexed by label, and, for
 * sets published with a fixed test part (Fashion-MNIST, segment), that part kept apart.
 *
 * @param name        registry name of the data set, e.g. {@code digits}
 * @param train       all rows of a set without a fixed split, or its training part
 * @param fixedTest   the published test part, empty when the set has none (then the splitter makes one)
 * @param classNames  class name of each label index; its size is the number of classes C
 * @param numFeatures length of every feature vector
 */
public record LabelledData(String name, Dataset<Row> train, Optional<Dataset<Row>> fixedTest,
                           List<String> classNames, int numFeatures) {

    public LabelledData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(fixedTest, "fixedTest");
        classNames = List.copyOf(classNames);
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("Data set '" + name + "' has " + classNames.size()
                + " class(es) " + classNames + "; a classification data set needs at least 2.");
        }
        if (numFeatures < 1) {
            throw new IllegalArgumentException("Data set '" + name + "' has numFeatures=" + numFeatures
                + "; it needs at least one feature column.");
        }
    }

    /** The number of classes C. */
    public int numClasses() {
        return classNames.size();
    }
}
