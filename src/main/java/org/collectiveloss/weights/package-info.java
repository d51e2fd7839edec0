/**
 * The weights stage: how typical each training instance is, from the labels of its neighbours in the instance
 * similarity graph, and the loss weight that follows.
 *
 * <pre>
 * graph edges (src, dst, similarity) + labels
 *   → TypicalityWeighter (Spark ML Estimator)    label votes of the neighbours per instance
 *   → InstanceTypicality (Spark-free)            degree, entropy H, agreement a (1 − kDN)
 *   → WeightScheme (Spark-free)                  raw weight: uniform | entropy | exp-entropy | agreement
 *                                                | entropy-agreement | random (a seeded permutation)
 *   → floor at minWeight, rescale to mean 1      TypicalityWeighterModel: one row per instance, joined by id
 * </pre>
 * Diagnostics: {@link org.collectiveloss.weights.InstanceWeightsCsv} (one CSV row per instance),
 * {@link org.collectiveloss.weights.ClassHistograms} (per-class histograms, PNG and SVG),
 * {@link org.collectiveloss.weights.NoiseDetection} with {@link org.collectiveloss.weights.Auroc} (how well
 * {@code 1 − weight} finds injected label noise, per scheme).
 */
package org.collectiveloss.weights;
