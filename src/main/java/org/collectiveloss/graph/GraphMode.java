package org.collectiveloss.graph;

import java.util.Locale;

/** Which pairs of instances become edges. */
public enum GraphMode {

    /**
     * Each instance points to its k most similar other instances: {@code min(k, n − 1)} directed edges per
     * instance, so the graph is directed (i may list j without j listing i). Ties go to the smaller id.
     */
    KNN,
    /**
     * Every pair whose similarity reaches the cut-off τ ({@link CutOff}) becomes two directed edges, one each
     * way. Degrees vary with density: dense regions get many edges, outliers none.
     */
    THRESHOLD;

    /** The configuration name: {@code knn} or {@code threshold}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a mode from its configuration name.
     *
     * @throws IllegalArgumentException naming the value and the known modes
     */
    public static GraphMode fromName(String name) {
        for (GraphMode m : values()) {
            if (m.configName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("graph.mode='" + name + "' is not known; use knn or threshold.");
    }
}
