package org.rnn4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;

class LabelledTextsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsTheTwoColumnsWithTheirLines() throws IOException {
        Path file = write("d.csv", "id,text,label\n1,\"good, really\",pos\n2,bad,neg\n");
        LabelledTexts data = LabelledTexts.read(file, LabelledTexts.Columns.of("text", "label"));
        assertThat(data.examples()).containsExactly(new LabelledTexts.Example("good, really", "pos", 2),
                new LabelledTexts.Example("bad", "neg", 3));
        assertThat(data.labels()).containsExactly("neg", "pos");
    }

    @Test
    void readsAHeaderlessFileWithGivenNamesAndAByteOrderMark() throws IOException {
        Path file = write("pl.csv", "\uFEFF\"1\",\"fine film . \n\"\n\"-1\",\"dull . \n\"\n");
        LabelledTexts data = LabelledTexts.read(file,
                LabelledTexts.Columns.of("text", "label").withNames(List.of("label", "text")));
        assertThat(data.labels()).containsExactly("-1", "1");
        assertThat(data.examples().get(1).line()).isEqualTo(3);
    }

    @Test
    void aMissingColumnListsTheColumnsAndSuggestsNamingThem() throws IOException {
        Path file = write("d.csv", "review,sentiment\nnice,1\n");
        assertThatThrownBy(() -> LabelledTexts.read(file, LabelledTexts.Columns.of("text", "sentiment")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("d.csv: no column 'text'").hasMessageContaining("its columns are: review, sentiment")
                .hasMessageContaining("--columns");
    }

    @Test
    void anEmptyLabelNamesItsLine() throws IOException {
        Path file = write("d.tsv", "text\tlabel\ngood\t1\nbad\t \n");
        assertThatThrownBy(() -> LabelledTexts.read(file, LabelledTexts.Columns.of("text", "label")))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("d.tsv: line 3: the label (column 'label') is empty");
    }

    @Test
    void onlyOneClassIsRefused() throws IOException {
        Path file = write("d.csv", "text,label\na,1\nb,1\n");
        LabelledTexts data = LabelledTexts.read(file, LabelledTexts.Columns.of("text", "label"));
        assertThatThrownBy(() -> data.requireTwoClasses("label"))
                .hasMessageContaining("column 'label' has only one label, '1', in all 2 rows");
    }

    @Test
    void aHeaderOnlyFileHasNoRows() throws IOException {
        Path file = write("d.csv", "text,label\n");
        assertThatThrownBy(() -> LabelledTexts.read(file, LabelledTexts.Columns.of("text", "label")))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("has no data rows");
    }

    @Test
    void theSplitColumnSelectsRowsAndAnUnknownValueListsTheValues() throws IOException {
        Path file = write("imdb.tsv", "idx\tsplit\tlabel\ttext\n0\ttest\t0\tmeh\n1\ttrain\t1\tyes\\tyes\n");
        LabelledTexts.Columns columns = LabelledTexts.Columns.of("text", "label");
        LabelledTexts train = LabelledTexts.read(file, columns.withSplit("split", "train"));
        assertThat(train.examples()).containsExactly(new LabelledTexts.Example("yes\tyes", "1", 3));
        assertThatThrownBy(() -> LabelledTexts.read(file, columns.withSplit("split", "dev")))
                .hasMessageContaining("no row has 'dev' in column 'split'; its values are: test, train");
    }

    @Test
    void numericLabelsSortAsNumbers() {
        assertThat(LabelledTexts.sortLabels(List.of("10", "2", "-1", "2"))).containsExactly("-1", "2", "10");
        assertThat(LabelledTexts.sortLabels(List.of("pos", "neg", "10"))).containsExactly("10", "neg", "pos");
    }

    @Test
    void stratifiedFoldsPartitionTheDataWithBalancedClasses() {
        List<LabelledTexts.Example> examples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            examples.add(new LabelledTexts.Example("t" + i, i < 30 ? "a" : "b", i + 1));
        }
        LabelledTexts data = LabelledTexts.of(examples);
        List<List<LabelledTexts.Example>> folds = data.stratifiedFolds(10, 3);
        Set<LabelledTexts.Example> seen = new HashSet<>();
        for (List<LabelledTexts.Example> fold : folds) {
            assertThat(fold).hasSize(10);
            assertThat(fold.stream().filter(e -> e.label().equals("a")).count()).isEqualTo(3);
            seen.addAll(fold);
        }
        assertThat(seen).hasSize(100);
        assertThat(data.stratifiedFolds(10, 3)).isEqualTo(folds);
        LabelledTexts.Split split = data.stratifiedSplit(0.1, 3);
        assertThat(split.heldOut()).hasSize(10);
        assertThat(split.training()).hasSize(90).doesNotContainAnyElementsOf(split.heldOut());
    }
}
