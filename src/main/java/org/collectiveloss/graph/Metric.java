package org.collectiveloss.graph;

import java.util.Locale;

/**
 * How two instances are compared, and how their comparison becomes the {@code similarity} of an edge.
 *
 * <p>Both metrics are computed through a <em>rank distance</em> r, the quantity the builders minimise:
 * <ul>
 *   <li>{@link #EUCLIDEAN}: r = ‖x − y‖², the squared Euclidean distance. The similarity is
 *       {@code 1 / (1 + ‖x − y‖)}: 1 for identical points, falling towards 0 with distance, monotone, so that
 *       the most similar neighbours are the nearest ones and a similarity cut-off is a distance cut-off.
 *       The scale is that of the features: scale them first (the experiments standardise them).</li>
 *   <li>{@link #COSINE}: the vectors are first scaled to unit length; r = 2 − 2 cos(x, y), which equals the
 *       squared Euclidean distance of the unit vectors. The similarity is cos(x, y) itself, in [−1, 1]. A zero
 *       vector has no direction: its cosine with every vector, itself and other zero vectors included, is taken
 *       to be 0 (as if it were orthogonal to everything), so it is neither near nor far from anything and its
 *       own neighbours are ties broken by the smaller id. The builders log the ids of such rows.</li>
 * </ul>
 */
public enum Metric {

    /** Euclidean distance d, similarity {@code 1 / (1 + d)}. */
    EUCLIDEAN,
    /** Cosine similarity of the directions; zero vectors have similarity 0 with everything. */
    COSINE;

    /** The similarity of two instances at rank distance {@code rank} (see the class comment). */
    public double similarity(double rank) {
        if (this == EUCLIDEAN) {
            return 1.0 / (1.0 + Math.sqrt(Math.max(0.0, rank)));
        }
        return Math.max(-1.0, Math.min(1.0, 1.0 - rank / 2.0));
    }

    /**
     * The largest rank distance whose similarity is still at least {@code similarity}: the inverse of
     * {@link #similarity(double)}. Below every possible similarity it returns infinity (every pair passes).
     */
    public double rankAtMost(double similarity) {
        if (this == EUCLIDEAN) {
            if (similarity <= 0.0) {
                return Double.POSITIVE_INFINITY;
            }
            double d = 1.0 / similarity - 1.0;
            return d * d;
        }
        return similarity <= -1.0 ? Double.POSITIVE_INFINITY : 2.0 - 2.0 * similarity;
    }

    /** The configuration name: {@code euclidean} or {@code cosine}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a metric from its configuration name.
     *
     * @throws IllegalArgumentException naming the value and the known metrics
     */
    public static Metric fromName(String name) {
        for (Metric m : values()) {
            if (m.configName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("graph.metric='" + name + "' is not known; use euclidean or cosine.");
    }
}
