package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Words, numbers and punctuation as tokens; contractions and hyphenated words whole. */
class WordTokenizerTest {
    private final WordTokenizer cased = new WordTokenizer(false);
    private final WordTokenizer lower = new WordTokenizer(true);

    @Test
    void splitsPunctuationFromWords() {
        assertThat(cased.split("Hello, world! (Really?)"))
                .containsExactly("Hello", ",", "world", "!", "(", "Really", "?", ")");
    }

    @Test
    void keepsContractionsPossessivesAndHyphenatedWordsWhole() {
        assertThat(cased.split("I don't know John’s well-known rock'n'roll band."))
                .containsExactly("I", "don't", "know", "John’s", "well-known", "rock'n'roll", "band", ".");
    }

    @Test
    void keepsNumbersWithTheirSeparators() {
        assertThat(cased.split("It cost $1,000.50 on the 2nd day, i.e. 3.5% of COVID-19 cases."))
                .containsExactly("It", "cost", "$", "1,000.50", "on", "the", "2nd", "day", ",", "i", ".", "e", ".",
                        "3.5", "%", "of", "COVID-19", "cases", ".");
    }

    @Test
    void quotesAndHyphensAtAWordsEdgeAreTokensOfTheirOwn() {
        assertThat(cased.split("'tis the students' - \"end\"--"))
                .containsExactly("'", "tis", "the", "students", "'", "-", "\"", "end", "\"", "-", "-");
    }

    @Test
    void anyUnicodeSpaceSeparatesAndAccentedLettersStayInTheWord() {
        assertThat(cased.split("café\u00A0naïve\u2003Zürich\tnaïve")) // e + U+0308 combining diaeresis
                .containsExactly("café", "naïve", "Zürich", "naïve");
    }

    @Test
    void lowerCasesInTheRootLocale() {
        assertThat(lower.split("The CAT saw IT")).containsExactly("the", "cat", "saw", "it");
    }

    @Test
    void encodesAgainstTheVocabularyWithUnknownWords() {
        Vocabulary v = Vocabulary.fromTokens(lower.split("the cat sat on the mat ."),
                VocabularyOptions.of(Vocabulary.Unit.WORD).withSpecials(SpecialToken.UNKNOWN));

        int[] ids = lower.encode("The dog sat.", v);

        assertThat(ids).containsExactly(v.id("the"), v.id(SpecialToken.UNKNOWN), v.id("sat"), v.id("."));
        assertThat(lower.decode(ids, v)).isEqualTo("the <unk> sat.");
    }

    @Test
    void decodeJoinsWithSpacesButNotInsidePunctuation() {
        String text = "He said \"don't go\" (twice), then left; 50 % sure.";
        Vocabulary v = Vocabulary.fromTokens(cased.split(text), VocabularyOptions.of(Vocabulary.Unit.WORD));

        assertThat(cased.decode(cased.encode(text, v), v)).isEqualTo("He said \"don't go\" (twice), then left; 50% sure.");
    }

    @Test
    void decodeLeavesOutPaddingStartAndEnd() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.WORD, Set.of(SpecialToken.PADDING, SpecialToken.START,
                SpecialToken.END), List.of("hi", "!"));

        assertThat(cased.decode(new int[] {1, 3, 4, 2, 0}, v)).isEqualTo("hi!");
    }

    @Test
    void anUnknownWordWithoutUnknownEntryIsNamedWithItsPlace() {
        Vocabulary v = Vocabulary.of(Vocabulary.Unit.WORD, Set.of(), List.of("the", "cat"));

        assertThatThrownBy(() -> cased.encode("the cat\nthe zebra", v))
                .isInstanceOf(UnknownTokenException.class)
                .hasMessageStartingWith("word 'zebra' at line 2, column 5 is not in the model's vocabulary of 2 words");
    }

    @Test
    void joinAttachesSpanishOpeningMarksToTheNextWord() {
        WordTokenizer tokenizer = new WordTokenizer(false);
        String text = "¿Quién es? ¡Ay de mí! «Sí», dijo.";
        assertThat(tokenizer.join(tokenizer.split(text))).isEqualTo(text);
    }
}
