package org.collectiveloss.data;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A training part and a test part of one data set, ready for the graph and training stages: the output of
 * {@link StratifiedSplitter} and of each step after it ({@link MissingValueImputer}, {@link FeatureScaler},
 * {@link LabelNoise}). Both frames have the {@link DatasetSchema} columns; after label noise the training part
 * also has {@link DatasetSchema#CLEAN_LABEL}.
 *
 * @param name        registry name of the data set
 * @param train       training rows
 * @param test        test rows, never touched by noise and never used to fit anything
 * @param classNames  class name of each label index
 * @param featureInfo feature names and one-hot blocks
 */
public record TrainTest(String name, Dataset<Row> train, Dataset<Row> test, List<String> classNames,
                        FeatureInfo featureInfo) {

    public TrainTest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(featureInfo, "featureInfo");
        classNames = List.copyOf(classNames);
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("Data set '" + name + "' has " + classNames.size()
                + " class(es); a classification data set needs at least 2.");
        }
    }

    /** Parts of unnamed, all-numeric data, for callers that build frames themselves (tests, other stages). */
    public TrainTest(Dataset<Row> train, Dataset<Row> test, List<String> classNames, int numFeatures) {
        this("unnamed", train, test, classNames, FeatureInfo.unnamed(numFeatures));
    }

    /** The length of every feature vector. */
    public int numFeatures() {
        return featureInfo.size();
    }

    /** The number of classes C. */
    public int numClasses() {
        return classNames.size();
    }

    /** The same parts with other frames, e.g. after a transformation. */
    public TrainTest withFrames(Dataset<Row> newTrain, Dataset<Row> newTest) {
        return new TrainTest(name, newTrain, newTest, classNames, featureInfo);
    }
}
