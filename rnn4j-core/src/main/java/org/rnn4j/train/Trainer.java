package org.rnn4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.rnn4j.nn.Parameter;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.ReduceLrOnPlateau;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.tensor.Workspace;

/**
 * The training loop: for each batch, zero the gradients, forward and backward ({@link Objective#train}), check that
 * the numbers are finite, clip, step the optimiser and the schedule; validate, keep the best weights, stop early,
 * write checkpoints. {@link #fit()} is the whole loop in one method.
 *
 * <p>Reproducible: with the same seed, data, options and thread count, two runs give bit-identical weights, and a
 * run resumed from a checkpoint ({@link #resume}) gives the weights of the uninterrupted run.
 *
 * <p>A {@link ReduceLrOnPlateau} schedule steps once per validation, with the validation loss; every other schedule
 * steps once per optimiser step.
 *
 * @param <B> the batch type
 */
public final class Trainer<B> {
    private final Objective<B> objective;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final BatchPlan<B> training;
    private final BatchPlan<B> validation;
    private final TrainerOptions options;
    private final List<Parameter> parameters;
    private final List<TrainingListener> listeners = new ArrayList<>();
    /** The step of the last validation, or −1: a run that stops later validates its final weights too. */
    private long lastValidatedStep = -1;
    private final Map<String, String> checkpointMetadata = new LinkedHashMap<>();
    private long seed;
    private TrainingProgress progress = TrainingProgress.START;
    private Map<String, Tensor> best = Map.of();
    private long lastCheckpointStep = -1;
    private long startNanos;

    /**
     * @param schedule   the learning-rate schedule, or null for the optimiser's fixed rate
     * @param validation the validation batches, or null to train without validation (then early stopping and
     *                   keep-best are refused)
     */
    public Trainer(Objective<B> objective, Optimizer optimizer, LearningRateSchedule schedule, BatchPlan<B> training,
                   BatchPlan<B> validation, TrainerOptions options) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.schedule = schedule;
        this.training = Objects.requireNonNull(training, "training");
        this.validation = validation;
        this.options = Objects.requireNonNull(options, "options");
        this.parameters = List.copyOf(objective.parameters());
        this.seed = options.seed();
        if (validation == null && (options.patience() > 0 || options.keepBest())) {
            throw new IllegalArgumentException("early stopping (TrainerOptions.patience) and keeping the best weights"
                    + " (TrainerOptions.keepBest) need validation data");
        }
        if (training.batchesPerEpoch() < 1) {
            throw new IllegalArgumentException("the training data make no batch: the data set is empty");
        }
    }

    public Trainer<B> addListener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Metadata written into every checkpoint under {@code extra/}, e.g. the model's spec and vocabularies. A
     * {@link #resume} refuses a checkpoint whose entries differ ({@link Checkpoint#requireSameExtra}).
     */
    public Trainer<B> checkpointMetadata(Map<String, String> metadata) {
        checkpointMetadata.putAll(metadata);
        return this;
    }

    public TrainingProgress progress() {
        return progress;
    }

    /** The seed in use: the options' seed, or the checkpoint's after {@link #resume}. */
    public long seed() {
        return seed;
    }

    /** Trains until a limit of the options is reached. */
    public TrainingResult fit() {
        startNanos = System.nanoTime();
        long deadline = options.maxMinutes() == Double.POSITIVE_INFINITY ? Long.MAX_VALUE
                : startNanos + (long) (options.maxMinutes() * 60e9);
        listeners.forEach(l -> l.onStart(progress, training.batchesPerEpoch()));
        double epochLossSum = 0;
        int epochSteps = 0;
        double lastLoss = Double.NaN;
        Score lastValidation = null;
        StopReason stop = null;
        while (stop == null) {
            if (stopRequested()) {
                stop = StopReason.INTERRUPTED;
                break;
            }
            if (progress.epoch() >= options.maxEpochs()) {
                stop = StopReason.MAX_EPOCHS;
                break;
            }
            if (progress.batchInEpoch() == 0) {
                objective.startEpoch();
                epochLossSum = 0;
                epochSteps = 0;
            }
            while (stop == null && progress.batchInEpoch() < training.batchesPerEpoch()) {
                double loss = step(training.batch(progress.epoch(), progress.batchInEpoch()));
                epochLossSum += loss;
                epochSteps++;
                if (options.validateEvery() > 0 && progress.step() % options.validateEvery() == 0) {
                    lastValidation = validate();
                }
                if (options.checkpointEvery() > 0 && progress.step() % options.checkpointEvery() == 0) {
                    saveCheckpoint();
                }
                stop = limitReached(deadline);
            }
            if (progress.batchInEpoch() == training.batchesPerEpoch()) {
                int finished = progress.epoch();
                progress = progress.nextEpoch();
                if (options.validateEvery() == 0) {
                    lastValidation = validate(finished);
                }
                if (options.checkpointEvery() == 0) {
                    saveCheckpoint();
                }
                stop = stop != null ? stop : limitReached(deadline);
            }
            lastLoss = epochSteps > 0 ? epochLossSum / epochSteps : lastLoss;
        }
        if (lastValidatedStep != progress.step()) {
            // Stopped between validations (time or step limit, Ctrl-C): the steps since the last one would be thrown
            // away by keep-best unseen, so the final weights are validated too and kept when they are the best.
            Score finalScore = validate();
            lastValidation = finalScore != null ? finalScore : lastValidation;
        }
        saveCheckpoint();
        boolean restoredBest = options.keepBest() && !best.isEmpty();
        if (restoredBest) {
            copyInto(best);
        }
        TrainingResult result = new TrainingResult(progress, stop, seconds(), lastLoss, lastValidation, restoredBest,
                List.of());
        listeners.forEach(l -> l.onEnd(result));
        return result.withOutputProblems(listeners.stream().flatMap(l -> l.outputProblems().stream()).toList());
    }

    /**
     * Runs {@code work} as the trainer runs a step (see {@link Objective}'s lifetimes): every tensor made inside
     * comes from this thread's pool and goes back to it when {@code work} returns; {@code work} must not let one
     * escape. For code that drives steps itself, such as benchmarks.
     */
    public static <T> T runAsStep(Supplier<T> work) {
        try (Workspace.Scope scope = Workspace.scope()) { // the step's activations and gradients are reused next step
            return work.get();
        }
    }

    /** One optimiser step on one batch. */
    private double step(B batch) {
        long step = progress.step() + 1;
        parameters.forEach(Parameter::zeroGrad);
        double loss = runAsStep(() -> objective.train(batch, Seeds.generator(seed, Seeds.STEP, step)));
        if (!Double.isFinite(loss)) {
            throw diverged(step, "the loss became " + loss);
        }
        double norm = options.clipNorm() > 0 ? GradientClipping.clipGlobalNorm(parameters, options.clipNorm())
                : GradientClipping.globalNorm(parameters);
        if (!Double.isFinite(norm)) {
            throw diverged(step, "a gradient became " + norm + " (the loss was still " + loss + ")");
        }
        if (options.clipValue() > 0) {
            GradientClipping.clipValue(parameters, options.clipValue());
        }
        boolean perStep = schedule != null && !(schedule instanceof ReduceLrOnPlateau);
        if (perStep) {
            optimizer.setLearningRate(schedule.learningRate());
        }
        double rate = optimizer.learningRate();
        optimizer.step(parameters);
        if (perStep) {
            schedule.step();
        }
        StepReport report = new StepReport(step, progress.epoch(), progress.batchInEpoch(),
                training.batchesPerEpoch(), loss, norm, rate, seconds());
        progress = progress.afterBatch();
        listeners.forEach(l -> l.onStep(report));
        return loss;
    }

    private boolean stopRequested() {
        return listeners.stream().anyMatch(TrainingListener::stopRequested);
    }

    private StopReason limitReached(long deadline) {
        if (stopRequested()) {
            return StopReason.INTERRUPTED;
        }
        if (options.patience() > 0 && progress.validationsSinceBest() >= options.patience()) {
            return StopReason.EARLY_STOP;
        }
        if (options.maxSteps() > 0 && progress.step() >= options.maxSteps()) {
            return StopReason.MAX_STEPS;
        }
        if (System.nanoTime() >= deadline) {
            return StopReason.TIME_LIMIT;
        }
        return null;
    }

    private Score validate() {
        return validate(progress.epoch());
    }

    private Score validate(int epoch) {
        if (validation == null) {
            return null;
        }
        lastValidatedStep = progress.step();
        Score score = evaluate(validation);
        boolean improved = score.loss() < progress.bestValidationLoss();
        progress = progress.afterValidation(score.loss());
        if (improved && options.keepBest()) {
            Map<String, Tensor> copy = new LinkedHashMap<>();
            parameters.forEach(p -> copy.put(p.name(), p.value().copy()));
            best = copy;
        }
        if (schedule instanceof ReduceLrOnPlateau) {
            schedule.step(score.loss());
            optimizer.setLearningRate(schedule.learningRate());
        }
        ValidationReport report = new ValidationReport(progress.step(), epoch, score, improved, seconds());
        listeners.forEach(l -> l.onValidation(report));
        return score;
    }

    /** The score of every batch of epoch 0 of {@code data}, in inference mode. */
    public Score evaluate(BatchPlan<B> data) {
        objective.startEvaluation();
        Score total = Score.EMPTY;
        for (int i = 0; i < data.batchesPerEpoch(); i++) {
            B batch = data.batch(0, i);
            total = total.plus(runAsStep(() -> objective.evaluate(batch)));
        }
        return total;
    }

    /** A snapshot of the run, as {@link #resume} takes it. The tensors are copies. */
    public Checkpoint checkpoint() {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        parameters.forEach(p -> weights.put(p.name(), p.value().copy()));
        Map<String, Tensor> carried = new LinkedHashMap<>();
        objective.carriedState().forEach((k, v) -> carried.put(k, v.copy()));
        return new Checkpoint(seed, progress, weights, optimizer.state(), schedule == null ? null : schedule.state(),
                best, carried, checkpointMetadata);
    }

    /**
     * Puts a run back where {@code checkpoint} left it: weights, optimiser, schedule, position, seed, carried state
     * and best weights. The model, optimiser and schedule must be built as in the run that wrote it.
     *
     * @throws IllegalArgumentException when the checkpoint does not fit this model, optimiser or schedule; nothing
     *     is changed then
     */
    public Trainer<B> resume(Checkpoint checkpoint) {
        checkpoint.requireSameExtra(checkpointMetadata);
        checkFits(checkpoint.parameters(), "weights");
        if (!checkpoint.best().isEmpty()) {
            checkFits(checkpoint.best(), "best weights");
        }
        if ((schedule == null) != (checkpoint.schedule() == null)) {
            throw new IllegalArgumentException(schedule == null
                    ? "the checkpoint has a learning-rate schedule (" + checkpoint.schedule().schedule()
                    + ") but this run has none: resume with the options of the run that wrote it"
                    : "this run has a learning-rate schedule but the checkpoint has none (the run that wrote it kept"
                    + " a fixed rate): resume with the options of that run");
        }
        optimizer.restore(checkpoint.optimizer());
        if (schedule != null) {
            schedule.restore(checkpoint.schedule());
        }
        objective.restoreCarriedState(checkpoint.carried());
        copyInto(checkpoint.parameters());
        best = checkpoint.best();
        progress = checkpoint.progress();
        seed = checkpoint.seed();
        return this;
    }

    /** Reads a checkpoint file and {@link #resume resumes} from it. */
    public Trainer<B> resume(Path checkpointFile) {
        try {
            return resume(Checkpoint.read(checkpointFile));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(checkpointFile + ": " + e.getMessage(), e);
        }
    }

    private void checkFits(Map<String, Tensor> tensors, String what) {
        for (Parameter p : parameters) {
            Tensor t = tensors.get(p.name());
            if (t == null) {
                throw new IllegalArgumentException("the checkpoint's " + what + " lack parameter '" + p.name()
                        + "': it was written for another model");
            }
            if (!t.sameShape(p.value())) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is " + t.shapeString()
                        + " in the checkpoint's " + what + " but " + p.value().shapeString()
                        + " in this model: it was written for another model");
            }
        }
        if (tensors.size() != parameters.size()) {
            throw new IllegalArgumentException("the checkpoint's " + what + " hold " + tensors.size()
                    + " tensors, this model has " + parameters.size() + " parameters: it was written for another model");
        }
    }

    private void copyInto(Map<String, Tensor> tensors) {
        for (Parameter p : parameters) {
            p.value().copyFrom(tensors.get(p.name()));
        }
    }

    private void saveCheckpoint() {
        Path file = options.checkpointFile();
        if (file == null || progress.step() == lastCheckpointStep) {
            return;
        }
        for (Parameter p : parameters) {
            if (p.value().hasNonFinite()) {
                throw diverged(progress.step(), "parameter '" + p.name() + "' holds NaN or infinity after the step");
            }
        }
        checkpoint().write(file);
        lastCheckpointStep = progress.step();
        listeners.forEach(l -> l.onCheckpoint(file, progress.step()));
    }

    private TrainingDivergedException diverged(long step, String what) {
        String kept = lastCheckpointStep >= 0
                ? " The last good checkpoint, " + options.checkpointFile() + " (step " + lastCheckpointStep
                + "), is kept; resume from it with the changed settings."
                : options.checkpointFile() != null && java.nio.file.Files.exists(options.checkpointFile())
                ? " The checkpoint " + options.checkpointFile() + " from before this run is kept." : "";
        return new TrainingDivergedException(step, "training diverged at step " + step + " (epoch "
                + (progress.epoch() + 1) + "): " + what + ". Lower the learning rate (it is "
                + optimizer.learningRate() + ") or clip the gradients (TrainerOptions.clipNorm 1)." + kept);
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
