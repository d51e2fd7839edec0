package org.collectiveloss.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StratifiedSplitterTest {

    private static final int[] SIZES = {500, 300, 37, 1};
    private static SparkSession spark;
    private static LabelledData data;

    @BeforeAll
    static void build() {
        spark = LocalSpark.session();
        data = LocalSpark.synthetic("synthetic", SIZES);
    }

    private static long[] perClass(Dataset<Row> frame) {
        return LoadSupport.classCounts(frame, SIZES.length);
    }

    private static Set<Long> ids(Dataset<Row> frame) {
        return frame.select(DatasetSchema.ID).collectAsList().stream().map(r -> r.getLong(0))
            .collect(Collectors.toSet());
    }

    @Test
    void holdoutKeepsEveryClassShareAndCoversTheSet() {
        TrainTest parts = StratifiedSplitter.holdout(0.3, 42).split(data);

        long[] test = perClass(parts.test());
        long[] train = perClass(parts.train());
        assertEquals(150, test[0]);
        assertEquals(90, test[1]);
        assertEquals(11, test[2]);
        assertEquals(0, test[3], "a class with one row stays in training");
        for (int c = 0; c < SIZES.length; c++) {
            assertEquals(SIZES[c], train[c] + test[c]);
        }
        Set<Long> trainIds = ids(parts.train());
        Set<Long> testIds = ids(parts.test());
        assertTrue(trainIds.stream().noneMatch(testIds::contains));
        assertEquals(838, trainIds.size() + testIds.size());
    }

    @Test
    void sameSeedSameSplitOnAnyPartitioning() {
        Set<Long> a = ids(StratifiedSplitter.holdout(0.25, 7).split(data).test());
        LabelledData repartitioned = new LabelledData("synthetic", data.train().repartition(7), Optional.empty(),
            data.classNames(), 2);
        Set<Long> b = ids(StratifiedSplitter.holdout(0.25, 7).split(repartitioned).test());
        Set<Long> other = ids(StratifiedSplitter.holdout(0.25, 8).split(data).test());

        assertEquals(a, b);
        assertTrue(!a.equals(other), "another seed gives another split");
    }

    @Test
    void kFoldsAreStratifiedDisjointAndCoverTheSet() {
        int k = 5;
        Set<Long> seen = new HashSet<>();
        long[] sizes = new long[k];
        for (int f = 0; f < k; f++) {
            TrainTest parts = StratifiedSplitter.kFold(k, f, 3).split(data);
            Set<Long> test = ids(parts.test());
            sizes[f] = test.size();
            assertTrue(test.stream().noneMatch(seen::contains), "fold " + f + " overlaps an earlier fold");
            seen.addAll(test);
            long[] perClass = perClass(parts.test());
            assertEquals(100, perClass[0]);
            assertEquals(60, perClass[1]);
            assertTrue(perClass[2] == 7 || perClass[2] == 8, "class 2 in fold " + f + ": " + perClass[2]);
            assertEquals(838 - test.size(), parts.train().count());
        }
        assertEquals(838, seen.size());
        long min = java.util.Arrays.stream(sizes).min().orElseThrow();
        long max = java.util.Arrays.stream(sizes).max().orElseThrow();
        assertTrue(max - min <= 1, "fold sizes " + java.util.Arrays.toString(sizes));
    }

    @Test
    void fixedTestPartIsReturnedUnchanged() {
        LabelledData fixed = new LabelledData("fixed", data.train(), Optional.of(data.train().limit(10)),
            data.classNames(), 2);
        TrainTest parts = StratifiedSplitter.holdout(0.5, 1).split(fixed);
        assertSame(fixed.train(), parts.train());
        assertSame(fixed.fixedTest().orElseThrow(), parts.test());
    }

    @Test
    void invalidParametersNameTheValue() {
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
            () -> StratifiedSplitter.holdout(1.0, 1));
        assertTrue(fraction.getMessage().contains("testFraction = 1.0"));
        assertThrows(IllegalArgumentException.class, () -> StratifiedSplitter.holdout(0, 1));
        IllegalArgumentException folds = assertThrows(IllegalArgumentException.class,
            () -> StratifiedSplitter.kFold(1, 0, 1));
        assertTrue(folds.getMessage().contains("folds = 1"));
        IllegalArgumentException fold = assertThrows(IllegalArgumentException.class,
            () -> StratifiedSplitter.kFold(5, 5, 1));
        assertTrue(fold.getMessage().contains("fold = 5"));
        assertEquals(List.of("class0", "class1", "class2", "class3"), data.classNames());
    }
}
