package org.collectiveloss.data;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps every loader ends with: cache and count, drop empty declared classes, log the sizes. */
final class LoadSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LoadSupport.class);

    private LoadSupport() {
    }

    /** Logs the start of a load; returns the start time for {@link #finish}. */
    static long start(DatasetSpec spec, DataFiles.Resolved files) {
        if (files.fallback()) {
            LOG.info("{}: {} not found; reading the fallback {}", spec.name(), spec.paths(), files.train());
        }
        LOG.info("Loading {} ({}) from {}{}", spec.name(), spec.format(), files.train(),
            files.test().isEmpty() ? "" : ", fixed test part " + files.test());
        return System.nanoTime();
    }

    /** The {@code classes} option, when the entry sets one. */
    static Optional<List<String>> declaredClasses(DatasetSpec spec) {
        return spec.options().hasPath("classes") ? Optional.of(spec.options().getStringList("classes"))
            : Optional.empty();
    }

    /**
     * Persists and counts both parts, drops declared classes that have no row (unless the entry keeps them),
     * logs sizes and wraps everything in a {@link LabelledData}.
     */
    static LabelledData finish(DatasetSpec spec, DataFiles.Resolved files, Dataset<Row> train,
                               Optional<Dataset<Row>> test, List<String> classNames, FeatureInfo featureInfo,
                               long startNanos) {
        train = train.persist(StorageLevel.MEMORY_AND_DISK());
        test = test.map(t -> t.persist(StorageLevel.MEMORY_AND_DISK()));
        int declared = classNames.size();
        long[] trainCounts = classCounts(train, declared);
        long[] testCounts = test.map(t -> classCounts(t, declared)).orElse(new long[declared]);

        // A declared class without rows would add a dead output unit and change log C in entropy weights.
        boolean keepEmpty = spec.options().hasPath("keep-empty-classes")
            && spec.options().getBoolean("keep-empty-classes");
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            if (keepEmpty || trainCounts[c] + testCounts[c] > 0) {
                kept.add(c);
            }
        }
        if (kept.size() < classNames.size()) {
            List<String> dropped = new ArrayList<>();
            for (int c = 0; c < classNames.size(); c++) {
                if (!kept.contains(c)) {
                    dropped.add(classNames.get(c));
                }
            }
            LOG.info("{}: declared class(es) {} have no rows and are dropped; the remaining {} keep their "
                + "declared order (set options.keep-empty-classes = true to keep them)", spec.name(), dropped,
                kept.size());
            Dataset<Row> oldTrain = train;
            Optional<Dataset<Row>> oldTest = test;
            train = relabel(train, kept, declared).persist(StorageLevel.MEMORY_AND_DISK());
            test = test.map(t -> relabel(t, kept, declared).persist(StorageLevel.MEMORY_AND_DISK()));
            train.count();
            test.ifPresent(Dataset::count);
            oldTrain.unpersist();
            oldTest.ifPresent(Dataset::unpersist);
            List<String> names = classNames;
            long[] oldTrainCounts = trainCounts;
            long[] oldTestCounts = testCounts;
            classNames = kept.stream().map(names::get).collect(Collectors.toList());
            trainCounts = kept.stream().mapToLong(c -> oldTrainCounts[c]).toArray();
            testCounts = kept.stream().mapToLong(c -> oldTestCounts[c]).toArray();
        }
        LabelledData data = new LabelledData(spec.name(), train, test, classNames, featureInfo.size(),
            featureInfo);

        long trainRows = LongStream.of(trainCounts).sum();
        long testRows = LongStream.of(testCounts).sum();
        LOG.info("Loaded {}: {} rows{}, {} features ({} one-hot blocks), {} classes in {} ms", spec.name(),
            trainRows, test.isPresent() ? " + " + testRows + " fixed test rows" : "", featureInfo.size(),
            featureInfo.nominalBlocks().size(), classNames.size(), (System.nanoTime() - startNanos) / 1_000_000);
        StringBuilder sizes = new StringBuilder();
        for (int c = 0; c < classNames.size(); c++) {
            sizes.append(c == 0 ? "" : ", ").append(c).append(" '").append(classNames.get(c)).append("' ")
                .append(trainCounts[c]).append(test.isPresent() ? "+" + testCounts[c] : "");
        }
        LOG.info("{}: class sizes: {}", spec.name(), sizes);
        return data;
    }

    /** Rows per label index, in one pass without a shuffle. */
    static long[] classCounts(Dataset<Row> frame, int numClasses) {
        return frame.select(DatasetSchema.LABEL).javaRDD().map(r -> (int) r.getDouble(0))
            .aggregate(new long[numClasses], (counts, c) -> {
                counts[c]++;
                return counts;
            }, (a, b) -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                }
                return a;
            });
    }

    private static Dataset<Row> relabel(Dataset<Row> frame, List<Integer> kept, int numClasses) {
        Column[] newIndex = new Column[numClasses];
        for (int c = 0; c < numClasses; c++) {
            newIndex[c] = functions.lit((double) Math.max(0, kept.indexOf(c)));
        }
        Column label = functions.element_at(functions.array(newIndex), col(DatasetSchema.LABEL).cast("int")
            .plus(1));
        // coalesce with a literal keeps the column non-nullable, as the contract's schema says; every label is
        // a valid index, so the literal is never used
        return frame.withColumn(DatasetSchema.LABEL, functions.coalesce(label, functions.lit(0.0)));
    }
}
