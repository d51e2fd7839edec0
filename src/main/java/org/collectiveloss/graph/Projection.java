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
 * <p>The map is the leading principal axes of a seeded sample of the instances (PCA through the eigenvectors
 * of the sample covariance, LAPACK through ND4J). On image-like data most of the variance lies in a few axes, so
 * a few dozen principal coordinates rank neighbours far better than as many random Gaussian directions. With
 * more than {@link #MAX_PCA_DIM} features the d × d eigenproblem gets costly and the map falls back to a
 * seeded Gaussian random projection (Johnson–Lindenstrauss), which needs no fit. When the data already has at
 * most the requested dimensions the map is the identity.
 */
final class Projection implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Projection.class);

    /** Most features for which the principal axes are computed; beyond, a random projection is used. */
    static final int MAX_PCA_DIM = 2048;

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
        // The covariance in float32 (one BLAS product), its eigenvectors in double precision.
        try (INDArray m = HostArrays.rowMajor(s, rows.length, d)) {
            INDArray centred = m.subRowVector(m.mean(0));
            INDArray cov = Nd4j.gemm(centred, centred, true, false).castTo(DataType.DOUBLE)
                .divi(Math.max(1, rows.length - 1));
            // cov is overwritten with the eigenvectors (columns), eigenvalues ascending.
            INDArray values = Eigen.symmetricGeneralizedEigenvalues(cov, true);
            float[] basis = new float[d * dims];
            double total = values.sumNumber().doubleValue();
            double kept = 0.0;
            for (int c = 0; c < dims; c++) {
                int col = d - 1 - c;
                kept += values.getDouble(col);
                for (int r = 0; r < d; r++) {
                    basis[c * d + r] = (float) cov.getDouble(r, col);
                }
            }
            LOG.info("Projection: principal axes of {} sampled rows, {} -> {} dimensions, {}% of the sample"
                + " variance kept", rows.length, d, dims, String.format("%.1f", 100.0 * kept / Math.max(total,
                Double.MIN_VALUE)));
            return new Projection(basis, d, dims, "pca");
        }
    }

    private static Projection randomGaussian(int d, int dims, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] basis = new float[d * dims];
        double scale = 1.0 / Math.sqrt(dims);
        for (int i = 0; i < basis.length; i++) {
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            basis[i] = (float) (scale * Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v));
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
