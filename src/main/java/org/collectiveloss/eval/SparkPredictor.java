package org.collectiveloss.eval;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collectiveloss.data.DatasetSchema;
import org.collectiveloss.training.Nd4jThreads;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Scores a trained network on a labelled DataFrame with Spark: the network's configuration and parameters are
 * broadcast, each partition rebuilds the network once and predicts its rows in batches, and only the class
 * probabilities (n × C numbers) come back to the driver, where {@link ClassificationMetrics} is computed.
 *
 * <p>Every forward pass runs with one ND4J/BLAS thread, in local mode and on a cluster alike (the driver's own
 * setting is restored afterwards). A float matrix product's rounding can depend on how many threads share it, so
 * without this the same network gave log losses differing in the eighth digit in {@code local[2]} and on a
 * two-worker cluster (AMD EPYC, OpenBLAS); with it the metrics are the same doubles. One thread per task is also
 * the right setting for speed, since Spark already runs one task per core.
 */
public final class SparkPredictor {

    private SparkPredictor() {
    }

    /**
     * Evaluates {@code network} on {@code data} (features and label columns).
     *
     * @param batchSize rows per forward pass inside each partition
     */
    public static ClassificationMetrics evaluate(MultiLayerNetwork network, Dataset<Row> data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("evaluation batch size=" + batchSize + " must be at least 1.");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<String> conf = jsc.broadcast(network.getLayerWiseConfigurations().toJson());
        Broadcast<INDArray> params = jsc.broadcast(network.params().dup());
        boolean local = jsc.isLocal();
        int driverThreads = Nd4jThreads.get();
        List<Tuple2<Integer, double[]>> out;
        try {
            if (local) {
                // The tasks are threads of this JVM: one setting for all of them, restored below.
                Nd4jThreads.set(1);
            }
            out = data.select(DatasetSchema.LABEL, DatasetSchema.FEATURES).javaRDD()
                .mapPartitions((Iterator<Row> rows) -> predict(rows, conf.value(), params.value(), batchSize,
                    !local))
                .collect();
        } finally {
            if (local) {
                Nd4jThreads.set(driverThreads);
            }
            conf.destroy();
            params.destroy();
        }
        int[] labels = new int[out.size()];
        double[][] probs = new double[out.size()][];
        for (int i = 0; i < out.size(); i++) {
            labels[i] = out.get(i)._1();
            probs[i] = out.get(i)._2();
        }
        return ClassificationMetrics.of(labels, probs);
    }

    private static Iterator<Tuple2<Integer, double[]>> predict(Iterator<Row> rows, String confJson, INDArray params,
                                                               int batchSize, boolean setThreads) {
        List<Tuple2<Integer, double[]>> result = new ArrayList<>();
        if (!rows.hasNext()) {
            return result.iterator();
        }
        if (setThreads) {
            // An executor JVM: its threads serve only Spark tasks, one per core.
            Nd4jThreads.set(1);
        }
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(confJson);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init(params, false);
        DataType dataType = conf.getDataType();
        List<Integer> labels = new ArrayList<>(batchSize);
        List<double[]> features = new ArrayList<>(batchSize);
        while (rows.hasNext()) {
            Row r = rows.next();
            labels.add((int) r.getDouble(0));
            features.add(((Vector) r.get(1)).toArray());
            if (features.size() == batchSize || !rows.hasNext()) {
                INDArray probs = net.output(Nd4j.create(features.toArray(new double[0][])).castTo(dataType), false);
                for (int i = 0; i < features.size(); i++) {
                    result.add(new Tuple2<>(labels.get(i), probs.getRow(i).toDoubleVector()));
                }
                labels.clear();
                features.clear();
            }
        }
        return result.iterator();
    }
}
