package org.rnn4j.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;

/** Reading pairs by column, books, hold-outs, and batches of pairs. */
class TranslationPairsTest {
    private static final String TSV = "ref\ten\tes\n"
            + "Genesis 1:1\tIn the beginning.\tEn el principio.\n"
            + "Genesis 1:2\tAnd the earth.\tY la tierra.\n"
            + "1 Samuel 3:4\tThat the LORD called.\t\n"
            + "1 Samuel 3:5\tAnd he ran.\tY corrió.\n"
            + "Song of Solomon 1:1\tThe song.\tEl cantar.\n"
            + "Jude 1:1\tJude.\tJudas.\n";

    private static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsPairsWithTheirBooksAndSkipsRowsWithAnEmptySide(@TempDir Path dir) throws IOException {
        TranslationPairs pairs = TranslationPairs.read(write(dir, "p.tsv", TSV), "en", "es", "ref");
        assertThat(pairs.size()).isEqualTo(5);
        assertThat(pairs.skipped()).isEqualTo(1);
        assertThat(pairs.firstSkippedLine()).isEqualTo(4);
        assertThat(pairs.books()).containsExactly(java.util.Map.entry("Genesis", 2), java.util.Map.entry("1 Samuel", 1),
                java.util.Map.entry("Song of Solomon", 1), java.util.Map.entry("Jude", 1));
        assertThat(pairs.pairs().get(0)).isEqualTo(new TranslationPairs.Pair(2, "Genesis", "In the beginning.",
                "En el principio."));
    }

    @Test
    void holdsOutWholeBooksByNameOrByFraction(@TempDir Path dir) throws IOException {
        TranslationPairs pairs = TranslationPairs.read(write(dir, "p.tsv", TSV), "en", "es", "ref");
        TranslationPairs.Split split = pairs.holdOutBooks(List.of("jude", " Genesis"));
        assertThat(split.testBooks()).containsExactly("Jude", "Genesis");
        assertThat(split.test()).extracting(TranslationPairs.Pair::book).containsExactly("Genesis", "Genesis", "Jude");
        assertThat(split.train()).hasSize(2);
        TranslationPairs.Split byFraction = pairs.holdOutFraction(0.3, 1);
        assertThat(byFraction.test().size()).isGreaterThanOrEqualTo(2);
        assertThat(byFraction.train()).isNotEmpty().noneMatch(p -> byFraction.testBooks().contains(p.book()));
        assertThat(pairs.holdOutFraction(0.3, 1)).isEqualTo(byFraction);
        assertThatThrownBy(() -> pairs.holdOutBooks(List.of("Luke"))).hasMessageContaining("no book 'Luke'")
                .hasMessageContaining("Genesis, 1 Samuel, Song of Solomon, Jude");
        assertThatThrownBy(() -> pairs.holdOutBooks(List.of("Genesis", "1 Samuel", "Song of Solomon", "Jude")))
                .hasMessageContaining("leaves no pairs to train on");
    }

    @Test
    void aBookIsTheReferenceWithoutChapterAndVerse() {
        assertThat(TranslationPairs.bookOf("Genesis 1:1")).isEqualTo("Genesis");
        assertThat(TranslationPairs.bookOf("1 Samuel 23:14")).isEqualTo("1 Samuel");
        assertThat(TranslationPairs.bookOf("Song of Solomon 2:3")).isEqualTo("Song of Solomon");
        assertThat(TranslationPairs.bookOf("Tatoeba")).isEqualTo("Tatoeba");
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsTheFileHas(@TempDir Path dir) throws IOException {
        Path file = write(dir, "p.tsv", TSV);
        assertThatThrownBy(() -> TranslationPairs.read(file, "english", "es", "ref"))
                .hasMessageContaining(file.toString()).hasMessageContaining("no column 'english'")
                .hasMessageContaining("ref, en, es");
    }

    @Test
    void emptyFilesAndFilesWithoutPairsAreRefusedByName(@TempDir Path dir) throws IOException {
        Path empty = write(dir, "empty.tsv", "");
        assertThatThrownBy(() -> TranslationPairs.read(empty, "en", "es", null)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining(empty.toString());
        Path header = write(dir, "header.tsv", "ref\ten\tes\n");
        assertThatThrownBy(() -> TranslationPairs.read(header, "en", "es", null))
                .hasMessageContaining("no rows");
        Path blank = write(dir, "blank.tsv", "en\tes\nhello\t\n");
        assertThatThrownBy(() -> TranslationPairs.read(blank, "en", "es", null))
                .hasMessageContaining("an empty field");
    }

    @Test
    void aBatchFramesTheTargetsAndPadsBothSides() {
        TranslationBatch batch = TranslationBatch.of(List.of(new int[] {7, 8, 9}, new int[] {7}),
                List.of(new int[] {5}, new int[] {5, 6, 5}), new TranslationBatch.Ids(0, 1, 2, 3));
        assertThat(batch.sourceSteps()).isEqualTo(3);
        assertThat(batch.source()).containsExactly(7, 8, 9, 7, 0, 0);
        assertThat(batch.targetSteps()).isEqualTo(4);
        assertThat(batch.decoderInput()).containsExactly(2, 5, 1, 1, 2, 5, 6, 5);
        assertThat(batch.targets()).containsExactly(5, 3, 1, 1, 5, 6, 5, 3);
        assertThat(batch.targetMask().lengths()).containsExactly(2, 4);
        assertThat(batch.sourceMask().lengths()).containsExactly(3, 1);
        assertThat(batch.targetTokens()).isEqualTo(6);
    }

    @Test
    void sampleSetsAsideAFractionReproducibly() {
        List<TranslationPairs.Pair> pairs = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> new TranslationPairs.Pair(i, "B", "s" + i, "t" + i)).toList();
        List<List<TranslationPairs.Pair>> parts = TranslationPairs.sample(pairs, 0.1, 3);
        assertThat(parts.get(1)).hasSize(10);
        assertThat(parts.get(0)).hasSize(90).doesNotContainAnyElementsOf(parts.get(1));
        assertThat(TranslationPairs.sample(pairs, 0.1, 3)).isEqualTo(parts);
        assertThat(TranslationPairs.sample(pairs, 0, 3).get(1)).isEmpty();
    }
}
