package org.collectiveloss.data;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole data stage in one call: load, split, impute, scale, add label noise, in that order, each step
 * fitted on the training part only.
 *
 * <pre>{@code
 * DatasetRegistry registry = DatasetRegistry.load(experimentConfig, DatasetRegistry.defaultFile());
 * PreparationSpec prep = PreparationSpec.fromConfig(ConfigFactory.parseString("split { test-fraction = 0.2, "
 *     + "seed = 1 }, scaling = standard, noise { type = symmetric, rate = 0.2, seed = 1 }"));
 * TrainTest parts = DataPreparation.prepare(spark, registry, "credit-g", prep);
 * }</pre>
 *
 * <p>The returned parts are persisted and counted, so later stages start from cached rows; release them with
 * {@link #release(TrainTest)}. To run several folds or noise settings on one set, load it once and call
 * {@link #prepare(LabelledData, DatasetSpec, PreparationSpec)} per setting.
 */
public final class DataPreparation {

    private static final Logger LOG = LoggerFactory.getLogger(DataPreparation.class);

    private DataPreparation() {
    }

    /** Loads {@code name} from the registry and prepares it; the loaded rows are released afterwards. */
    public static TrainTest prepare(SparkSession spark, DatasetRegistry registry, String name,
                                    PreparationSpec prep) {
        DatasetSpec spec = registry.spec(name);
        LabelledData data = DatasetLoaders.load(spark, spec);
        TrainTest result;
        try {
            result = prepare(data, spec, prep);
        } catch (Exception e) {
            data.unpersist();
            throw e;
        }
        if (data.train() != result.train()) {
            data.train().unpersist();
        }
        data.fixedTest().filter(t -> t != result.test()).ifPresent(Dataset::unpersist);
        return result;
    }

    /** Prepares already loaded data; {@code data} stays persisted for further calls. */
    public static TrainTest prepare(LabelledData data, DatasetSpec dataset, PreparationSpec prep) {
        LOG.info("Preparing {}: split {}, scaling {}, noise {} at {} (seed {})", data.name(), prep.split(),
            prep.scaling(), prep.noise().type(), prep.noise().rate(), prep.noise().seed());
        TrainTest split = prep.split().splitter().split(data);
        TrainTest filled = MissingValueImputer.apply(split);
        TrainTest scaled = FeatureScaler.of(prep.scaling()).apply(filled);
        TrainTest noisy = noise(prep, dataset, scaled).apply(scaled);

        // Materialise the result once, then drop the split's own cache unless it is the result or the input.
        Dataset<Row> train = noisy.train().persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> test = noisy.test().persist(StorageLevel.MEMORY_AND_DISK());
        long trainRows = train.count();
        long testRows = test.count();
        releaseIfIntermediate(split.train(), train, data);
        releaseIfIntermediate(split.test(), test, data);
        LOG.info("Prepared {}: {} training rows, {} test rows, {} features, {} classes", data.name(), trainRows,
            testRows, noisy.numFeatures(), noisy.numClasses());
        return noisy.withFrames(train, test);
    }

    private static void releaseIfIntermediate(Dataset<Row> part, Dataset<Row> result, LabelledData data) {
        boolean input = part == data.train() || data.fixedTest().map(t -> t == part).orElse(false);
        if (part != result && !input) {
            part.unpersist();
        }
    }

    /** Releases the cached parts of a prepared set. */
    public static void release(TrainTest parts) {
        parts.train().unpersist();
        parts.test().unpersist();
    }

    private static LabelNoise noise(PreparationSpec prep, DatasetSpec dataset, TrainTest data) {
        PreparationSpec.Noise n = prep.noise();
        return switch (n.type()) {
            case NONE -> LabelNoise.none();
            case SYMMETRIC -> LabelNoise.symmetric(n.rate(), n.seed());
            case PAIR_FLIP -> {
                Optional<Map<String, String>> pairs = prep.pairs(dataset);
                yield pairs.isPresent()
                    ? LabelNoise.pairFlip(n.rate(), n.seed(), LabelNoise.targetsByName(data.classNames(),
                        pairs.get()))
                    : LabelNoise.pairFlip(n.rate(), n.seed());
            }
        };
    }
}
