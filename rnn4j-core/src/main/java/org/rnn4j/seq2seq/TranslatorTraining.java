package org.rnn4j.seq2seq;

import java.util.Objects;
import org.rnn4j.train.RunFiles;
import org.rnn4j.train.TrainerOptions;

/**
 * How {@link TranslatorTrainer} trains a translator: vocabulary building, which pairs it trains on, the batches,
 * the optimiser and the loop.
 *
 * @param minCount           a word joins a vocabulary only when seen at least this often in the training pairs
 * @param maxTrainLength     training pairs with more tokens than this on either side are left out
 * @param validationFraction pairs of the training data set aside, at random, for the validation loss
 * @param batchSize          pairs per batch, bucketed by length
 * @param learningRate       Adam's learning rate
 * @param labelSmoothing     label smoothing of the cross-entropy
 * @param dropout            dropout on the embedded tokens and on h̃ before the output layer, in training
 * @param learningRateDecay  multiplies the learning rate after each validation without a better loss, in (0, 1];
 *                           1 = a fixed rate
 * @param trainer            the loop: limits, clipping, validation, early stopping, seed
 * @param files              checkpoints, resuming and the CSV log
 */
public record TranslatorTraining(int minCount, int maxTrainLength, double validationFraction, int batchSize,
                                 double learningRate, double labelSmoothing, double dropout,
                                 double learningRateDecay, TrainerOptions trainer, RunFiles files) {
    public TranslatorTraining {
        if (minCount < 1) {
            throw new IllegalArgumentException("TranslatorTraining.minCount must be at least 1, got " + minCount);
        }
        if (maxTrainLength < 1) {
            throw new IllegalArgumentException("TranslatorTraining.maxTrainLength must be at least 1, got "
                    + maxTrainLength);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("TranslatorTraining.validationFraction must be in [0, 1), got "
                    + validationFraction);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("TranslatorTraining.batchSize must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("TranslatorTraining.learningRate must be positive, got " + learningRate);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("TranslatorTraining.dropout must be in [0, 1), got " + dropout);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("TranslatorTraining.learningRateDecay must be in (0, 1] (1 = a fixed"
                    + " rate), got " + learningRateDecay);
        }
        Objects.requireNonNull(trainer, "TranslatorTraining.trainer");
        Objects.requireNonNull(files, "TranslatorTraining.files");
    }

    /**
     * Words seen twice, pairs of at most 40 tokens, 2% for validation, batches of 32, Adam at 2e-3, no label
     * smoothing, dropout 0.3 (chosen over 0.2 by the validation loss and BLEU with John and Romans held out: 2.166
     * and 27.0 against 2.265 and 26.9; without dropout the validation loss turned up after epoch 8); the gradients
     * clipped at a global norm of 5; the rate halved after each validation without a better loss (Luong et al.
     * 2015 halve it once the loss stalls: a fixed rate hovers around the minimum it has found), the best
     * validation's weights kept and training stopped after 3 such validations in a row, since a small corpus
     * overfits (on the Bible pairs without dropout the validation loss rose from epoch 8 to 20 while the training
     * loss kept falling). Smaller batches and a larger
     * rate made more progress per minute than 64 at 1e-3 (see {@link TranslatorSpec#defaults()} for the data that
     * chose them).
     */
    public static TranslatorTraining defaults() {
        return new TranslatorTraining(2, 40, 0.02, 32, 2e-3, 0, 0.3, 0.5,
                TrainerOptions.defaults().withClipNorm(5).withEarlyStopping(3, true), RunFiles.NONE);
    }

    public TranslatorTraining withMinCount(int value) {
        return new TranslatorTraining(value, maxTrainLength, validationFraction, batchSize, learningRate,
                labelSmoothing, dropout, learningRateDecay, trainer, files);
    }

    public TranslatorTraining withMaxTrainLength(int value) {
        return new TranslatorTraining(minCount, value, validationFraction, batchSize, learningRate, labelSmoothing,
                dropout, learningRateDecay, trainer, files);
    }

    public TranslatorTraining withValidationFraction(double value) {
        return new TranslatorTraining(minCount, maxTrainLength, value, batchSize, learningRate, labelSmoothing,
                dropout, learningRateDecay, trainer, files);
    }

    public TranslatorTraining withBatchSize(int value) {
        return new TranslatorTraining(minCount, maxTrainLength, validationFraction, value, learningRate,
                labelSmoothing, dropout, learningRateDecay, trainer, files);
    }

    public TranslatorTraining withLearningRate(double value) {
        return new TranslatorTraining(minCount, maxTrainLength, validationFraction, batchSize, value, labelSmoothing,
                dropout, learningRateDecay, trainer, files);
    }

    public TranslatorTraining withLabelSmoothing(double value) {
        return new TranslatorTraining(minCount, maxTrainLength, validationFraction, batchSize, learningRate, value,
                dropout, learningRateDecay, trainer, files);
    }

    public TranslatorTraining withDropout(double value) {
        return new TranslatorTraining(minCount, maxTrainLength, validationFraction, batchSize, learningRate,
                labelSmoothing, value, learningRateDecay, trainer, files);
    }

    public TranslatorTraining withLearningRateDecay(double value) {
        return new TranslatorTraining(minCount, maxTrainLength, validationFraction, batchSize, learningRate,
                labelSmoothing, dropout, value, trainer, files);
    }

    public TranslatorTraining withTrainer(TrainerOptions value) {
        return new TranslatorTraining(minCount, maxTrainLength, validationFraction, batchSize, learningRate,
                labelSmoothing, dropout, learningRateDecay, value, files);
    }

    public TranslatorTraining withFiles(RunFiles value) {
        return new TranslatorTraining(minCount, maxTrainLength, validationFraction, batchSize, learningRate,
                labelSmoothing, dropout, learningRateDecay, trainer, value);
    }
}
