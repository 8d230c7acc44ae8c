package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** One token per code point, exact round trip. */
class CharTokenizerTest {
    private final CharTokenizer tokenizer = new CharTokenizer();

    @Test
    void splitsIntoCodePointsNotUtf16Chars() {
        assertThat(tokenizer.split("a😀é\n")).containsExactly("a", "😀", "é", "\n");
    }

    @Test
    void encodeThenDecodeGivesTheTextBackExactly() {
        String text = "Call me Ishmael.\r\n  Some years ago — never mind how long 😀\tprecisely";
        Vocabulary v = Vocabulary.fromTokens(tokenizer.split(text), VocabularyOptions.of(tokenizer.unit()));

        int[] ids = tokenizer.encode(text, v);

        assertThat(ids).hasSize(text.codePointCount(0, text.length()));
        assertThat(tokenizer.decode(ids, v)).isEqualTo(text);
    }

    @Test
    void idsFollowTheVocabulary() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.CHARACTER, Set.of(), java.util.List.of("a", "b", "😀"));

        assertThat(tokenizer.encode("b😀a", v)).containsExactly(1, 2, 0);
    }

    @Test
    void anUnknownCharacterIsNamedWithItsLineAndColumn() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.CHARACTER, Set.of(), java.util.List.of("a", "b", "\n", "😀"));

        assertThatThrownBy(() -> tokenizer.encode("ab\n😀aéb", v))
                .isInstanceOf(UnknownTokenException.class)
                .hasMessageStartingWith("character 'é' (U+00E9) at line 2, column 3 is not in the model's vocabulary"
                        + " of 4 characters");
    }

    @Test
    void theUnknownEntryStandsInAndDecodesAsTheReplacementCharacter() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.CHARACTER,
                Set.of(SpecialToken.UNKNOWN, SpecialToken.PADDING, SpecialToken.END), java.util.List.of("a", "b"));

        int[] ids = tokenizer.encode("aéb", v);

        assertThat(ids).containsExactly(3, 1, 4);
        assertThat(tokenizer.decode(new int[] {3, 1, 4, 2, 0, 0}, v)).isEqualTo("a\uFFFDb");
    }
}
