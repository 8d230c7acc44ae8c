package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Token ↔ id maps: deterministic building from counts, the unknown entry, and the JSON form of the model file. */
class VocabularyTest {
    private static final VocabularyOptions WORDS = VocabularyOptions.of(Vocabulary.Unit.WORD);

    @Test
    void mostFrequentFirstWithTiesInOrderOfFirstAppearance() {
        Vocabulary v = Vocabulary.fromTokens(List.of("b", "a", "c", "a", "c", "d", "a"), WORDS);

        assertThat(v.tokens()).containsExactly("a", "c", "b", "d"); // a×3, c×2, then b and d once: b came first
    }

    @Test
    void specialTokensComeFirstInTheirFixedOrderWhateverOrderTheyAreAskedIn() {
        Vocabulary v = Vocabulary.fromTokens(List.of("x", "y", "x"),
                WORDS.withSpecials(SpecialToken.END, SpecialToken.UNKNOWN, SpecialToken.PADDING));

        assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "</s>", "x", "y");
        assertThat(v.id(SpecialToken.PADDING)).isZero();
        assertThat(v.id(SpecialToken.UNKNOWN)).isEqualTo(1);
        assertThat(v.id(SpecialToken.END)).isEqualTo(2);
        assertThat(v.has(SpecialToken.START)).isFalse();
        assertThat(v.isSpecial(2)).isTrue();
        assertThat(v.isSpecial(3)).isFalse();
    }

    @Test
    void maxSizeCountsTheSpecialEntriesAndMinCountDropsRareTokens() {
        List<String> text = List.of("a", "a", "a", "b", "b", "c", "c", "d");

        assertThat(Vocabulary.fromTokens(text, WORDS.withSpecials(SpecialToken.UNKNOWN).withMaxSize(3)).tokens())
                .containsExactly("<unk>", "a", "b");
        assertThat(Vocabulary.fromTokens(text, WORDS.withMinCount(2)).tokens()).containsExactly("a", "b", "c");
    }

    @Test
    void aTokenSpelledLikeARequestedSpecialIsThatSpecialEntry() {
        // The Penn Treebank text already contains <unk> for its rare words.
        Vocabulary v = Vocabulary.fromTokens(List.of("the", "<unk>", "<unk>", "cat"),
                WORDS.withSpecials(SpecialToken.UNKNOWN));

        assertThat(v.tokens()).containsExactly("<unk>", "the", "cat");
    }

    @Test
    void aMissingTokenGetsTheUnknownId() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.WORD, Set.of(SpecialToken.UNKNOWN), List.of("a", "b"));

        assertThat(v.id("b")).isEqualTo(2);
        assertThat(v.id("zebra")).isEqualTo(v.id(SpecialToken.UNKNOWN));
        assertThat(v.find("zebra")).isEmpty();
        assertThat(v.contains("zebra")).isFalse();
    }

    @Test
    void aMissingCharacterWithoutUnknownEntryIsNamedWithItsCodePoint() {
        List<String> letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()-\n[]*&%$#@/_+=<>"
                .codePoints().mapToObj(Character::toString).distinct().toList();
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.CHARACTER, Set.of(), letters.subList(0, 83));

        assertThatThrownBy(() -> v.id("é"))
                .isInstanceOf(UnknownTokenException.class)
                .hasMessageStartingWith("character 'é' (U+00E9) is not in the model's vocabulary of 83 characters")
                .hasMessageContaining("no <unk> entry")
                .hasMessageContaining("SpecialToken.UNKNOWN")
                .extracting(e -> ((UnknownTokenException) e).token()).isEqualTo("é");
    }

    @Test
    void aMissingWordIsNamedAsAWord() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.WORD, Set.of(), List.of("a", "b"));

        assertThatThrownBy(() -> v.id("zebra"))
                .hasMessageStartingWith("word 'zebra' is not in the model's vocabulary of 2 words");
    }

    @Test
    void jsonRoundTripKeepsUnitTokensAndSpecialIds() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.CHARACTER, Set.of(SpecialToken.PADDING, SpecialToken.UNKNOWN),
                List.of("e", "\n", "\"", "é", "😀"));

        String json = v.toJson();

        assertThat(json).isEqualTo("{\"unit\":\"character\",\"specials\":{\"padding\":0,\"unknown\":1},"
                + "\"tokens\":[\"<pad>\",\"<unk>\",\"e\",\"\\n\",\"\\\"\",\"é\",\"😀\"]}");
        assertThat(Vocabulary.fromJson(json)).isEqualTo(v);
        assertThat(Vocabulary.fromJson(json).id(SpecialToken.UNKNOWN)).isEqualTo(1);
    }

    @Test
    void jsonWithARepeatedTokenIsRejectedNamingBothIds() {
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"unit\":\"word\",\"tokens\":[\"a\",\"b\",\"a\"]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vocabulary JSON: vocabulary entries 0 and 2 are both 'a'; each token must appear once");
    }

    @Test
    void jsonWithoutTokensOrWithAnEmptyOneIsRejected() {
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"unit\":\"word\",\"tokens\":[]}"))
                .hasMessage("vocabulary JSON: the vocabulary is empty; it needs at least one token");
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"unit\":\"word\",\"tokens\":[\"a\",\"\"]}"))
                .hasMessageStartingWith("vocabulary JSON: vocabulary entry 1 is the empty string");
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"unit\":\"word\"}"))
                .hasMessage("vocabulary JSON: 'tokens' must be an array of strings, got nothing");
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"unit\":\"word\",\"tokens\":[\"a\",3]}"))
                .hasMessage("vocabulary JSON: token 1 must be a string, got 3");
    }

    @Test
    void jsonWithABadUnitOrSpecialIsRejected() {
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"unit\":\"byte\",\"tokens\":[\"a\"]}"))
                .hasMessageStartingWith("vocabulary JSON: 'unit' must be one of");
        assertThatThrownBy(() -> Vocabulary.fromJson(
                "{\"unit\":\"word\",\"specials\":{\"unknown\":1},\"tokens\":[\"<unk>\",\"a\"]}"))
                .hasMessage("vocabulary JSON: special 'unknown' has id 1, but token 1 is 'a', not <unk>");
        assertThatThrownBy(() -> Vocabulary.fromJson(
                "{\"unit\":\"word\",\"specials\":{\"mask\":0},\"tokens\":[\"<mask>\"]}"))
                .hasMessageStartingWith("vocabulary JSON: unknown special token 'mask'");
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"unit\":\"word\",\"specials\":{\"end\":5},\"tokens\":[\"a\"]}"))
                .hasMessage("vocabulary JSON: special 'end' has id 5, outside the 1 tokens");
        assertThatThrownBy(() -> Vocabulary.fromJson("[\"a\"]"))
                .hasMessageStartingWith("vocabulary JSON: expected an object");
        assertThatThrownBy(() -> Vocabulary.fromJson("{\"unit\":"))
                .hasMessageStartingWith("vocabulary JSON: not valid JSON");
    }

    @Test
    void buildingFromNothingOrOnlyRareTokensSaysWhy() {
        assertThatThrownBy(() -> Vocabulary.fromTokens(List.of(), WORDS))
                .hasMessage("cannot build a vocabulary from no tokens: the text is empty");
        assertThatThrownBy(() -> Vocabulary.fromTokens(List.of("a", "b"), WORDS.withMinCount(5)))
                .hasMessage("no token occurs at least minCount = 5 times (the most frequent occurs 1 times); lower minCount");
    }

    @Test
    void fromCountsBreaksTiesByTheMapsOrder() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("z", 2L);
        counts.put("y", 5L);
        counts.put("x", 2L);

        assertThat(Vocabulary.fromCounts(counts, WORDS).tokens()).containsExactly("y", "z", "x");
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> WORDS.withSpecials(SpecialToken.UNKNOWN, SpecialToken.PADDING).withMaxSize(2))
                .hasMessageContaining("maxSize 2 leaves no room for tokens after the 2 special ones");
        assertThatThrownBy(() -> WORDS.withMaxSize(-1)).hasMessageContaining("maxSize must be >= 0");
        assertThatThrownBy(() -> WORDS.withMinCount(0)).hasMessageContaining("minCount must be >= 1");
    }

    @Test
    void anUnknownIdOrSpecialIsAClearError() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.WORD, Set.of(), List.of("a"));

        assertThatThrownBy(() -> v.token(1)).hasMessage("id 1 is outside the vocabulary's ids [0, 1)");
        assertThatThrownBy(() -> v.id(SpecialToken.PADDING))
                .hasMessageStartingWith("the vocabulary has no <pad> (padding) entry");
    }
}
