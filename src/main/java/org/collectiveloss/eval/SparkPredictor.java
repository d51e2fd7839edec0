package org.collectiveloss.eval;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collectiveloss.data.DatasetSchema;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Scores a trained network on a labelled DataFrame with Spark: the network's parameters are broadcast and each
 * partition predicts its rows in batches ({@code SparkDl4jMultiLayer.feedForwardWithKey}); only the class
 * probabilities (n × C numbers) come back to the driver, where {@link ClassificationMetrics} is computed.
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
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        DataType dataType = network.getLayerWiseConfigurations().getDataType();
        JavaPairRDD<Integer, INDArray> rows = data.select(DatasetSchema.LABEL, DatasetSchema.FEATURES).javaRDD()
            .mapToPair(r -> new Tuple2<>((int) r.getDouble(0),
                Nd4j.create(((Vector) r.get(1)).toArray()).reshape(1, ((Vector) r.get(1)).size())
                    .castTo(dataType)));
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, network,
            new ParameterAveragingTrainingMaster.Builder(1).build());
        List<Tuple2<Integer, INDArray>> out = sparkNet.feedForwardWithKey(rows, batchSize).collect();

        int[] labels = new int[out.size()];
        double[][] probs = new double[out.size()][];
        for (int i = 0; i < out.size(); i++) {
            labels[i] = out.get(i)._1();
            probs[i] = out.get(i)._2().toDoubleVector();
        }
        return ClassificationMetrics.of(labels, probs);
    }
}
