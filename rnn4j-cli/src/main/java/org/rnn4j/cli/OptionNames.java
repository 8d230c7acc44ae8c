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
            Map.entry("LanguageModelTraining.vocabularySize", "--vocab-size"));

    /** A qualified component name as the library writes it: {@code Record.component}. */
    private static final Pattern COMPONENT = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\.[a-z][A-Za-z0-9]*\\b");

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
