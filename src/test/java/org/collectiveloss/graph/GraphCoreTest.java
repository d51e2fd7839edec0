package org.collectiveloss.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The Spark-free parts of the graph stage, against brute force and hand-checked values. */
class GraphCoreTest {

    private static FeatureMatrix matrix(double[][] points, Metric metric) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            rows.add(RowFactory.create((long) i, Vectors.dense(points[i])));
        }
        return FeatureMatrix.of(rows.iterator(), metric);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @Test
    void topKKeepsTheKBestOnceEachWithTiesToTheSmallerId() {
        TopK top = new TopK(3);
        top.offer(9, 2.0);
        top.offer(4, 1.0);
        top.offer(7, 2.0);
        top.offer(4, 1.0);
        top.offer(5, 3.0);
        top.offer(1, 2.0);
        assertEquals(3, top.size());
        assertEquals(List.of(4L, 1L, 7L), List.of(top.id(0), top.id(1), top.id(2)));
        assertEquals(2.0, top.worst(), 0.0);
        TopK other = new TopK(3);
        other.offer(8, 0.5);
        other.offer(4, 1.0);
        top.merge(other);
        assertEquals(List.of(8L, 4L, 1L), List.of(top.id(0), top.id(1), top.id(2)));
    }

    @Test
    void blockKernelGivesTheExactTopKInBothDirections() {
        double[][] p = GraphTestData.gaussian(300, 9, 5);
        // Blow up the norms so that the float32 screening cancels badly, and add exact duplicates.
        for (double[] row : p) {
            row[0] = (float) (row[0] + 1000.0);
        }
        p[150] = p[3].clone();
        p[151] = p[3].clone();
        for (Metric metric : Metric.values()) {
            FeatureMatrix x = matrix(p, metric);
            int[] left = Arrays.copyOfRange(range(300), 0, 140);
            int[] right = Arrays.copyOfRange(range(300), 140, 300);
            BlockKernel.Block a = BlockKernel.Block.ofPositions(x, left);
            BlockKernel.Block b = BlockKernel.Block.ofPositions(x, right);
            TopK[] topsA = lists(a.size(), 4);
            TopK[] topsB = lists(b.size(), 4);
            BlockKernel.nearest(a, topsA, b, topsB, metric);
            for (int i = 0; i < a.size(); i++) {
                assertBrute(p, left[i], right, topsA[i], metric);
            }
            for (int j = 0; j < b.size(); j++) {
                assertBrute(p, right[j], left, topsB[j], metric);
            }
            // Within one block, rows never pair with themselves.
            BlockKernel.Block all = BlockKernel.Block.ofPositions(x, range(300));
            TopK[] self = lists(300, 3);
            BlockKernel.nearest(all, self, all, null, metric);
            for (int i = 0; i < 300; i++) {
                assertTrue(!self[i].contains(i));
            }
            assertEquals(0.0, self[3].distance(0), 0.0);
            assertEquals(List.of(150L, 151L), List.of(self[3].id(0), self[3].id(1)));
        }
    }

    private static TopK[] lists(int n, int k) {
        TopK[] tops = new TopK[n];
        for (int i = 0; i < n; i++) {
            tops[i] = new TopK(k);
        }
        return tops;
    }

    private static void assertBrute(double[][] p, int row, int[] candidates, TopK got, Metric metric) {
        TopK expected = new TopK(got.capacity());
        for (int c : candidates) {
            expected.offer(c, GraphTestData.rank(p[row], p[c], metric));
        }
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.id(i), got.id(i), "row " + row + " rank " + i);
            assertEquals(expected.distance(i), got.distance(i), 1e-6 * (1 + expected.distance(i)));
        }
    }

    @Test
    void treeLeavesPartitionThePointsInBoundedLeavesAndFollowTheSeed() {
        int n = 5000;
        int dim = 6;
        float[] pts = new float[n * dim];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < pts.length; i++) {
            pts[i] = (float) r.nextDouble();
        }
        List<int[]> leaves = RandomProjectionTree.leaves(pts, n, dim, 100, 42);
        boolean[] seen = new boolean[n];
        for (int[] leaf : leaves) {
            assertTrue(leaf.length >= 50 && leaf.length <= 100, "leaf of " + leaf.length);
            for (int i : leaf) {
                assertTrue(!seen[i], "point " + i + " in two leaves");
                seen[i] = true;
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        List<int[]> again = RandomProjectionTree.leaves(pts, n, dim, 100, 42);
        assertEquals(leaves.size(), again.size());
        for (int i = 0; i < leaves.size(); i++) {
            assertArrayEquals(leaves.get(i), again.get(i));
        }
        assertNotEquals(Arrays.toString(leaves.get(0)),
            Arrays.toString(RandomProjectionTree.leaves(pts, n, dim, 100, 43).get(0)));
        // Identical points are still cut into bounded leaves.
        List<int[]> same = RandomProjectionTree.leaves(new float[1000 * 2], 1000, 2, 64, 1);
        assertTrue(same.stream().allMatch(l -> l.length <= 64 && l.length >= 32));
        assertThrows(IllegalArgumentException.class, () -> RandomProjectionTree.leaves(pts, n, dim, 1, 1));
    }

    @Test
    void cutOffFromAllPairsIsTheExactQuantile() {
        double[][] p = GraphTestData.gaussian(120, 4, 9);
        FeatureMatrix x = matrix(p, Metric.EUCLIDEAN);
        List<Double> ranks = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            for (int j = i + 1; j < p.length; j++) {
                ranks.add(GraphTestData.rank(p[i], p[j], Metric.EUCLIDEAN));
            }
        }
        ranks.sort(null);
        for (double share : new double[] {0.001, 0.05, 0.5, 0.9, 1.0}) {
            SimilarityCutOff.Estimate e = SimilarityCutOff.estimate(x, share, true);
            long keep = Math.max(1, Math.round(share * ranks.size()));
            assertEquals(ranks.get((int) keep - 1), e.maxRank(), 1e-6, "share " + share);
            assertEquals(Metric.EUCLIDEAN.similarity(e.maxRank()), e.similarity(), 1e-12);
            assertEquals(ranks.size(), e.samplePairs());
        }
    }

    @Test
    void cutOffSampleSizeAndHashSample() {
        assertEquals(1000, SimilarityCutOff.sampleRows(1000, 0.01, 0), "small sets are used whole");
        assertEquals(SimilarityCutOff.MAX_AUTO_SAMPLE, SimilarityCutOff.sampleRows(1_000_000, 1e-6, 0));
        assertEquals(SimilarityCutOff.MIN_AUTO_SAMPLE, SimilarityCutOff.sampleRows(1_000_000, 0.5, 0));
        // 8,000 / 0.01 pairs need ceil((1 + sqrt(1 + 8 * 800,000)) / 2) = 1266 instances.
        assertEquals(1266, SimilarityCutOff.sampleRows(1_000_000, 0.01, 0));
        assertEquals(77, SimilarityCutOff.sampleRows(1_000_000, 0.01, 77));
        int kept = 0;
        for (long id = 0; id < 100_000; id++) {
            if (SimilarityCutOff.inSample(id, 7, 0.1)) {
                kept++;
            }
        }
        assertEquals(10_000, kept, 300);
        assertTrue(SimilarityCutOff.inSample(5, 7, 1.0));
    }

    @Test
    void cutOffKindsGiveTheKeptShare() {
        assertEquals(0.01, CutOff.quantile(0.99).keptShare(1000), 1e-12);
        assertEquals(10.0 / 999, CutOff.meanDegree(10).keptShare(1000), 1e-12);
        assertEquals(1.0, CutOff.meanDegree(5000).keptShare(1000), 0.0);
        assertEquals(0.002, CutOff.density(0.002).keptShare(10), 0.0);
        assertThrows(IllegalArgumentException.class, () -> CutOff.quantile(1.0));
        assertThrows(IllegalArgumentException.class, () -> CutOff.meanDegree(0));
        assertThrows(IllegalArgumentException.class, () -> CutOff.density(1.5));
        assertThrows(IllegalArgumentException.class, () -> CutOff.density(0.1).withSampleSize(1));
    }

    @Test
    void metricsTurnRankDistancesIntoSimilarities() {
        assertEquals(1.0, Metric.EUCLIDEAN.similarity(0.0), 0.0);
        assertEquals(1.0 / 3.0, Metric.EUCLIDEAN.similarity(4.0), 1e-15);
        assertEquals(4.0, Metric.EUCLIDEAN.rankAtMost(1.0 / 3.0), 1e-12);
        assertEquals(0.0, Metric.COSINE.similarity(2.0), 0.0);
        assertEquals(-1.0, Metric.COSINE.similarity(4.0), 0.0);
        assertEquals(0.5, Metric.COSINE.similarity(Metric.COSINE.rankAtMost(0.5)), 1e-15);
        assertEquals(Metric.COSINE, Metric.fromName("cosine"));
        assertThrows(IllegalArgumentException.class, () -> Metric.fromName("manhattan"));
    }

    @Test
    void matrixRoundTripsThroughJavaSerialisation() throws Exception {
        FeatureMatrix x = matrix(GraphTestData.gaussian(50, 3, 1), Metric.COSINE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(x);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            FeatureMatrix y = (FeatureMatrix) in.readObject();
            assertArrayEquals(x.values(), y.values());
            assertArrayEquals(x.ids(), y.ids());
            assertArrayEquals(x.screenNorms(), y.screenNorms());
            assertEquals(Metric.COSINE, y.metric());
        }
    }

    @Test
    void neighbourListsMergeSortedArraysOnceEach() {
        NeighbourLists lists = new NeighbourLists(8, 3);
        int[] ids = {5, 2, 7};
        float[] d = {1f, 2f, 3f};
        int[] si = new int[3];
        float[] sd = new float[3];
        lists.merge(0, ids, d, 0, 3, si, sd);
        lists.merge(0, new int[] {2, 4}, new float[] {2f, 2.5f}, 0, 2, si, sd);
        assertEquals(List.of(5, 2, 4), List.of(lists.neighbour(0, 0), lists.neighbour(0, 1), lists.neighbour(0, 2)));
        assertEquals(-1, lists.neighbour(1, 0));
        int[][] reverse = lists.reverse(10);
        assertEquals(1, reverse[0][3] - reverse[0][2], "row 2 is listed by row 0");
    }

    @Test
    void lshParamsChooseFromTheDataAndRejectBadValues() {
        LshParams.Resolved r = LshParams.DEFAULT.resolve(60_000, 784, 10, GraphMode.KNN);
        assertEquals(6, r.tables());
        assertEquals(256, r.leafSize());
        assertEquals(64, r.dims());
        assertEquals(300, r.recallQueries());
        LshParams.Resolved small = LshParams.DEFAULT.resolve(100, 5, 30, GraphMode.KNN);
        assertEquals(1, small.tables());
        assertEquals(0, small.maxRounds());
        assertEquals(5, small.dims());
        assertEquals(8, new LshParams(0, 0, 0, -1, 0.99, 0).resolve(1000, 10, 10, GraphMode.KNN).tables());
        // Half the base more per doubling above 250,000 instances: deeper trees split more neighbours apart.
        assertEquals(6, LshParams.DEFAULT.resolve(250_000, 64, 10, GraphMode.KNN).tables());
        assertEquals(9, LshParams.DEFAULT.resolve(500_000, 64, 10, GraphMode.KNN).tables());
        assertEquals(12, LshParams.DEFAULT.resolve(1_000_000, 64, 10, GraphMode.KNN).tables());
        assertEquals(5, new LshParams(5, 0, 0, -1, 0.95, 0).resolve(1_000_000, 64, 10, GraphMode.KNN).tables());
        assertThrows(IllegalArgumentException.class, () -> new LshParams(-1, 0, 0, -1, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new LshParams(0, 1, 0, -1, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new LshParams(0, 0, 0, -2, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new LshParams(0, 0, 0, -1, 0.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LshParams(0, 0, -3, -1, 0.9, 0));
    }

    @Test
    void bucketNearestMatchesBruteForceOnTheBucket() {
        double[][] p = GraphTestData.gaussian(300, 9, 11);
        p[150] = p[3].clone();
        p[151] = p[3].clone();
        for (Metric metric : Metric.values()) {
            FeatureMatrix x = matrix(p, metric);
            // A bucket in no particular order, holding row 3 and both its copies.
            java.util.Set<Integer> chosen = new java.util.LinkedHashSet<>(List.of(151, 3));
            for (int i = 0; chosen.size() < 119; i++) {
                chosen.add((i * 37 + 11) % 300);
            }
            chosen.add(150);
            int[] bucket = chosen.stream().mapToInt(Integer::intValue).toArray();
            PartialLists out = new PartialLists(5);
            BlockKernel.bucketNearest(x, bucket, 5, out);
            assertEquals(bucket.length, out.count());
            for (int i = 0; i < out.count(); i++) {
                int row = out.row(i);
                TopK got = out.list(i);
                TopK expected = new TopK(5);
                for (int c : bucket) {
                    if (c != row) {
                        expected.offer(c, GraphTestData.rank(p[row], p[c], metric));
                    }
                }
                assertEquals(5, got.size());
                for (int r = 0; r < 5; r++) {
                    // Screening values: float32 products, so compare against the scale of the norms.
                    assertEquals(expected.distance(r), got.distance(r), 1e-4 * (1 + Math.abs(expected.distance(r))),
                        metric + " row " + row + " rank " + r);
                    if (expected.distance(r) > 1e-3) {
                        assertEquals(expected.id(r), got.id(r), metric + " row " + row + " rank " + r);
                    }
                }
                assertTrue(!got.contains(row), "a row is never its own neighbour");
            }
            TopK ofThree = listOf(out, 3);
            assertEquals(java.util.Set.of(150L, 151L), java.util.Set.of(ofThree.id(0), ofThree.id(1)));
        }
    }

    @Test
    void bucketNearestHandlesBucketsSmallerThanK() {
        FeatureMatrix x = matrix(new double[][] {{0, 0}, {1, 0}, {5, 5}}, Metric.EUCLIDEAN);
        PartialLists out = new PartialLists(4);
        BlockKernel.bucketNearest(x, new int[] {2, 0, 1}, 4, out);
        assertEquals(3, out.count());
        assertEquals(List.of(1L, 2L), List.of(listOf(out, 0).id(0), listOf(out, 0).id(1)));
        assertEquals(1.0, listOf(out, 0).distance(0), 1e-6);
        PartialLists single = new PartialLists(4);
        BlockKernel.bucketNearest(x, new int[] {1}, 4, single);
        assertEquals(0, single.count());
    }

    private static TopK listOf(PartialLists lists, int row) {
        for (int i = 0; i < lists.count(); i++) {
            if (lists.row(i) == row) {
                return lists.list(i);
            }
        }
        throw new AssertionError("no list for row " + row);
    }

    @Test
    void symmetricProductsFillTheUpperTriangleWithTheDotProducts() {
        assertTrue(SymmetricProducts.available(), "the CPU backend bundles OpenBLAS");
        double[][] p = GraphTestData.gaussian(70, 33, 5);
        FeatureMatrix x = matrix(p, Metric.EUCLIDEAN);
        int[] rows = {69, 3, 3, 40, 0, 12};
        float[] g = SymmetricProducts.gramOfRows(x.values(), x.dim(), rows);
        for (int i = 0; i < rows.length; i++) {
            for (int j = i; j < rows.length; j++) {
                double dot = 0.0;
                for (int t = 0; t < p[0].length; t++) {
                    dot += (float) p[rows[i]][t] * (double) (float) p[rows[j]][t];
                }
                assertEquals(dot, g[i * rows.length + j], 1e-4 * (1 + Math.abs(dot)), i + "," + j);
            }
        }
    }

    @Test
    void leadingAxesMatchAPlantedSpectrum() {
        int d = 120;
        int dims = 12;
        // A symmetric matrix with known eigenvectors (a seeded orthonormal basis) and decaying eigenvalues.
        SplittableRandom random = new SplittableRandom(8);
        double[][] basis = new double[d][d];
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                basis[c][r] = random.nextDouble() - 0.5;
            }
            for (int q = 0; q < c; q++) {
                double dot = 0.0;
                for (int r = 0; r < d; r++) {
                    dot += basis[q][r] * basis[c][r];
                }
                for (int r = 0; r < d; r++) {
                    basis[c][r] -= dot * basis[q][r];
                }
            }
            double norm = 0.0;
            for (int r = 0; r < d; r++) {
                norm += basis[c][r] * basis[c][r];
            }
            for (int r = 0; r < d; r++) {
                basis[c][r] /= Math.sqrt(norm);
            }
        }
        double[] values = new double[d];
        double[] flat = new double[d * d];
        for (int c = 0; c < d; c++) {
            values[c] = 100.0 / ((c + 1.0) * (c + 1.0));
            for (int r = 0; r < d; r++) {
                for (int s = 0; s < d; s++) {
                    flat[r * d + s] += values[c] * basis[c][r] * basis[c][s];
                }
            }
        }
        org.nd4j.linalg.api.ndarray.INDArray m = org.nd4j.linalg.factory.Nd4j.create(flat, new long[] {d, d}, 'c');
        Projection.LeadingAxes axes = Projection.leadingAxes(m, dims, 3);
        assertEquals(dims, axes.values().length);
        for (int c = 0; c < dims; c++) {
            assertEquals(values[c], axes.values()[c], 1e-6 * values[0], "eigenvalue " + c);
            double dot = 0.0;
            double norm = 0.0;
            for (int r = 0; r < d; r++) {
                dot += axes.vectors()[c * d + r] * basis[c][r];
                norm += axes.vectors()[c * d + r] * axes.vectors()[c * d + r];
            }
            assertEquals(1.0, norm, 1e-9, "axis " + c + " has unit length");
            assertEquals(1.0, Math.abs(dot), c < 8 ? 1e-6 : 1e-3, "axis " + c);
        }
        // The same seed gives the same axes.
        assertArrayEquals(axes.vectors(), Projection.leadingAxes(m, dims, 3).vectors(), 0.0);
    }
}
