package org.collectiveloss.training;

import java.util.Locale;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;

/**
 * Settings of DL4J's synchronous parameter averaging on Spark ({@code ParameterAveragingTrainingMaster}); see
 * {@link ParameterAveragingTrainer} for what each costs and the measurements behind the defaults.
 *
 * <p>One averaging round has each of {@code workers} workers fit {@code averagingFrequency} minibatches from the
 * same starting parameters; the driver then averages their parameters and, with {@code saveUpdater}, their updater
 * states. Each round is one Spark job, so a larger {@code averagingFrequency} trades statistical efficiency for
 * speed.
 *
 * @param workers            parallel workers: the number of executor cores given to training (executors times
 *                           cores per executor); the training data is cut into this many partitions
 * @param averagingFrequency minibatches each worker fits between two averagings, at least 1
 * @param prefetch           minibatches prefetched asynchronously by each worker, 0 to turn it off (the minibatches
 *                           are already in memory, so prefetching only adds a thread)
 * @param approach           {@code direct}: the training RDD is split in memory, which needs no shared file system;
 *                           {@code export}: minibatches are first written to {@code exportDirectory} (DL4J's
 *                           default), which needs a file system every executor can read, such as HDFS
 * @param exportDirectory    base folder for {@code export}; empty for DL4J's default under {@code hadoop.tmp.dir}
 * @param aggregationDepth   depth of Spark's tree aggregation of the worker results, at least 1; 2 is DL4J's default
 *                           and only matters with many workers
 * @param saveUpdater        whether updater state (Adam's moments, momentum) is averaged and carried across
 *                           rounds; without it every round restarts the updater from zero
 * @param storageLevel       how the minibatch RDD is persisted: {@code memory_only} (deserialised objects: no
 *                           deserialisation per round), {@code memory_only_ser} (DL4J's default; compact but
 *                           deserialised on every pass) or {@code memory_and_disk_ser}
 * @param workerThreads      ND4J/OpenBLAS threads per worker, 0 to leave ND4J's default (all cores of the machine);
 *                           cores per executor divided by tasks per executor avoids oversubscription
 * @param collectStats       whether DL4J's per-phase training statistics are collected and logged (costs a little)
 */
public record SparkTrainingSpec(int workers, int averagingFrequency, int prefetch, String approach,
                                String exportDirectory, int aggregationDepth, boolean saveUpdater,
                                String storageLevel, int workerThreads, boolean collectStats) {

    public SparkTrainingSpec {
        approach = approach.toLowerCase(Locale.ROOT);
        storageLevel = storageLevel.toLowerCase(Locale.ROOT);
        exportDirectory = exportDirectory == null ? "" : exportDirectory;
        if (workers < 1) {
            throw new IllegalArgumentException("trainer.workers=" + workers + " must be at least 1.");
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("trainer.averaging-frequency=" + averagingFrequency
                + " must be at least 1 (5 to 50 are common choices).");
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("trainer.prefetch=" + prefetch + " must be >= 0.");
        }
        if (aggregationDepth < 1) {
            throw new IllegalArgumentException("trainer.aggregation-depth=" + aggregationDepth + " must be >= 1.");
        }
        if (workerThreads < 0) {
            throw new IllegalArgumentException("trainer.worker-threads=" + workerThreads
                + " must be >= 0 (0 leaves ND4J's default).");
        }
        rddTrainingApproach(approach);
        sparkStorageLevel(storageLevel);
    }

    /** The default settings with the given workers, averaging frequency and prefetch. */
    public SparkTrainingSpec(int workers, int averagingFrequency, int prefetch) {
        this(workers, averagingFrequency, prefetch, "direct", "", 2, true, "memory_only", 1, false);
    }

    RDDTrainingApproach trainingApproach() {
        return rddTrainingApproach(approach);
    }

    StorageLevel sparkStorageLevel() {
        return sparkStorageLevel(storageLevel);
    }

    private static RDDTrainingApproach rddTrainingApproach(String name) {
        return switch (name) {
            case "direct" -> RDDTrainingApproach.Direct;
            case "export" -> RDDTrainingApproach.Export;
            default -> throw new IllegalArgumentException("trainer.approach='" + name + "'; use direct (no shared"
                + " file system needed) or export.");
        };
    }

    private static StorageLevel sparkStorageLevel(String name) {
        return switch (name) {
            case "memory_only" -> StorageLevel.MEMORY_ONLY();
            case "memory_only_ser" -> StorageLevel.MEMORY_ONLY_SER();
            case "memory_and_disk_ser" -> StorageLevel.MEMORY_AND_DISK_SER();
            default -> throw new IllegalArgumentException("trainer.storage-level='" + name + "'; use memory_only,"
                + " memory_only_ser or memory_and_disk_ser.");
        };
    }
}
