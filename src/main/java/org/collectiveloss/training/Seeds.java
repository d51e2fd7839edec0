package org.collectiveloss.training;

/** Derives independent seeds from a run's seed, so that each epoch, worker and round gets its own stream. */
final class Seeds {

    private Seeds() {
    }

    /** A well-mixed seed for {@code (seed, a, b)} (the SplitMix64 finaliser applied twice). */
    static long mix(long seed, long a, long b) {
        return splitMix(splitMix(seed ^ splitMix(a)) ^ splitMix(b + 0x632BE59BD9B4E019L));
    }

    static long mix(long seed, long a) {
        return mix(seed, a, 0L);
    }

    private static long splitMix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
