/**
 * Inputs and the baseline of the graph benchmark ({@code submit/benchmark-graph}): an IDX image reader for
 * Fashion-MNIST's training images, seeded synthetic clustered data, and Spark MLlib's
 * {@code BucketedRandomProjectionLSH} join tuned up to a target recall within a time cap.
 */
package org.collectiveloss.graph.bench;
