package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnn4j.text.TextClassifier;

/**
 * Which words moved a classifier's decision, by occlusion (Zeiler &amp; Fergus 2014, applied to words): the text is
 * classified whole and once without each word, and a word's weight is
 *
 * <pre>
 *   change_i = p(label | text) − p(label | text without word i)
 * </pre>
 * for the label predicted on the whole text: positive when the word spoke for that label, negative when against it.
 * It is exact (no gradient, no approximation) and costs one prediction per word, hence {@link #MAX_WORDS}.
 *
 * <p>A word is a run of non-space characters; removing it leaves the spaces around it, which the classifier's
 * tokenizer ignores.
 */
final class Occlusion {
    static final int MAX_WORDS = 200;
    private static final Pattern WORD = Pattern.compile("\\S+");

    private Occlusion() {
    }

    /** {"text": ...} → label, probability, probabilities, words[{word, start, end, probability_without, change}]. */
    static ObjectNode explain(ClassifierServedModel served, ObjectNode request) {
        String text = Json.requiredString(request, "text");
        List<int[]> spans = new ArrayList<>();
        for (Matcher m = WORD.matcher(text); m.find(); ) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            throw ApiException.badRequest("text: no words; type the text to classify");
        }
        if (spans.size() > MAX_WORDS) {
            throw ApiException.badRequest("text: " + spans.size() + " words; the explanation classifies the text once"
                    + " per word, for at most " + MAX_WORDS);
        }
        List<String> texts = new ArrayList<>();
        texts.add(text);
        for (int[] span : spans) {
            texts.add(text.substring(0, span[0]) + text.substring(span[1]));
        }
        TextClassifier classifier = served.classifier();
        List<TextClassifier.Prediction> predictions = classifier.predict(texts, ModelServer.CLASSIFY_BATCH);
        TextClassifier.Prediction whole = predictions.get(0);
        int label = whole.classId();
        ObjectNode node = Json.MAPPER.createObjectNode().put("model_name", served.name()).put("label", whole.label())
                .put("probability", whole.probability());
        ObjectNode probabilities = node.putObject("probabilities");
        for (int k = 0; k < classifier.labels().size(); k++) {
            probabilities.put(classifier.labels().get(k), whole.probabilities()[k]);
        }
        ArrayNode words = node.putArray("words");
        for (int i = 0; i < spans.size(); i++) {
            float without = predictions.get(i + 1).probabilities()[label];
            words.addObject().put("word", text.substring(spans.get(i)[0], spans.get(i)[1]))
                    .put("start", spans.get(i)[0]).put("end", spans.get(i)[1])
                    .put("probability_without", without).put("change", whole.probabilities()[label] - without);
        }
        return node;
    }
}
