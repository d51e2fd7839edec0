package org.collectiveloss.graph;

/**
 * Estimates the similarity cut-off τ that keeps a given share of all pairs, from a seeded random sample of
 * instances: τ is the corresponding quantile of the similarities of all pairs among the sampled instances.
 *
 * <p>Every pair of the data set is equally likely to be among the sampled pairs, so the sample quantile is an
 * unbiased estimate of the quantile over all pairs; pairs that share an instance are not independent, which
 * makes it somewhat less precise than as many independent pairs would. The automatic sample size aims at
 * {@link #TARGET_PAIRS_KEPT} sampled pairs above τ (the relative error of the kept share then is a few per
 * cent), between {@link #MIN_AUTO_SAMPLE} and {@link #MAX_AUTO_SAMPLE} instances. A sample that would hold
 * all instances is the data set itself, and τ is then exact.
 *
 * <p>Which instances are sampled is decided by a hash of the id and the seed, not by position, so the exact and
 * the LSH builder, and two runs over differently partitioned data, draw the same sample. Spark-free.
 */
final class SimilarityCutOff {

    /** Sampled pairs the automatic sample size aims to have above τ. */
    static final int TARGET_PAIRS_KEPT = 8000;
    static final int MIN_AUTO_SAMPLE = 500;
    static final int MAX_AUTO_SAMPLE = 8000;

    /**
     * The estimated cut-off.
     *
     * @param similarity  τ
     * @param maxRank     the largest rank distance that passes ({@link Metric#rankAtMost})
     * @param sampleRows  instances in the sample
     * @param samplePairs pairs among them
     * @param allPairs    whether the sample was the whole data set (τ exact)
     */
    record Estimate(double similarity, double maxRank, int sampleRows, long samplePairs, boolean allPairs) {
    }

    private SimilarityCutOff() {
    }

    /** The sample size for keeping {@code share} of the pairs of {@code n} instances; {@code requested} if set. */
    static int sampleRows(long n, double share, int requested) {
        long rows;
        if (requested > 0) {
            rows = requested;
        } else {
            double pairs = TARGET_PAIRS_KEPT / share;
            rows = (long) Math.ceil((1.0 + Math.sqrt(1.0 + 8.0 * pairs)) / 2.0);
            rows = Math.max(MIN_AUTO_SAMPLE, Math.min(MAX_AUTO_SAMPLE, rows));
        }
        return (int) Math.min(n, rows);
    }

    /** Whether the instance {@code id} is in the sample that keeps each id with probability {@code fraction}. */
    static boolean inSample(long id, long seed, double fraction) {
        if (fraction >= 1.0) {
            return true;
        }
        long h = mix(id ^ mix(seed));
        // The top 53 bits as a uniform double in [0, 1).
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    /** SplitMix64's finaliser: a bijective, well-mixed hash of a long. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The cut-off keeping {@code share} of the pairs, from all pairs among the rows of {@code sample}.
     *
     * @param allPairs whether {@code sample} is the whole data set
     * @throws IllegalArgumentException if the sample has fewer than 2 rows
     */
    static Estimate estimate(FeatureMatrix sample, double share, boolean allPairs) {
        int s = sample.size();
        if (s < 2) {
            throw new IllegalArgumentException("The similarity cut-off needs at least 2 sampled instances, got " + s
                + "; raise graph.threshold.sample-size or use more data.");
        }
        long pairs = (long) s * (s - 1) / 2;
        long keep = Math.max(1L, Math.min(pairs, Math.round(share * pairs)));
        // Keep whichever tail is smaller: the `keep` smallest ranks, or the `pairs - keep + 1` largest.
        boolean smallest = keep <= pairs / 2;
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, smallest ? keep : pairs - keep + 1);
        Heap heap = new Heap(capacity, smallest);
        BlockKernel.Block all = BlockKernel.Block.ofPositions(sample, range(s));
        int chunk = Math.max(1, (1 << 22) / s);
        for (int from = 0; from < s; from += chunk) {
            int to = Math.min(s, from + chunk);
            float[] part = new float[(to - from) * sample.dim()];
            System.arraycopy(sample.values(), from * sample.dim(), part, 0, part.length);
            float[] g = BlockKernel.products(part, to - from, sample.values(), s, sample.dim());
            for (int i = from; i < to; i++) {
                int row = (i - from) * s;
                float ni = all.norms[i];
                for (int j = i + 1; j < s; j++) {
                    double screen = ni + all.norms[j] - 2.0 * g[row + j];
                    double slack = BlockKernel.SLACK * (ni + all.norms[j]);
                    if (heap.wants(smallest ? screen - slack : screen + slack)) {
                        heap.offer(sample.rank(i, sample, j));
                    }
                }
            }
        }
        double maxRank = heap.top();
        return new Estimate(sample.metric().similarity(maxRank), maxRank, s, pairs, allPairs);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /**
     * A bounded heap of doubles keeping the {@code capacity} smallest (or largest) values offered; its top is
     * the largest kept (or the smallest kept).
     */
    private static final class Heap {
        private final double[] values;
        private final boolean smallest;
        private int size;

        Heap(int capacity, boolean smallest) {
            this.values = new double[capacity];
            this.smallest = smallest;
        }

        boolean wants(double v) {
            return size < values.length || (smallest ? v <= values[0] : v >= values[0]);
        }

        void offer(double v) {
            if (size < values.length) {
                values[size] = v;
                up(size++);
            } else if (above(values[0], v)) {
                values[0] = v;
                down(0);
            }
        }

        double top() {
            return values[0];
        }

        /** Whether a belongs nearer the top than b: larger for a smallest-heap, smaller otherwise. */
        private boolean above(double a, double b) {
            return smallest ? a > b : a < b;
        }

        private void up(int i) {
            while (i > 0) {
                int p = (i - 1) / 2;
                if (!above(values[i], values[p])) {
                    return;
                }
                swap(i, p);
                i = p;
            }
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1;
                int best = i;
                if (l < size && above(values[l], values[best])) {
                    best = l;
                }
                if (l + 1 < size && above(values[l + 1], values[best])) {
                    best = l + 1;
                }
                if (best == i) {
                    return;
                }
                swap(i, best);
                i = best;
            }
        }

        private void swap(int a, int b) {
            double t = values[a];
            values[a] = values[b];
            values[b] = t;
        }
    }
}
