package org.rnn4j.examples;

import java.nio.file.Path;
import java.util.List;
import org.rnn4j.forecast.ForecastData;
import org.rnn4j.forecast.ForecasterSpec;
import org.rnn4j.forecast.ForecasterTrainer;
import org.rnn4j.forecast.ForecasterTraining;
import org.rnn4j.forecast.SeriesCsv;
import org.rnn4j.forecast.Transform;
import org.rnn4j.io.Provenance;
import org.rnn4j.io.TextFiles;
import org.rnn4j.nn.Pooling;
import org.rnn4j.seq2seq.TranslationPairs;
import org.rnn4j.seq2seq.TranslatorSpec;
import org.rnn4j.seq2seq.TranslatorTrainer;
import org.rnn4j.seq2seq.TranslatorTraining;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.LanguageModel;
import org.rnn4j.text.LanguageModelSpec;
import org.rnn4j.text.LanguageModelTrainer;
import org.rnn4j.text.LanguageModelTraining;
import org.rnn4j.text.TextClassifier;
import org.rnn4j.text.TextClassifierSpec;
import org.rnn4j.text.TextClassifierTrainer;
import org.rnn4j.text.TextClassifierTraining;
import org.rnn4j.train.TrainerOptions;

/**
 * README's "The applications from Java", word for word: compiled with the tests so that the README cannot drift
 * from the API (it is never run: it needs the files it names).
 */
@SuppressWarnings("unused")
final class ReadmeApplicationExamples {
    private ReadmeApplicationExamples() {
    }

    static void languageModel() {
        LanguageModelTrainer.Result lm = LanguageModel.train(TextFiles.read(Path.of("moby.txt")),
                LanguageModelSpec.defaults().withHiddenSize(128).withLayers(1),
                LanguageModelTraining.defaults().withTrainer(TrainerOptions.defaults().withMaxMinutes(5)), List.of());
        lm.model().save(Path.of("moby.safetensors"), Provenance.of("my-program", lm.seed(), List.of(Path.of("moby.txt"))));
    }

    static void classifier() {
        TextClassifierTrainer.Result clf = TextClassifier.train(
                LabelledTexts.read(Path.of("reviews.csv"), LabelledTexts.Columns.of("text", "label")),
                TextClassifierSpec.defaults().withPooling(Pooling.ATTENTION), TextClassifierTraining.defaults().withFolds(5));
    }

    static void translator() {
        TranslationPairs pairs = TranslationPairs.read(Path.of("bible.tsv"), "en_kjv", "es_rv1909", "ref", true);
        TranslatorTrainer.Result mt = TranslatorTrainer.train(pairs.holdOutBooks(List.of("Mark")).train(),
                TranslatorSpec.defaults(), TranslatorTraining.defaults(), List.of());
    }

    static void forecaster() {
        SeriesCsv.Table table = SeriesCsv.readTable(Path.of("AirPassengers.csv"), "value", List.of(), "time");
        ForecastData history = table.data().head(table.size() - 12);
        ForecasterTrainer.Result fc = ForecasterTrainer.train(history,
                ForecasterSpec.defaults("value", 12, 12).withTransform(Transform.LOG), ForecasterTraining.defaults(12), List.of());
        double[] next = fc.forecaster().forecast(history);
    }
}
