package org.rnn4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BLEU and the 13a tokenizer against sacreBLEU 2.6.0 ({@code BLEU()} defaults), from
 * {@code golden/metrics/bleu.json}. Regenerate with {@code python3 tools/golden/generate_bleu.py} (see its header).
 */
class BleuGoldenTest {
    private static final JsonNode GOLDEN = load();

    private static JsonNode load() {
        try (InputStream in = BleuGoldenTest.class.getResourceAsStream("/golden/metrics/bleu.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden/metrics/bleu.json; regenerate it with"
                    + " tools/golden/generate_bleu.py", e);
        }
    }

    static Stream<Arguments> tokenizerLines() {
        List<Arguments> cases = new ArrayList<>();
        GOLDEN.get("tokenizer13a").forEach(c -> cases.add(Arguments.of(c.get("input").textValue(),
                c.get("output").textValue())));
        return cases.stream();
    }

    static Stream<Arguments> corpora() {
        List<Arguments> cases = new ArrayList<>();
        GOLDEN.get("corpora").forEach(c -> cases.add(Arguments.of(c.get("name").textValue(), c)));
        return cases.stream();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.textValue()));
        return out;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(s -> out.add(s.longValue()));
        return out;
    }

    @ParameterizedTest
    @MethodSource("tokenizerLines")
    void tokenizesAsSacreBleu(String input, String expected) {
        assertThat(Tokenizer13a.tokenize(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void scoresAsSacreBleu(String name, JsonNode expected) {
        Bleu.Score score = Bleu.corpus(strings(expected.get("hypotheses")), strings(expected.get("references")));

        assertThat(score.matches()).as("matches").isEqualTo(longs(expected.get("counts")));
        assertThat(score.totals()).as("totals").isEqualTo(longs(expected.get("totals")));
        assertThat(score.hypothesisLength()).as("hyp_len").isEqualTo(expected.get("sys_len").longValue());
        assertThat(score.referenceLength()).as("ref_len").isEqualTo(expected.get("ref_len").longValue());
        assertThat(score.brevityPenalty()).as("BP").isCloseTo(expected.get("bp").doubleValue(), within(1e-12));
        for (int n = 0; n < Bleu.MAX_ORDER; n++) {
            assertThat(score.precisions().get(n)).as("precision %d", n + 1)
                    .isCloseTo(expected.get("precisions").get(n).doubleValue(), within(1e-10));
        }
        assertThat(score.score()).as("BLEU").isCloseTo(expected.get("score").doubleValue(), within(1e-10));
        assertThat(score).hasToString(expected.get("formatted").textValue());
    }
}
