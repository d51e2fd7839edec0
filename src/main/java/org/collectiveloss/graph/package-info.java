/**
 * The instance similarity graph: the stage between the data and the weights.
 *
 * <p>A {@link org.collectiveloss.graph.GraphBuilder} turns rows of {@code (id, features)} into an edges
 * DataFrame {@code (src, dst, similarity)} ({@link org.collectiveloss.graph.GraphSchema}). What varies:
 * <ul>
 *   <li>the metric ({@link org.collectiveloss.graph.Metric}): Euclidean, similarity {@code 1 / (1 + d)}, or
 *       cosine, similarity the cosine itself;</li>
 *   <li>the mode ({@link org.collectiveloss.graph.GraphMode}): each instance's k nearest neighbours, or every
 *       pair above a similarity cut-off set by a quantile, a mean degree or a density
 *       ({@link org.collectiveloss.graph.CutOff}), estimated from a seeded sample of pairs;</li>
 *   <li>the builder: {@link org.collectiveloss.graph.ExactGraphBuilder} (all pairs by blocked BLAS products, the
 *       reference) or {@link org.collectiveloss.graph.LshGraphBuilder} (random projection trees as hash tables
 *       with bounded buckets, exact products inside each bucket, neighbour-of-neighbour refinement, recall
 *       measured while building).</li>
 * </ul>
 * {@link org.collectiveloss.graph.GraphSpec} reads these choices from an experiment's {@code graph} block and
 * makes the builder; {@link org.collectiveloss.graph.GraphOutput} writes edges and
 * {@link org.collectiveloss.graph.GraphStatistics}; {@link org.collectiveloss.graph.GraphRecall} compares an
 * approximate graph with the exact one. The formulas and search structures (trees, block kernel, cut-off
 * estimate, refinement) are Spark-free classes of this package; the builders wrap them in Spark jobs.
 */
package org.collectiveloss.graph;
