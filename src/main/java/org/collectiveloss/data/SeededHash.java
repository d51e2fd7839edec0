package org.collectiveloss.data;

/**
 * Seeded pseudo-random numbers keyed by row id: the same (seed, stream, id) always gives the same number, on any
 * partitioning and in any task order, which is what makes splits and label noise reproducible on Spark. Each use
 * takes its own {@code stream} constant so that, with one seed, the split and the noise draw independent numbers.
 *
 * <p>The mixing function is the finaliser of the SplitMix64 generator (Steele, Lea, Flood: "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), applied twice.
 */
final class SeededHash {

    /** Stream of the stratified splitter's row order. */
    static final long SPLIT = 0x5EED_0001L;
    /** Stream of the label-noise flip decision. */
    static final long FLIP = 0x5EED_0002L;
    /** Stream of the label-noise target class (symmetric noise). */
    static final long TARGET = 0x5EED_0003L;

    private SeededHash() {
    }

    /** A 64-bit hash of (seed, stream, id). */
    static long hash(long seed, long stream, long id) {
        return mix(mix(seed ^ mix(stream)) + id * 0x9E3779B97F4A7C15L);
    }

    /** A number uniform in [0, 1) from (seed, stream, id). */
    static double uniform(long seed, long stream, long id) {
        return (hash(seed, stream, id) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
