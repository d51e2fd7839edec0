package org.collectiveloss.graph;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.collectiveloss.nd4j.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A linear map of the features to fewer dimensions, used by the {@link LshGraphBuilder} to cut its trees and
 * to screen the candidates of its refinement rounds cheaply; distances on edges are always computed on the full
 * features.
 *
 * <p>The map is the leading principal axes of a seeded sample of the instances: the top eigenvectors of the
 * sample covariance, found by seeded subspace iteration on ND4J ({@link #leadingAxes}). On image-like data most
 * of the variance lies in a few axes, so a few dozen principal coordinates rank neighbours far better than as
 * many random Gaussian directions. With more than {@link #MAX_PCA_DIM} features the d × d covariance gets
 * costly and the map falls back to a seeded Gaussian random projection (Johnson–Lindenstrauss), which needs no
 * fit. When the data already has at most the requested dimensions the map is the identity.
 */
final class Projection implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Projection.class);

    /** Most features for which the principal axes are computed; beyond, a random projection is used. */
    static final int MAX_PCA_DIM = 2048;
    /** Extra columns of the subspace iteration beyond the axes kept. */
    static final int OVERSAMPLE = 16;
    /** Products of the subspace iteration after the first. */
    static final int POWER_ITERATIONS = 4;

    /** Column-major d × m basis, or null for the identity. */
    private final float[] basis;
    private final int inDim;
    private final int outDim;
    private final String kind;

    private Projection(float[] basis, int inDim, int outDim, String kind) {
        this.basis = basis;
        this.inDim = inDim;
        this.outDim = outDim;
        this.kind = kind;
    }

    /**
     * Fits a map of {@code x}'s rows to {@code dims} dimensions.
     *
     * @param sampleSize rows drawn (seeded, without replacement) to estimate the covariance
     */
    static Projection fit(FeatureMatrix x, int dims, int sampleSize, long seed) {
        int d = x.dim();
        if (dims >= d || x.size() < 2) {
            return new Projection(null, d, d, "identity");
        }
        if (d > MAX_PCA_DIM) {
            return randomGaussian(d, dims, seed);
        }
        int[] rows = sample(x.size(), Math.min(sampleSize, x.size()), seed);
        float[] s = x.gather(rows);
        // The covariance in float32 (one BLAS product), its leading axes in double precision.
        try (INDArray m = HostArrays.rowMajor(s, rows.length, d)) {
            INDArray centred = m.subRowVector(m.mean(0));
            INDArray cov = Nd4j.gemm(centred, centred, true, false).castTo(DataType.DOUBLE)
                .divi(Math.max(1, rows.length - 1));
            double total = 0.0;
            for (int i = 0; i < d; i++) {
                total += cov.getDouble(i, i);
            }
            LeadingAxes axes = leadingAxes(cov, dims, seed);
            double kept = 0.0;
            for (double v : axes.values) {
                kept += v;
            }
            float[] basis = new float[d * dims];
            for (int i = 0; i < basis.length; i++) {
                basis[i] = (float) axes.vectors[i];
            }
            LOG.info("Projection: principal axes of {} sampled rows, {} -> {} dimensions, {}% of the sample"
                + " variance kept", rows.length, d, dims, String.format("%.1f", 100.0 * kept / Math.max(total,
                Double.MIN_VALUE)));
            return new Projection(basis, d, dims, "pca");
        }
    }

    /**
     * The {@code dims} leading eigenvectors (column-major {@code d × dims}, largest eigenvalue first) and
     * eigenvalues of a symmetric positive semi-definite {@code d × d} matrix, by seeded subspace iteration
     * (Halko, Martinsson and Tropp 2011, "Finding structure with randomness", algorithm 4.4 with
     * Rayleigh–Ritz): a Gaussian block of {@code dims + }{@link #OVERSAMPLE} columns is multiplied by the matrix
     * {@link #POWER_ITERATIONS} + 1 times and orthonormalised after each product, then the small projected
     * matrix is diagonalised. For 784 × 784 and 64 axes this costs a few hundredths of a second, where
     * LAPACK's full decomposition of all 784 axes takes 0.4 s on one core; the leading axes agree with it to
     * well within what the trees and the screening need (the test compares the variance they keep).
     */
    static LeadingAxes leadingAxes(INDArray symmetric, int dims, long seed) {
        int d = (int) symmetric.rows();
        int l = Math.min(d, dims + OVERSAMPLE);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5851F42D4C957F2DL);
        double[] omega = new double[d * l];
        for (int i = 0; i < omega.length; i++) {
            omega[i] = gaussian(random);
        }
        INDArray q = Nd4j.create(omega, new long[] {d, l}, 'c');
        for (int it = 0; it <= POWER_ITERATIONS; it++) {
            q = orthonormalColumns(Nd4j.gemm(symmetric, q, false, false));
        }
        INDArray small = Nd4j.gemm(q, Nd4j.gemm(symmetric, q, false, false), true, false);
        // Symmetrise against rounding before LAPACK's symmetric solver; it overwrites `small` with the
        // eigenvectors (columns), eigenvalues ascending.
        small = small.add(small.transpose()).muli(0.5).dup('c');
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(small, true);
        INDArray vectors = Nd4j.gemm(q, small, false, false);
        double[] all = vectors.dup('c').data().asDouble();
        double[] out = new double[d * dims];
        double[] outValues = new double[dims];
        for (int c = 0; c < dims; c++) {
            int col = l - 1 - c;
            outValues[c] = Math.max(0.0, values.getDouble(col));
            for (int r = 0; r < d; r++) {
                out[c * d + r] = all[r * l + col];
            }
        }
        return new LeadingAxes(out, outValues);
    }

    /** Leading eigenvectors, column-major, and their eigenvalues, largest first. */
    record LeadingAxes(double[] vectors, double[] values) {
    }

    /** The columns of {@code a} orthonormalised (modified Gram–Schmidt, twice, in double precision). */
    private static INDArray orthonormalColumns(INDArray a) {
        int rows = (int) a.rows();
        int cols = (int) a.columns();
        double[] flat = a.dup('c').data().asDouble();
        double[][] col = new double[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                col[c][r] = flat[r * cols + c];
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < cols; c++) {
                double[] v = col[c];
                for (int p = 0; p < c; p++) {
                    double[] u = col[p];
                    double dot = 0.0;
                    for (int r = 0; r < rows; r++) {
                        dot += u[r] * v[r];
                    }
                    for (int r = 0; r < rows; r++) {
                        v[r] -= dot * u[r];
                    }
                }
                double norm = 0.0;
                for (double e : v) {
                    norm += e * e;
                }
                norm = Math.sqrt(norm);
                for (int r = 0; r < rows; r++) {
                    // A column that vanished (rank below the block) becomes zero rather than NaN.
                    v[r] = norm > 1e-300 ? v[r] / norm : 0.0;
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = col[c][r];
            }
        }
        return Nd4j.create(flat, new long[] {rows, cols}, 'c');
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    private static Projection randomGaussian(int d, int dims, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] basis = new float[d * dims];
        double scale = 1.0 / Math.sqrt(dims);
        for (int i = 0; i < basis.length; i++) {
            basis[i] = (float) (scale * gaussian(random));
        }
        LOG.info("Projection: seeded Gaussian random projection {} -> {} dimensions (more than {} features)",
            d, dims, MAX_PCA_DIM);
        return new Projection(basis, d, dims, "random");
    }

    /** {@code count} distinct positions of {@code 0..n-1}, seeded (partial Fisher–Yates), sorted. */
    static int[] sample(int n, int count, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(all, count);
        java.util.Arrays.sort(out);
        return out;
    }

    int outDim() {
        return outDim;
    }

    String kind() {
        return kind;
    }

    boolean isIdentity() {
        return basis == null;
    }

    /** The projected rows of {@code x}, row-major {@code n × outDim}; the matrix's own values for the identity. */
    float[] apply(FeatureMatrix x) {
        if (basis == null) {
            return x.values();
        }
        int n = x.size();
        float[] out = new float[Math.multiplyExact(n, outDim)];
        int chunk = Math.max(1, (1 << 22) / Math.max(1, inDim));
        try (INDArray b = Nd4j.create(basis, new long[] {inDim, outDim}, 'f').dup('c')) {
            for (int from = 0; from < n; from += chunk) {
                int rows = Math.min(chunk, n - from);
                float[] part = new float[rows * inDim];
                System.arraycopy(x.values(), from * inDim, part, 0, part.length);
                try (INDArray m = HostArrays.rowMajor(part, rows, inDim);
                     INDArray p = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, outDim}, 'c')) {
                    Nd4j.gemm(m, b, p, false, false, 1.0, 0.0);
                    System.arraycopy(HostArrays.toFloats(p), 0, out, from * outDim, rows * outDim);
                }
            }
        }
        return out;
    }
}
