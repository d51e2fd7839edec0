package org.collectiveloss.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.collectiveloss.eval.ClassificationMetrics;
import org.collectiveloss.eval.LocalPredictor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop both trainers share: it creates or restores the network, runs the trainer's epochs, evaluates the
 * validation part, records the best epoch, stops early, writes checkpoints and metrics, and restores the best
 * parameters at the end when asked to.
 */
final class TrainingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    /** One epoch of a trainer: fits {@code net} in place and returns the epoch's mean minibatch loss. */
    interface EpochFit {
        double fit(MultiLayerNetwork net, int epoch);
    }

    private final TrainingOptions options;
    private final int epochs;
    private final long seed;
    private final String trainer;
    private final long trainExamples;
    private final List<DataSet> validation;

    /**
     * @param trainer       the trainer's name, part of the checkpoint fingerprint
     * @param trainExamples size of the training part after the validation split
     * @param validation    the validation part as minibatches in the driver, empty for none
     */
    TrainingLoop(TrainingOptions options, int epochs, long seed, String trainer, long trainExamples,
                 List<DataSet> validation) {
        this.options = options;
        this.epochs = epochs;
        this.seed = seed;
        this.trainer = trainer;
        this.trainExamples = trainExamples;
        this.validation = List.copyOf(validation);
    }

    TrainedModel run(MultiLayerConfiguration conf, EpochFit fit) {
        Checkpoints files = options.runDirectory() == null ? null
            : new Checkpoints(options.runDirectory(), options.keepAllCheckpoints());
        Checkpoints checkpoints = options.writesCheckpoints() ? files : null;
        String fingerprint = Checkpoints.fingerprint(conf, seed, trainer, trainExamples);
        EarlyStopping stopping = options.earlyStopping();
        List<EpochMetrics> history = new ArrayList<>();
        int best = 0;
        double bestValue = Double.NaN;
        int first = 1;
        MultiLayerNetwork net;

        // A checkpoint in the run folder is resumed when it comes from the same configuration, else refused.
        Optional<Checkpoints.State> saved = checkpoints == null ? Optional.empty() : checkpoints.latest();
        if (saved.isPresent()) {
            Checkpoints.State state = saved.get();
            checkResumable(state, fingerprint, checkpoints);
            history.addAll(state.history());
            best = state.bestEpoch();
            bestValue = state.bestValue();
            if (state.finished()) {
                LOG.info("The run in {} finished at epoch {}; returning it without training",
                    checkpoints.directory(), state.epoch());
                int chosen = stopping.restoreBest() ? best : state.epoch();
                return new TrainedModel(checkpoints.load(chosen), history, best, state.stoppedEarly(),
                    trainExamples);
            }
            net = checkpoints.load(state.epoch());
            first = state.epoch() + 1;
            LOG.info("Resuming from the checkpoint of epoch {} in {}", state.epoch(), checkpoints.directory());
        } else {
            net = new MultiLayerNetwork(conf);
            net.init();
        }

        INDArray bestParams = null;
        boolean stopped = false;
        for (int epoch = first; epoch <= epochs && !stopped; epoch++) {
            // Schedules read the epoch counter; dropout in this thread draws from ND4J's generator.
            net.setEpochCount(epoch - 1);
            Nd4j.getRandom().setSeed(Seeds.mix(seed, epoch, 1));
            double learningRate = learningRate(net);
            long t0 = System.nanoTime();
            double loss = fit.fit(net, epoch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            net.setEpochCount(epoch);

            ClassificationMetrics val = validation.isEmpty() ? null : LocalPredictor.evaluate(net, validation);
            EpochMetrics m = new EpochMetrics(epoch, loss, val == null ? Double.NaN : val.logLoss(),
                val == null ? Double.NaN : val.accuracy(), learningRate, seconds);
            history.add(m);
            if (val == null) {
                best = epoch;
            } else if (stopping.improves(stopping.valueOf(m), bestValue)) {
                best = epoch;
                bestValue = stopping.valueOf(m);
                if (checkpoints == null && stopping.restoreBest()) {
                    bestParams = net.params().dup();
                }
            }
            stopped = stopping.enabled() && epoch - best >= stopping.patience() && epoch < epochs;
            log(m, best, stopped);

            if (checkpoints != null) {
                checkpoints.save(net, new Checkpoints.State(epoch, best, bestValue, stopped || epoch == epochs,
                    stopped, fingerprint, history));
            } else if (files != null) {
                files.saveMetrics(history);
            }
            options.listener().onEpochEnd(m);
        }

        int last = history.get(history.size() - 1).epoch();
        if (stopping.restoreBest() && best != last) {
            LOG.info("Restoring the parameters of the best epoch {} (of {})", best, last);
            net.setParams(checkpoints != null ? checkpoints.load(best).params() : bestParams);
        }
        return new TrainedModel(net, history, best, stopped, trainExamples);
    }

    private void checkResumable(Checkpoints.State state, String fingerprint, Checkpoints checkpoints) {
        if (!options.resume()) {
            throw new IllegalStateException("The run folder " + checkpoints.directory() + " already holds a"
                + " checkpoint of epoch " + state.epoch() + "; resume it, or delete the folder or choose another.");
        }
        if (!state.fingerprint().equals(fingerprint)) {
            throw new IllegalStateException("The checkpoint in " + checkpoints.directory() + " was written by a"
                + " different run (" + state.fingerprint() + ") than this one (" + fingerprint + "): network"
                + " configuration, seed, trainer or training part differ. Delete the folder or choose another.");
        }
    }

    private void log(EpochMetrics m, int best, boolean stopped) {
        String val = Double.isNaN(m.validationAccuracy()) ? ""
            : String.format(Locale.ROOT, ", validation accuracy %.4f, validation loss %.4f (best epoch %d)",
                m.validationAccuracy(), m.validationLoss(), best);
        LOG.info("{} epoch {}/{}: training loss {}{}, learning rate {}, {} s{}", trainer, m.epoch(), epochs,
            String.format(Locale.ROOT, "%.5f", m.trainLoss()), val, m.learningRate(),
            String.format(Locale.ROOT, "%.2f", m.seconds()), stopped ? "; stopping early" : "");
    }

    /** The output layer's learning rate at the current iteration and epoch; NaN if it has none. */
    private static double learningRate(MultiLayerNetwork net) {
        Double lr = net.getLearningRate(net.getnLayers() - 1);
        return lr == null ? Double.NaN : lr;
    }
}
