package org.collectiveloss.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A made-up grid in the layout of runs.csv, with the columns in another order than the results store writes
 * them and two extra columns (one quoted, holding a comma), for the report's tests.
 */
final class SyntheticRuns {

    static final List<String> DATASETS = List.of("alpha", "beta", "gamma", "delta", "eps", "zeta");
    static final List<String> METHODS = List.of("entropy", "uniform", "agreement");
    static final double[] RATES = {0.0, 0.2, 0.4};
    static final int SEEDS = 3;

    private SyntheticRuns() {
    }

    /** The lines of the file; entropy is better than uniform under noise, agreement in between. */
    static List<String> lines(long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        lines.add("seed,method,dataset,noise_type,noise,accuracy,macro_f1,noise_auroc,comment,fold,log_loss");
        for (int d = 0; d < DATASETS.size(); d++) {
            double base = 0.80 + 0.03 * d;
            for (double rate : RATES) {
                String type = rate == 0.0 ? "none" : "symmetric";
                for (int s = 1; s <= SEEDS; s++) {
                    for (String m : METHODS) {
                        double effect = switch (m) {
                            case "entropy" -> 0.08 * rate;
                            case "agreement" -> 0.04 * rate;
                            default -> 0.0;
                        };
                        double acc = base - 0.3 * rate + effect + 0.005 * random.nextGaussian();
                        double f1 = acc - 0.01 + 0.002 * random.nextGaussian();
                        String auroc = rate == 0.0 || m.equals("uniform") ? ""
                            : String.format(Locale.ROOT, "%.6f", 0.7 + 0.1 * rate + 0.01 * random.nextGaussian());
                        lines.add(String.format(Locale.ROOT, "%d,%s,%s,%s,%.2f,%.6f,%.6f,%s,\"made up, d%d\",0,0.5",
                            s, m, DATASETS.get(d), type, rate, acc, f1, auroc, d));
                    }
                }
            }
        }
        return lines;
    }
}
