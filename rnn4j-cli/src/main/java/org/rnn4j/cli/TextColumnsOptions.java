package org.rnn4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.rnn4j.text.LabelledTexts;
import picocli.CommandLine.Option;

/** Which columns of a CSV or TSV file hold the texts and labels: the options of the text-classification commands. */
final class TextColumnsOptions {
    @Option(names = "--text-column", defaultValue = "text", paramLabel = "C", description = "the column of the texts "
            + "(default: ${DEFAULT-VALUE})")
    String textColumn;
    @Option(names = "--label-column", defaultValue = "label", paramLabel = "L", description = "the column of the "
            + "labels, any strings, any number of classes (default: ${DEFAULT-VALUE})")
    String labelColumn;
    @Option(names = "--columns", split = ",", paramLabel = "NAMES", description = "the file has no header line: its "
            + "columns' names, in order, e.g. --columns label,text")
    List<String> columns;
    @Option(names = "--split-column", paramLabel = "C", description = "use only the rows of one split, named in this "
            + "column (IMDB's 'split': train or test)")
    String splitColumn;
    @Option(names = "--split", paramLabel = "VALUE", description = "with --split-column: the split to use (default: "
            + "train for train-classifier, test for eval-classifier)")
    String split;

    /**
     * @param defaultSplit the split read when only --split-column is given
     * @param withLabels   whether the label column is read
     */
    LabelledTexts.Columns columns(String defaultSplit, boolean withLabels) {
        return columns(defaultSplit, withLabels, true);
    }

    /** As {@link #columns(String, boolean)}; with {@code useSplit} false every row is read, whatever --split says. */
    LabelledTexts.Columns columns(String defaultSplit, boolean withLabels, boolean useSplit) {
        if (split != null && splitColumn == null) {
            throw new IllegalArgumentException("--split " + split + " needs --split-column: the column that holds it");
        }
        LabelledTexts.Columns c = LabelledTexts.Columns.of(textColumn, withLabels ? labelColumn : null);
        if (columns != null) {
            c = c.withNames(columns);
        }
        if (splitColumn != null && useSplit) {
            if (split == null && defaultSplit == null) {
                throw new IllegalArgumentException("--split-column " + splitColumn + " needs --split VALUE: the rows"
                        + " to read");
            }
            c = c.withSplit(splitColumn, split != null ? split : defaultSplit);
        }
        return c;
    }

    /** Reads a file named by {@code option}, after checking that it can be read; only the split's rows. */
    LabelledTexts read(String option, Path file, String defaultSplit, boolean withLabels) {
        InputFiles.requireReadableFile(option, file);
        return LabelledTexts.read(file, columns(defaultSplit, withLabels));
    }

    /** Reads every row of a file named by {@code option}, after checking that it can be read. */
    LabelledTexts readAll(String option, Path file) {
        InputFiles.requireReadableFile(option, file);
        return LabelledTexts.read(file, columns(null, true, false));
    }
}
