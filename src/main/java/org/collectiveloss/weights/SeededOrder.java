package org.collectiveloss.weights;

/**
 * A pseudo-random total order of instance ids that depends only on a seed and the ids themselves, so that a
 * permutation built from it is the same whatever the partitioning, the number of executors or the row order.
 *
 * <p>The key of an id is the SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014) applied to the id mixed with the seed; ids are ordered by key, ties (which need a
 * 64-bit collision) by id.
 */
public final class SeededOrder {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SeededOrder() {
    }

    /** The sort key of {@code id} under {@code seed}. */
    public static long key(long seed, long id) {
        long z = id * GOLDEN_GAMMA + mix(seed + GOLDEN_GAMMA);
        return mix(z);
    }

    /** Compares two ids in the order of {@code seed}: by key, then by id. */
    public static int compare(long seed, long id1, long id2) {
        int byKey = Long.compare(key(seed, id1), key(seed, id2));
        return byKey != 0 ? byKey : Long.compare(id1, id2);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
