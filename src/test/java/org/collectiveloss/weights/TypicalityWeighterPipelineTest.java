package org.collectiveloss.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage inside MLlib: a Pipeline in front of a weighted LogisticRegression, and save/load round trips. */
class TypicalityWeighterPipelineTest {

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        // The session the whole test run shares; the JVM's exit stops it.
        spark = SparkTestSession.get();
    }

    @Test
    void pipelineFeedsTheWeightsToLogisticRegression() throws IOException {
        Dataset<Row> all = TypicalityWeighterTest.blobs(150, 3, 21).cache();
        Dataset<Row> train = all.filter("id < 120");
        Dataset<Row> test = all.filter("id >= 120");
        TypicalityWeighter weighter = new TypicalityWeighter().setScheme("entropy").setK(7).setMinWeight(0.2);
        LogisticRegression lr = new LogisticRegression().setWeightCol("weight").setMaxIter(50).setRegParam(0.01);
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {weighter, lr}).fit(train);

        // The pipeline's classifier is the one fitted on the weighted frame, and the weights made a difference.
        LogisticRegressionModel inPipeline = (LogisticRegressionModel) pipeline.stages()[1];
        Dataset<Row> weighted = weighter.fit(train).transform(train);
        LogisticRegressionModel byHand = lr.fit(weighted);
        LogisticRegressionModel unweighted = lr.copy(new ParamMap()).setWeightCol("").fit(train);
        assertArrayEquals(byHand.coefficientMatrix().toArray(), inPipeline.coefficientMatrix().toArray(), 1e-9);
        assertFalse(equalWithin(unweighted.coefficientMatrix().toArray(), inPipeline.coefficientMatrix().toArray(),
            1e-6), "weights must change the fit");
        assertNotEquals(1.0, weighted.selectExpr("min(weight)").first().getDouble(0));

        // Predicting: test ids are unseen, kept with weight 1.
        Dataset<Row> predictions = pipeline.transform(test);
        assertEquals(30, predictions.count());
        assertEquals(1.0, predictions.selectExpr("min(weight)").first().getDouble(0), 0.0);
        assertEquals(1.0, predictions.selectExpr("max(weight)").first().getDouble(0), 0.0);

        // The whole pipeline, unfitted and fitted, survives save and load.
        String pipelinePath = tmp.resolve("pipeline").toString();
        new Pipeline().setStages(new PipelineStage[] {weighter, lr}).save(pipelinePath);
        Pipeline loadedPipeline = Pipeline.load(pipelinePath);
        TypicalityWeighter loadedWeighter = (TypicalityWeighter) loadedPipeline.getStages()[0];
        assertEquals(7, loadedWeighter.getK());
        String modelPath = tmp.resolve("pipeline-model").toString();
        pipeline.save(modelPath);
        PipelineModel loadedModel = PipelineModel.load(modelPath);
        List<Row> before = pipeline.transform(test).orderBy("id").select("id", "prediction", "probability")
            .collectAsList();
        List<Row> after = loadedModel.transform(test).orderBy("id").select("id", "prediction", "probability")
            .collectAsList();
        assertEquals(before, after);
    }

    @Test
    void estimatorSurvivesSaveAndLoad() throws IOException {
        TypicalityWeighter weighter = new TypicalityWeighter().setScheme("exp-entropy").setBeta(0.5).setK(12)
            .setMinWeight(0.05).setIncludeSelf(true).setSimilarityWeighted(true).setSeed(99).setNumClasses(4)
            .setWeightCol("w").setHandleUnseen("error");
        String path = tmp.resolve("weighter").toString();
        weighter.save(path);
        TypicalityWeighter loaded = TypicalityWeighter.load(path);
        assertEquals(weighter.uid(), loaded.uid());
        assertEquals("exp-entropy", loaded.getScheme());
        assertEquals(0.5, loaded.getBeta());
        assertEquals(12, loaded.getK());
        assertEquals(0.05, loaded.getMinWeight());
        assertTrue(loaded.getIncludeSelf());
        assertTrue(loaded.getSimilarityWeighted());
        assertEquals(99L, loaded.getSeed());
        assertEquals(4, loaded.getNumClasses());
        assertEquals("w", loaded.getWeightCol());
        assertEquals("error", loaded.getHandleUnseen());
        assertEquals(weighter.explainParams(), loaded.explainParams());
    }

    @Test
    void modelSurvivesSaveAndLoad() throws IOException {
        Dataset<Row> data = TypicalityWeighterTest.blobs(80, 4, 5);
        TypicalityWeighterModel model = new TypicalityWeighter().setScheme("entropy-agreement").setK(6)
            .setSeed(3).fit(data);
        String path = tmp.resolve("model").toString();
        model.write().save(path);
        assertTrue(Files.isDirectory(tmp.resolve("model").resolve("data")), "table saved as Parquet in data/");
        TypicalityWeighterModel loaded = TypicalityWeighterModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("entropy-agreement", loaded.getScheme());
        assertEquals(6, loaded.getK());
        assertEquals(4, loaded.getNumClasses());
        assertEquals(model.instanceWeights().orderBy("id").collectAsList(),
            loaded.instanceWeights().orderBy("id").collectAsList());
        assertEquals(model.transform(data).orderBy("id").collectAsList(),
            loaded.transform(data).orderBy("id").collectAsList());
        // Overwrite works through MLlib's writer.
        model.write().overwrite().save(path);
        assertEquals(80, TypicalityWeighterModel.load(path).instanceWeights().count());
    }

    private static boolean equalWithin(double[] a, double[] b, double tol) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tol) {
                return false;
            }
        }
        return true;
    }
}
