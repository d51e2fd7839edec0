package org.collectiveloss.graph;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Instances as a dense row-major float32 matrix with their ids, checked and prepared for one {@link Metric}: the
 * form in which the graph builders compare instances.
 *
 * <p>Features are held as float32, the precision of the BLAS products that screen candidate pairs; every
 * distance that ends up on an edge is recomputed from these values with double-precision arithmetic
 * ({@link #rank(int, FeatureMatrix, int)}), so edge similarities are exact for the float32-rounded features.
 * Under {@link Metric#COSINE} the rows are scaled to unit length (zero rows stay zero) and every row's
 * {@linkplain #screenNorm(int) screening norm} is 1, so that {@code screenNorm(i) + screenNorm(j) − 2 x_i·x_j}
 * is the rank distance {@code 2 − 2 cos} for all rows, zero rows included.
 */
final class FeatureMatrix implements Serializable {

    private static final long serialVersionUID = 1L;

    // The arrays are written in bulk by writeObject (BulkArrays), not field by field.
    private transient long[] ids;
    private transient float[] values;
    private transient float[] screenNorms;
    private final int dim;
    private final Metric metric;
    private final long[] zeroRowIds;

    private FeatureMatrix(long[] ids, float[] values, int dim, Metric metric, long[] zeroRowIds) {
        this.ids = ids;
        this.values = values;
        this.dim = dim;
        this.metric = metric;
        this.zeroRowIds = zeroRowIds;
        this.screenNorms = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (metric == Metric.COSINE) {
                screenNorms[i] = 1.0f;
            } else {
                double sq = 0.0;
                for (int t = i * dim, end = t + dim; t < end; t++) {
                    sq += (double) values[t] * values[t];
                }
                screenNorms[i] = (float) sq;
            }
        }
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
        BulkArrays.writeLongs(out, ids);
        BulkArrays.writeFloats(out, values);
        BulkArrays.writeFloats(out, screenNorms);
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        ids = BulkArrays.readLongs(in);
        values = BulkArrays.readFloats(in);
        screenNorms = BulkArrays.readFloats(in);
    }

    /**
     * Reads rows of {@code (id: long, features: Vector)}, checking every feature.
     *
     * @throws IllegalArgumentException naming the instance id if a feature is NaN or infinite or if the vector
     *                                  lengths differ
     */
    static FeatureMatrix of(Iterator<Row> rows, Metric metric) {
        List<Row> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        int dim = list.isEmpty() ? 0 : ((Vector) list.get(0).get(1)).size();
        if (!list.isEmpty() && dim == 0) {
            throw new IllegalArgumentException("Instance id " + list.get(0).getLong(0) + " has an empty feature"
                + " vector; the graph needs at least one feature.");
        }
        long[] ids = new long[list.size()];
        float[] values = new float[Math.multiplyExact(list.size(), dim)];
        List<Long> zeros = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Row row = list.get(i);
            ids[i] = row.getLong(0);
            Vector v = (Vector) row.get(1);
            if (v.size() != dim) {
                throw new IllegalArgumentException("Instance id " + ids[i] + " has " + v.size()
                    + " features where others have " + dim + "; all feature vectors must have one length.");
            }
            double[] x = v.toArray();
            double sq = 0.0;
            for (int j = 0; j < dim; j++) {
                if (!Double.isFinite(x[j])) {
                    throw new IllegalArgumentException("Instance id " + ids[i] + " has feature " + j + " = "
                        + x[j] + "; the graph needs finite features: impute or drop the row first.");
                }
                sq += x[j] * x[j];
            }
            double scale = 1.0;
            if (metric == Metric.COSINE) {
                if (sq == 0.0) {
                    zeros.add(ids[i]);
                } else {
                    scale = 1.0 / Math.sqrt(sq);
                }
            }
            for (int j = 0; j < dim; j++) {
                values[i * dim + j] = (float) (x[j] * scale);
            }
        }
        return new FeatureMatrix(ids, values, dim, metric, zeros.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Joins the parts (one per Spark partition) into one matrix whose rows are sorted by id, so that row
     * positions, and every seeded choice made on them, do not depend on how the data was partitioned.
     *
     * @throws IllegalArgumentException if the parts disagree on the vector length or an id appears twice
     */
    static FeatureMatrix concat(List<FeatureMatrix> parts, Metric metric) {
        int dim = -1;
        int n = 0;
        for (FeatureMatrix p : parts) {
            if (p.size() == 0) {
                continue;
            }
            if (dim >= 0 && p.dim != dim) {
                throw new IllegalArgumentException("Instance id " + p.ids[0] + " has " + p.dim
                    + " features where others have " + dim + "; all feature vectors must have one length.");
            }
            dim = p.dim;
            n += p.size();
        }
        dim = Math.max(dim, 0);
        long[] allIds = new long[n];
        int[] partOf = new int[n];
        int[] rowOf = new int[n];
        int at = 0;
        for (int p = 0; p < parts.size(); p++) {
            for (int r = 0; r < parts.get(p).size(); r++) {
                allIds[at] = parts.get(p).ids[r];
                partOf[at] = p;
                rowOf[at++] = r;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(allIds[a], allIds[b]));
        long[] ids = new long[n];
        float[] values = new float[Math.multiplyExact(n, dim)];
        List<Long> zeros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int src = order[i];
            ids[i] = allIds[src];
            if (i > 0 && ids[i] == ids[i - 1]) {
                throw new IllegalArgumentException("Instance id " + ids[i] + " appears more than once; the graph"
                    + " needs one row per id (ids are the nodes).");
            }
            System.arraycopy(parts.get(partOf[src]).values, rowOf[src] * dim, values, i * dim, dim);
        }
        for (FeatureMatrix p : parts) {
            for (long z : p.zeroRowIds) {
                zeros.add(z);
            }
        }
        zeros.sort(null);
        return new FeatureMatrix(ids, values, dim, metric, zeros.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The rows at {@code rows} (positions) as a new matrix, in that order; with a permutation of all rows this
     * reorders the matrix.
     */
    FeatureMatrix rows(int[] rows) {
        long[] subIds = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            subIds[i] = ids[rows[i]];
        }
        return new FeatureMatrix(subIds, gather(rows), dim, metric,
            rows.length == ids.length ? zeroRowIds : new long[0]);
    }

    int size() {
        return ids.length;
    }

    int dim() {
        return dim;
    }

    Metric metric() {
        return metric;
    }

    long id(int row) {
        return ids[row];
    }

    long[] ids() {
        return ids;
    }

    /** The row-major values, shared, not copied: callers must not change them. */
    float[] values() {
        return values;
    }

    /** The squared norm used in screening products: ‖x‖² (Euclidean) or 1 (cosine, every row). */
    float screenNorm(int row) {
        return screenNorms[row];
    }

    float[] screenNorms() {
        return screenNorms;
    }

    /** Ids of all-zero rows under the cosine metric, sorted; empty for the Euclidean metric. */
    long[] zeroRowIds() {
        return zeroRowIds;
    }

    /** The rows at {@code rows} copied into a new row-major array. */
    float[] gather(int[] rows) {
        float[] out = new float[Math.multiplyExact(rows.length, dim)];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * dim, out, i * dim, dim);
        }
        return out;
    }

    /**
     * The screening rank distance of rows {@code i} and {@code j}: {@code n_i + n_j − 2 x_i·x_j} in float32
     * (clamped at 0), as precise as the BLAS products and about twice as fast as {@link #rank}; used to rank
     * candidates whose final distance is recomputed later.
     */
    float screenRank(int i, int j) {
        float dot = dot(values, i * dim, values, j * dim, dim);
        return Math.max(0.0f, screenNorms[i] + screenNorms[j] - 2.0f * dot);
    }

    /** The float32 dot product of two rows, with eight independent sums. */
    static float dot(float[] a, int offA, float[] b, int offB, int dim) {
        float s0 = 0.0f;
        float s1 = 0.0f;
        float s2 = 0.0f;
        float s3 = 0.0f;
        float s4 = 0.0f;
        float s5 = 0.0f;
        float s6 = 0.0f;
        float s7 = 0.0f;
        int t = 0;
        for (; t + 7 < dim; t += 8) {
            s0 += a[offA + t] * b[offB + t];
            s1 += a[offA + t + 1] * b[offB + t + 1];
            s2 += a[offA + t + 2] * b[offB + t + 2];
            s3 += a[offA + t + 3] * b[offB + t + 3];
            s4 += a[offA + t + 4] * b[offB + t + 4];
            s5 += a[offA + t + 5] * b[offB + t + 5];
            s6 += a[offA + t + 6] * b[offB + t + 6];
            s7 += a[offA + t + 7] * b[offB + t + 7];
        }
        for (; t < dim; t++) {
            s0 += a[offA + t] * b[offB + t];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The rank distance (see {@link Metric}) between row {@code i} of this matrix and row {@code j} of
     * {@code other}, in double precision. */
    double rank(int i, FeatureMatrix other, int j) {
        return rank(values, i * dim, other.values, j * dim, dim, metric);
    }

    /** The rank distance between two rows given by array and offset. */
    static double rank(float[] a, int offA, float[] b, int offB, int dim, Metric metric) {
        if (metric == Metric.EUCLIDEAN) {
            // Four independent sums: one would make every addition wait for the previous (about 5x slower).
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            int t = 0;
            for (; t + 3 < dim; t += 4) {
                double e0 = (double) a[offA + t] - b[offB + t];
                double e1 = (double) a[offA + t + 1] - b[offB + t + 1];
                double e2 = (double) a[offA + t + 2] - b[offB + t + 2];
                double e3 = (double) a[offA + t + 3] - b[offB + t + 3];
                s0 += e0 * e0;
                s1 += e1 * e1;
                s2 += e2 * e2;
                s3 += e3 * e3;
            }
            for (; t < dim; t++) {
                double e = (double) a[offA + t] - b[offB + t];
                s0 += e * e;
            }
            return (s0 + s1) + (s2 + s3);
        }
        // The rows are unit vectors up to float32 rounding; dividing by their actual norms makes identical rows
        // come out at exactly cosine 1.
        double dot = 0.0;
        double na = 0.0;
        double nb = 0.0;
        for (int t = 0; t < dim; t++) {
            double x = a[offA + t];
            double y = b[offB + t];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if (na == 0.0 || nb == 0.0) {
            return 2.0;
        }
        return Math.max(0.0, 2.0 - 2.0 * Math.min(1.0, dot / Math.sqrt(na * nb)));
    }
}
