package org.collectiveloss.weights;

/**
 * The options of the typicality weights other than the scheme, as read from an experiment's {@code weights}
 * block; see {@link TypicalityWeighterParams} for how to choose each.
 *
 * @param minWeight          floor of every raw weight, in [0, 1]; 0.1 by default
 * @param isolatedWeight     raw weight of an instance with an empty neighbourhood, finite and positive; 1
 * @param beta               decay rate of {@code exp-entropy}, finite and at least 0; 1
 * @param includeSelf        whether an instance counts itself in its neighbourhood; false
 * @param similarityWeighted whether neighbours vote with their similarity instead of 1; false
 */
public record WeightOptions(double minWeight, double isolatedWeight, double beta, boolean includeSelf,
                            boolean similarityWeighted) {

    /** The defaults: floor 0.1, isolated weight 1, β = 1, self excluded, unweighted votes. */
    public static final WeightOptions DEFAULTS = new WeightOptions(0.1, 1.0, 1.0, false, false);

    public WeightOptions {
        if (!(minWeight >= 0.0 && minWeight <= 1.0)) {
            throw new IllegalArgumentException("weights.min-weight=" + minWeight
                + " must lie in [0, 1] (default 0.1).");
        }
        if (!(isolatedWeight > 0.0) || Double.isInfinite(isolatedWeight)) {
            throw new IllegalArgumentException("weights.isolated-weight=" + isolatedWeight
                + " must be finite and > 0 (default 1).");
        }
        if (!(beta >= 0.0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("weights.beta=" + beta + " must be finite and >= 0 (default 1).");
        }
    }
}
