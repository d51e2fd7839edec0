package org.collectiveloss.weights;

/**
 * The Spark-free core of the typicality weights: the class distribution of an instance's neighbourhood, its
 * Shannon entropy, the agreement with the instance's own label and the raw entropy weight.
 *
 * <p>For neighbour label counts {@code n_c} over C classes with total {@code n}, the entropy is
 * {@code H = -sum_c (n_c / n) ln(n_c / n)} in nats (0 ln 0 = 0), between 0 for a pure neighbourhood and
 * {@code ln C} for a uniform one. The entropy weight of the collective loss is
 * {@code w = max(floor, 1 - H / ln C)}: 1 in a homogeneous neighbourhood, the floor in a maximally mixed one.
 * Raw weights are rescaled to mean 1 afterwards by the Spark stage.
 */
public final class NeighbourhoodEntropy {

    private NeighbourhoodEntropy() {
    }

    /**
     * Shannon entropy in nats of the distribution given by non-negative counts.
     *
     * @throws IllegalArgumentException if a count is negative or not finite, or all counts are zero
     */
    public static double entropy(double[] counts) {
        double total = total(counts);
        double h = 0.0;
        for (double n : counts) {
            if (n > 0) {
                double p = n / total;
                h -= p * Math.log(p);
            }
        }
        return Math.max(0.0, h);
    }

    /** Share of the neighbourhood that carries {@code ownLabel}; counts as for {@link #entropy}. */
    public static double agreement(double[] counts, int ownLabel) {
        if (ownLabel < 0 || ownLabel >= counts.length) {
            throw new IllegalArgumentException("ownLabel=" + ownLabel + " is outside 0.." + (counts.length - 1)
                + "; labels must be class indices of the " + counts.length + " classes.");
        }
        return counts[ownLabel] / total(counts);
    }

    /**
     * The raw entropy weight {@code max(floor, 1 - H / ln C)}.
     *
     * @param entropy    H in nats, in {@code [0, ln C]}
     * @param numClasses C, at least 2
     * @param floor      smallest weight, in {@code [0, 1]}; keeps ambiguous instances in the loss
     */
    public static double entropyWeight(double entropy, int numClasses, double floor) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses=" + numClasses + "; the entropy weight needs C >= 2.");
        }
        if (!(floor >= 0.0 && floor <= 1.0)) {
            throw new IllegalArgumentException("floor=" + floor + " must lie in [0, 1]; the default is 0.1.");
        }
        return Math.max(floor, 1.0 - entropy / Math.log(numClasses));
    }

    private static double total(double[] counts) {
        double total = 0.0;
        for (int c = 0; c < counts.length; c++) {
            double n = counts[c];
            if (!(n >= 0.0) || Double.isInfinite(n)) {
                throw new IllegalArgumentException("Neighbour count for class " + c + " is " + n
                    + "; counts must be finite and non-negative.");
            }
            total += n;
        }
        if (total <= 0.0) {
            throw new IllegalArgumentException("The neighbourhood is empty (all counts zero); an isolated instance"
                + " has no label distribution and must be given its weight by the caller.");
        }
        return total;
    }
}
