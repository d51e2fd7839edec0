package org.collectiveloss.data;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a data set without a fixed test part into training and test parts, stratified by class and seeded:
 * either one holdout split or fold f of a K-fold partition. A set with a fixed test part (Fashion-MNIST) is
 * returned with that part unchanged.
 *
 * <p>How rows are chosen: within each class, rows are ordered by a seeded hash of their id (ties, which need a
 * 64-bit collision, by id). Holdout puts the first {@code round(fraction * n_c)} rows of class c in the test
 * part, at least one and at most {@code n_c - 1} when the class has two or more rows; a class with a single row
 * stays in training. K-fold deals the ordered rows of each class round-robin to the folds, each class starting
 * where the previous one stopped, so every class is spread evenly and the fold sizes differ by at most one.
 * Because the order depends only on (seed, id), the split is the same on any number of partitions or
 * executors, and the K folds of one seed are disjoint and cover the set.
 *
 * <p>Choosing parameters: a holdout fraction of 0.2 to 0.3 is usual for the UCI-size sets here (150 to 2,310
 * rows); K = 5 or 10 with one run per fold gives steadier estimates on the small ones. Change the seed to get
 * another split of the same set; keep it fixed to compare methods on the same split.
 *
 * <p>Both parts are returned persisted (each is computed when first used); release them with
 * {@code unpersist()} when done. Not supported: grouped splits (rows that must stay together), splits of the
 * fixed test part.
 */
public final class StratifiedSplitter {

    private static final Logger LOG = LoggerFactory.getLogger(StratifiedSplitter.class);
    private static final String KEY = "_splitKey";
    private static final String RANK = "_splitRank";
    private static final String IN_TEST = "_inTest";

    private final double testFraction;
    private final int folds;
    private final int fold;
    private final long seed;

    private StratifiedSplitter(double testFraction, int folds, int fold, long seed) {
        this.testFraction = testFraction;
        this.folds = folds;
        this.fold = fold;
        this.seed = seed;
    }

    /**
     * One stratified holdout split.
     *
     * @param testFraction share of each class put in the test part, in (0, 1)
     * @param seed         seed of the row order
     * @throws IllegalArgumentException for a fraction outside (0, 1)
     */
    public static StratifiedSplitter holdout(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction = " + testFraction + " must lie strictly between 0 "
                + "and 1, e.g. 0.25.");
        }
        return new StratifiedSplitter(testFraction, 0, 0, seed);
    }

    /**
     * Fold {@code fold} of a stratified K-fold partition: that fold is the test part, the others the training
     * part.
     *
     * @param folds K, at least 2
     * @param fold  0-based fold index, {@code 0 <= fold < folds}
     * @param seed  seed of the row order; the same seed gives disjoint folds
     */
    public static StratifiedSplitter kFold(int folds, int fold, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds = " + folds + " must be at least 2 (5 or 10 are usual).");
        }
        if (fold < 0 || fold >= folds) {
            throw new IllegalArgumentException("fold = " + fold + " must lie in 0.." + (folds - 1) + " for "
                + folds + " folds.");
        }
        return new StratifiedSplitter(0, folds, fold, seed);
    }

    /** Splits {@code data}; returns its fixed test part unchanged where it has one. */
    public TrainTest split(LabelledData data) {
        if (data.fixedTest().isPresent()) {
            LOG.info("{}: using the published fixed test part; the split settings ({}) do not apply",
                data.name(), describe());
            return new TrainTest(data.name(), data.train(), data.fixedTest().get(), data.classNames(),
                data.featureInfo());
        }
        int numClasses = data.numClasses();
        long[] counts = LoadSupport.classCounts(data.train(), numClasses);

        // Rank the rows of each class by the seeded hash of their id.
        long s = seed;
        UserDefinedFunction key = functions.udf((UDF1<Long, Long>) id -> SeededHash.hash(s, SeededHash.SPLIT, id),
            DataTypes.LongType);
        WindowSpec byClass = Window.partitionBy(DatasetSchema.LABEL).orderBy(col(KEY), col(DatasetSchema.ID));
        Dataset<Row> ranked = data.train()
            .withColumn(KEY, key.apply(col(DatasetSchema.ID)))
            .withColumn(RANK, functions.row_number().over(byClass).minus(1));

        long[] testCounts = new long[numClasses];
        Column inTest = folds == 0 ? holdoutTest(counts, testCounts, data.name(), data.classNames())
            : foldTest(counts, testCounts, data.name(), data.classNames());
        Dataset<Row> marked = ranked.withColumn(IN_TEST, inTest).drop(KEY, RANK);
        Dataset<Row> train = marked.filter(functions.not(col(IN_TEST))).drop(IN_TEST)
            .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = marked.filter(col(IN_TEST)).drop(IN_TEST).persist(StorageLevel.MEMORY_AND_DISK());

        long total = 0;
        long totalTest = 0;
        for (int c = 0; c < numClasses; c++) {
            total += counts[c];
            totalTest += testCounts[c];
        }
        LOG.info("{}: {} split (seed {}): {} training rows, {} test rows, test rows per class {}", data.name(),
            describe(), seed, total - totalTest, totalTest, java.util.Arrays.toString(testCounts));
        return new TrainTest(data.name(), train, test, data.classNames(), data.featureInfo());
    }

    private Column holdoutTest(long[] counts, long[] testCounts, String name, List<String> classNames) {
        Column[] sizes = new Column[counts.length];
        for (int c = 0; c < counts.length; c++) {
            long t = Math.round(testFraction * counts[c]);
            if (counts[c] >= 2) {
                t = Math.max(1, Math.min(counts[c] - 1, t));
            } else {
                t = 0;
                if (counts[c] == 1) {
                    LOG.warn("{}: class '{}' has a single row; it stays in the training part", name,
                        classNames.get(c));
                }
            }
            testCounts[c] = t;
            sizes[c] = functions.lit(t);
        }
        return col(RANK).lt(perClass(sizes));
    }

    private Column foldTest(long[] counts, long[] testCounts, String name, List<String> classNames) {
        Column[] starts = new Column[counts.length];
        long offset = 0;
        List<String> small = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            starts[c] = functions.lit(offset % folds);
            // rows r = 0..n-1 of class c land in fold (offset + r) mod K
            long first = Math.floorMod(fold - offset, (long) folds);
            testCounts[c] = counts[c] > first ? (counts[c] - first + folds - 1) / folds : 0;
            if (counts[c] > 0 && counts[c] < folds) {
                small.add(classNames.get(c) + " (" + counts[c] + ")");
            }
            offset += counts[c];
        }
        if (!small.isEmpty()) {
            LOG.warn("{}: classes with fewer rows than the {} folds, absent from some test folds: {}", name, folds,
                small);
        }
        return col(RANK).plus(perClass(starts)).mod(folds).equalTo(fold);
    }

    private static Column perClass(Column[] values) {
        return functions.element_at(functions.array(values), col(DatasetSchema.LABEL).cast("int").plus(1));
    }

    private String describe() {
        return folds == 0 ? "holdout " + testFraction : "fold " + fold + " of " + folds;
    }
}
