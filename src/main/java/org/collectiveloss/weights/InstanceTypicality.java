package org.collectiveloss.weights;

/**
 * The typicality statistics of one instance, computed from the label votes of its neighbourhood: the Spark-free
 * core that {@link TypicalityWeighter} applies to every instance.
 *
 * <p>The votes are one number per class: the count of neighbours carrying that label, or the sum of their
 * similarities when votes are weighted by similarity. When the instance itself is counted in its neighbourhood
 * it adds one vote (similarity 1) for its own label. An instance whose neighbours cast no vote at all (no
 * out-edges, or only neighbours at similarity 0 under similarity-weighted votes) is <em>isolated</em>: its
 * entropy and agreement are undefined (NaN) and its raw weight is the caller's {@code isolatedWeight}; counting
 * itself does not make an isolated instance's neighbourhood non-empty.
 *
 * @param degree    number of out-edges (neighbours), the instance itself never included
 * @param entropy   class entropy of the votes in nats, NaN when isolated
 * @param agreement share of the votes for the instance's own label, NaN when isolated
 */
public record InstanceTypicality(long degree, double entropy, double agreement) {

    /**
     * Statistics of one instance.
     *
     * @param neighbourVotes votes of the neighbours per class (length C); finite and non-negative; not modified
     * @param degree         number of neighbours that cast the votes, at least 0
     * @param ownLabel       the instance's label, in {@code 0..C-1}
     * @param includeSelf    whether the instance votes for its own label in its neighbourhood
     * @throws IllegalArgumentException if a vote is negative or not finite, or the label is out of range
     */
    public static InstanceTypicality of(double[] neighbourVotes, long degree, int ownLabel, boolean includeSelf) {
        if (ownLabel < 0 || ownLabel >= neighbourVotes.length) {
            throw new IllegalArgumentException("ownLabel=" + ownLabel + " is outside 0.."
                + (neighbourVotes.length - 1) + "; labels must be class indices.");
        }
        if (degree < 0) {
            throw new IllegalArgumentException("degree=" + degree + " is negative.");
        }
        double total = 0.0;
        for (int c = 0; c < neighbourVotes.length; c++) {
            double v = neighbourVotes[c];
            if (!(v >= 0.0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("The vote for class " + c + " is " + v
                    + "; votes must be finite and non-negative.");
            }
            total += v;
        }
        if (degree == 0 || total <= 0.0) {
            return new InstanceTypicality(degree, Double.NaN, Double.NaN);
        }
        double[] votes = neighbourVotes;
        if (includeSelf) {
            votes = neighbourVotes.clone();
            votes[ownLabel] += 1.0;
        }
        return new InstanceTypicality(degree, NeighbourhoodEntropy.entropy(votes),
            NeighbourhoodEntropy.agreement(votes, ownLabel));
    }

    /** Whether the neighbourhood cast no vote, so that entropy and agreement are undefined. */
    public boolean isolated() {
        return Double.isNaN(entropy);
    }

    /**
     * The raw weight under {@code scheme}, before the floor and the rescaling.
     *
     * @param scheme         the weighting scheme; {@link WeightScheme#UNIFORM} gives 1 even to isolated instances
     * @param numClasses     C, at least 2
     * @param beta           decay rate of {@link WeightScheme#EXP_ENTROPY}, at least 0
     * @param isolatedWeight raw weight of an isolated instance, finite and positive
     */
    public double rawWeight(WeightScheme scheme, int numClasses, double beta, double isolatedWeight) {
        if (scheme == WeightScheme.UNIFORM) {
            return 1.0;
        }
        if (isolated()) {
            return isolatedWeight;
        }
        return scheme.rawWeight(entropy, agreement, numClasses, beta);
    }

    /** The raw weight floored at {@code minWeight}: {@code max(minWeight, raw)}. */
    public static double floored(double raw, double minWeight) {
        return Math.max(minWeight, raw);
    }

    /**
     * Floors every raw weight at {@code minWeight} and rescales them to mean 1: the same arithmetic as the Spark
     * stage, for one machine.
     *
     * @throws IllegalArgumentException if {@code raw} is empty or the floored weights sum to 0
     */
    public static double[] flooredToMeanOne(double[] raw, double minWeight) {
        if (raw.length == 0) {
            throw new IllegalArgumentException("No weights to rescale.");
        }
        double[] w = new double[raw.length];
        double sum = 0.0;
        for (int i = 0; i < raw.length; i++) {
            w[i] = floored(raw[i], minWeight);
            sum += w[i];
        }
        if (!(sum > 0.0)) {
            throw new IllegalArgumentException("All floored weights are 0; use minWeight > 0 so that the weights"
                + " can be rescaled to mean 1.");
        }
        double mean = sum / raw.length;
        for (int i = 0; i < w.length; i++) {
            w[i] /= mean;
        }
        return w;
    }
}
