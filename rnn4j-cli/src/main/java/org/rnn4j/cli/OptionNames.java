package org.rnn4j.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the library's names become the command line's. The library words its errors in its own names,
 * {@code TrainerOptions.maxEpochs must be at least 1, got 0}; the command line shows the flag the user typed,
 * {@code --max-epochs must be at least 1, got 0}. A name that has no flag here is shown as the library wrote it.
 */
final class OptionNames {
    /** Record component → flag. One spelling per concept across every command. */
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("Pooling.id", "--pooling"),
            Map.entry("TextClassifier.batchSize", "--batch"),
            Map.entry("AttentionPooling.attentionSize", "--attention-size"),
            Map.entry("TranslationPairs.testFraction", "--test-fraction"),
            Map.entry("TranslationPairs.validationFraction", "--validation-fraction"),

            Map.entry("TrainerOptions.maxEpochs", "--max-epochs"),
            Map.entry("TrainerOptions.maxSteps", "--max-steps"),
            Map.entry("TrainerOptions.maxMinutes", "--max-minutes"),
            Map.entry("TrainerOptions.clipNorm", "--clip-norm"),
            Map.entry("TrainerOptions.validateEvery", "--validate-every"),
            Map.entry("TrainerOptions.patience", "--patience"),
            Map.entry("TrainerOptions.checkpointEvery", "--checkpoint-every"),

            Map.entry("LanguageModelSpec.unit", "--level"),
            Map.entry("LanguageModelSpec.lowerCase", "--lower-case"),
            Map.entry("LanguageModelSpec.cell", "--cell"),
            Map.entry("LanguageModelSpec.embeddingSize", "--embedding"),
            Map.entry("LanguageModelSpec.hiddenSize", "--hidden"),
            Map.entry("LanguageModelSpec.layers", "--layers"),
            Map.entry("LanguageModelSpec.dropout", "--dropout"),

            Map.entry("LanguageModelTraining.batch", "--batch"),
            Map.entry("LanguageModelTraining.bptt", "--bptt"),
            Map.entry("LanguageModelTraining.bpttBack", "--bptt-back"),
            Map.entry("LanguageModelTraining.learningRate", "--lr"),
            Map.entry("LanguageModelTraining.validationFraction", "--validation-fraction"),
            Map.entry("LanguageModelTraining.vocabularySize", "--vocab-size"),

            Map.entry("TextClassifierSpec.unit", "--level"),
            Map.entry("TextClassifierSpec.lowerCase", "--lower-case"),
            Map.entry("TextClassifierSpec.cell", "--cell"),
            Map.entry("TextClassifierSpec.embeddingSize", "--embedding"),
            Map.entry("TextClassifierSpec.hiddenSize", "--hidden"),
            Map.entry("TextClassifierSpec.layers", "--layers"),
            Map.entry("TextClassifierSpec.bidirectional", "--bidirectional"),
            Map.entry("TextClassifierSpec.pooling", "--pooling"),
            Map.entry("TextClassifierSpec.attentionSize", "--attention-size"),
            Map.entry("TextClassifierSpec.dropout", "--dropout"),
            Map.entry("TextClassifierSpec.maxLength", "--max-length"),
            Map.entry("TextClassifierSpec.embeddingDropout", "--embedding-dropout"),

            Map.entry("TextClassifierTraining.folds", "--folds"),
            Map.entry("TextClassifierTraining.vocabularySize", "--vocab-size"),
            Map.entry("TextClassifierTraining.minCount", "--min-count"),
            Map.entry("TextClassifierTraining.batch", "--batch"),
            Map.entry("TextClassifierTraining.learningRate", "--lr"),
            Map.entry("TextClassifierTraining.validationFraction", "--validation-fraction"),

            Map.entry("TranslatorSpec.cell", "--cell"),
            Map.entry("TranslatorSpec.sourceVocabularySize", "--source-vocab"),
            Map.entry("TranslatorSpec.targetVocabularySize", "--target-vocab"),
            Map.entry("TranslatorSpec.embeddingSize", "--embedding"),
            Map.entry("TranslatorSpec.hiddenSize", "--hidden"),
            Map.entry("TranslatorSpec.encoderLayers", "--encoder-layers"),
            Map.entry("TranslatorSpec.attention", "--attention"),
            Map.entry("TranslatorSpec.luongScore", "--score"),
            Map.entry("TranslatorSpec.attentionSize", "--attention-size"),
            Map.entry("TranslatorSpec.inputFeeding", "--input-feeding"),
            Map.entry("TranslatorSpec.lowercase", "--lower-case"),

            Map.entry("TranslatorTraining.minCount", "--min-count"),
            Map.entry("TranslatorTraining.dropout", "--dropout"),
            Map.entry("TranslatorTraining.learningRateDecay", "--lr-decay"),
            Map.entry("TranslatorTraining.maxTrainLength", "--max-train-length"),
            Map.entry("TranslatorTraining.validationFraction", "--validation-fraction"),
            Map.entry("TranslatorTraining.batchSize", "--batch"),
            Map.entry("TranslatorTraining.learningRate", "--lr"),
            Map.entry("TranslatorTraining.labelSmoothing", "--label-smoothing"),

            Map.entry("DecodeOptions.beamSize", "--beam"),
            Map.entry("DecodeOptions.lengthPenalty", "--length-penalty"),
            Map.entry("DecodeOptions.maxLengthRatio", "--max-length-ratio"),
            Map.entry("DecodeOptions.maxLength", "--max-length"),

            Map.entry("ForecasterSpec.cell", "--cell"),
            Map.entry("ForecasterSpec.hiddenSize", "--hidden"),
            Map.entry("ForecasterSpec.layers", "--layers"),
            Map.entry("ForecasterSpec.dropout", "--dropout"),
            Map.entry("ForecasterSpec.horizon", "--horizon"),
            Map.entry("ForecasterSpec.season", "--season"),
            Map.entry("ForecasterSpec.window", "--window"),
            Map.entry("ForecasterSpec.transform", "--transform"),
            Map.entry("ForecasterSpec.baseline", "--relative-to"),
            Map.entry("ForecasterSpec.ensemble", "--ensemble"),
            Map.entry("ForecasterSpec.column", "--column"),
            Map.entry("ForecasterSpec.inputColumns", "--input-columns"),
            Map.entry("ForecasterSpec.timeColumn", "--time-column"),

            Map.entry("ForecasterTraining.validationWindows", "--validation-windows"),
            Map.entry("ForecasterTraining.batchSize", "--batch"),
            Map.entry("ForecasterTraining.learningRate", "--lr"),
            Map.entry("ForecasterTraining.loss", "--loss"),

            Map.entry("RunFiles.checkpointDir", "--checkpoint-dir"),
            Map.entry("RunFiles.checkpointEvery", "--checkpoint-every"),
            Map.entry("RunFiles.resume", "--resume"),
            Map.entry("RunFiles.logEvery", "--log-every"),
            Map.entry("CsvLog.every", "--log-every"),
            Map.entry("ProgressLog.every", "--log-every"),

            Map.entry("DatasetBatches.batchSize", "--batch"),
            Map.entry("StreamWindows.batch", "--batch"),
            Map.entry("StreamWindows.forwardWindow", "--bptt"),
            Map.entry("StreamWindows.backwardWindow", "--bptt-back"),

            // task adding and task copy; copy calls its length --delay
            Map.entry("ExperimentOptions.cell", "--cell"),
            Map.entry("ExperimentOptions.length", "--length"),
            Map.entry("ExperimentOptions.hidden", "--hidden"),
            Map.entry("ExperimentOptions.batch", "--batch"),
            Map.entry("ExperimentOptions.learningRate", "--lr"),
            Map.entry("ExperimentOptions.clipNorm", "--clip-norm"),
            Map.entry("ExperimentOptions.maxSteps", "--max-steps"),
            Map.entry("ExperimentOptions.maxMinutes", "--max-minutes"),
            Map.entry("ExperimentOptions.evalEvery", "--validate-every"),
            Map.entry("ExperimentOptions.testSize", "--test-size"),
            Map.entry("ExperimentOptions.unitForgetBias", "--unit-forget-bias"),
            Map.entry("ExperimentOptions.recurrentInit", "--recurrent-init"),
            Map.entry("MnistExperiment.Options.unitForgetBias", "--unit-forget-bias"),
            Map.entry("MnistExperiment.Options.recurrentInit", "--recurrent-init"),

            Map.entry("MnistExperiment.Options.data", "--data"),
            Map.entry("MnistExperiment.Options.limitTrain", "--limit-train"),
            Map.entry("MnistExperiment.Options.limitTest", "--limit-test"),
            Map.entry("MnistExperiment.Options.cell", "--cell"),
            Map.entry("MnistExperiment.Options.hidden", "--hidden"),
            Map.entry("MnistExperiment.Options.batch", "--batch"),
            Map.entry("MnistExperiment.Options.learningRate", "--lr"),
            Map.entry("MnistExperiment.Options.clipNorm", "--clip-norm"),
            Map.entry("MnistExperiment.Options.maxEpochs", "--max-epochs"),
            Map.entry("MnistExperiment.Options.maxMinutes", "--max-minutes"),
            Map.entry("MnistExperiment.Options.logEvery", "--log-every"));

    /**
     * A qualified component name as the library writes it: {@code Record.component}, or with the record nested in
     * its class, {@code Outer.Record.component}.
     */
    private static final Pattern COMPONENT =
            Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:\\.[A-Z][A-Za-z0-9]*)*\\.[a-z][A-Za-z0-9]*\\b");

    private OptionNames() {
    }

    /** The message with every library name that has a flag replaced by that flag. */
    static String inFlags(String message) {
        Matcher m = COMPONENT.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(FLAGS.getOrDefault(m.group(), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The flag for a library name, or null. */
    static String flagOf(String component) {
        return FLAGS.get(component);
    }
}
