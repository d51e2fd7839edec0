package org.collectiveloss.experiment;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One finished run of the grid: its coordinates, its test metrics, the time of each stage and its provenance.
 * {@link #CSV_HEADER} and {@link #toCsv()} give the {@code runs.csv} layout, {@link #SCHEMA} and {@link #toRow()}
 * the {@code runs.parquet} one.
 */
public record RunResult(String experiment, String dataset, String method, String noiseType, double noise,
                        long seed, int fold, long nTrain, long nTest, double accuracy, double macroF1, double logLoss,
                        double finalTrainLoss, double noiseAuroc, double graphSeconds, double weightSeconds,
                        double trainSeconds,
                        String trainer, String sparkMaster, String configHash, String gitCommit,
                        Provenance provenance, String finishedAt) {

    public static final List<String> CSV_HEADER = List.of("experiment", "dataset", "method", "noise_type", "noise",
        "seed", "fold", "n_train", "n_test", "accuracy", "macro_f1", "log_loss", "final_train_loss", "noise_auroc",
        "graph_seconds",
        "weight_seconds", "train_seconds", "trainer", "spark_master", "config_hash", "git_commit", "java_version",
        "spark_version", "dl4j_version", "host", "cores", "finished_at");

    private static final DataType STR = DataTypes.StringType;
    private static final DataType DBL = DataTypes.DoubleType;
    private static final DataType LNG = DataTypes.LongType;
    private static final DataType INT = DataTypes.IntegerType;
    /** Types of the {@link #CSV_HEADER} columns, in order. */
    private static final List<DataType> TYPES = List.of(
        STR, STR, STR, STR, DBL,           // experiment, dataset, method, noise_type, noise
        LNG, INT, LNG, LNG,                // seed, fold, n_train, n_test
        DBL, DBL, DBL, DBL, DBL,           // accuracy, macro_f1, log_loss, final_train_loss, noise_auroc
        DBL, DBL, DBL,                     // graph_seconds, weight_seconds, train_seconds
        STR, STR, STR, STR,                // trainer, spark_master, config_hash, git_commit
        STR, STR, STR, STR, INT, STR);     // java_version, spark_version, dl4j_version, host, cores, finished_at

    /** The Spark schema of {@code runs.parquet}: the CSV columns with their types. */
    public static final StructType SCHEMA = schema();

    /** The run's coordinates in the grid. */
    public RunKey key() {
        return RunKey.of(dataset, method, noiseType, noise, seed, fold);
    }

    /** The run as one CSV line (no line break), fields in {@link #CSV_HEADER} order. */
    public String toCsv() {
        return String.join(",", experiment, dataset, method, noiseType, num(noise), Long.toString(seed),
            Integer.toString(fold), Long.toString(nTrain), Long.toString(nTest), num(accuracy), num(macroF1),
            num(logLoss), num(finalTrainLoss), num(noiseAuroc), num(graphSeconds), num(weightSeconds),
            num(trainSeconds), trainer, sparkMaster, configHash, gitCommit, provenance.javaVersion(),
            provenance.sparkVersion(), provenance.dl4jVersion(), provenance.host(),
            Integer.toString(provenance.cores()), finishedAt);
    }

    /** The run as a row of {@link #SCHEMA}. */
    public Row toRow() {
        return RowFactory.create(experiment, dataset, method, noiseType, noise, seed, fold, nTrain, nTest, accuracy,
            macroF1, logLoss, finalTrainLoss, noiseAuroc, graphSeconds, weightSeconds, trainSeconds, trainer,
            sparkMaster, configHash, gitCommit, provenance.javaVersion(), provenance.sparkVersion(),
            provenance.dl4jVersion(), provenance.host(), provenance.cores(), finishedAt);
    }

    /** Parses a line written by {@link #toCsv()}. */
    public static RunResult fromCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length != CSV_HEADER.size()) {
            throw new IllegalArgumentException("A runs.csv line has " + f.length + " fields, not "
                + CSV_HEADER.size() + ": '" + line + "'");
        }
        return new RunResult(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), Long.parseLong(f[5]),
            Integer.parseInt(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Double.parseDouble(f[9]),
            Double.parseDouble(f[10]), Double.parseDouble(f[11]), Double.parseDouble(f[12]),
            Double.parseDouble(f[13]), Double.parseDouble(f[14]), Double.parseDouble(f[15]),
            Double.parseDouble(f[16]), f[17], f[18], f[19], f[20],
            new Provenance(f[21], f[22], f[23], f[24], Integer.parseInt(f[25])), f[26]);
    }

    private static StructType schema() {
        StructType s = new StructType();
        for (int i = 0; i < CSV_HEADER.size(); i++) {
            s = s.add(CSV_HEADER.get(i), TYPES.get(i), false);
        }
        return s;
    }

    /** Shortest decimal text that reads back to the same double: results keep full precision. */
    private static String num(double x) {
        return Double.toString(x);
    }
}
