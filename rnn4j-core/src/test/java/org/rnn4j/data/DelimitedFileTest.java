package org.rnn4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;

/** CSV (RFC 4180 quotes) and linear TSV (backslash escapes), columns by name, rows with their line numbers. */
class DelimitedFileTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsAHeaderAndRowsWithTheirLineNumbers() throws IOException {
        Path file = write("air.csv", "time,value\n1949,112\n\n1949.083333,118\n");

        DelimitedFile table = DelimitedFile.read(file);

        assertThat(table.separator()).isEqualTo(',');
        assertThat(table.header()).containsExactly("time", "value");
        assertThat(table.rows()).containsExactly(
                new DelimitedFile.Row(2, List.of("1949", "112")),
                new DelimitedFile.Row(4, List.of("1949.083333", "118")));
        assertThat(table.values("value")).containsExactly("112", "118");
        assertThat(table.column("time")).isZero();
    }

    @Test
    void quotedCsvFieldsMayHoldCommasLineBreaksAndQuotes() throws IOException {
        Path file = write("reviews.csv", "label,text\r\n1,\"good, really\r\ngood\"\r\n-1,\"the \"\"worst\"\"\"\r\n0,plain\r\n");

        DelimitedFile table = DelimitedFile.read(file);

        assertThat(table.values("text")).containsExactly("good, really\r\ngood", "the \"worst\"", "plain");
        assertThat(table.rows()).extracting(DelimitedFile.Row::line).containsExactly(2L, 4L, 5L);
    }

    @Test
    void aCsvLineIsReadBackAsTheFieldsItWasWrittenFrom() throws IOException {
        List<String> fields = List.of("plain", "a, b", "say \"hi\"", "two\nlines", "");
        Path file = write("round.csv", DelimitedFile.csvLine(List.of("a", "b", "c", "d", "e"))
                + DelimitedFile.csvLine(fields));

        assertThat(DelimitedFile.csvLine(List.of("x", "y"))).isEqualTo("x,y\n");
        assertThat(DelimitedFile.read(file).rows().get(0).values()).isEqualTo(fields);
    }

    @Test
    void tsvHasNoQuotingAndDecodesBackslashEscapes() throws IOException {
        // As jq's @tsv writes a review that starts with a quote and holds a tab, a line break and a backslash.
        Path file = write("imdb.tsv", "idx\tlabel\ttext\n0\t1\t\"Great\" film\\tno\\nreally \\\\o/\n1\t0\t'bad\n");

        DelimitedFile table = DelimitedFile.read(file);

        assertThat(table.separator()).isEqualTo('\t');
        assertThat(table.values("text")).containsExactly("\"Great\" film\tno\nreally \\o/", "'bad");
    }

    @Test
    void theSeparatorIsSniffedFromTheHeaderWhenTheNameDoesNotTell() throws IOException {
        assertThat(DelimitedFile.read(write("pairs.txt", "en\tes\nhello, friend\thola\n")).values("es"))
                .containsExactly("hola");
        assertThat(DelimitedFile.read(write("pairs.dat", "en,es\nhello,hola\n")).values("es"))
                .containsExactly("hola");
    }

    @Test
    void readsAGzippedFileByTheExtensionBeforeGz() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write("a\tb\n1,5\t2\n".getBytes(StandardCharsets.UTF_8));
        }
        Path file = Files.write(dir.resolve("table.tsv.gz"), buffer.toByteArray());

        assertThat(DelimitedFile.read(file).values("a")).containsExactly("1,5");
    }

    @Test
    void aFileWithoutHeaderIsReadWithTheColumnNamesGiven() throws IOException {
        // As the Pang & Lee sentence file: a byte order mark, every field quoted, a line break inside a field.
        Path file = write("polarity.csv", "\uFEFF\"1\",\"the rock is destined . \n\"\n\"-1\",\"it all feels wrong . \n\"\n");

        DelimitedFile table = DelimitedFile.read(file, List.of("label", "text"));

        assertThat(table.values("label")).containsExactly("1", "-1");
        assertThat(table.values("text")).containsExactly("the rock is destined . \n", "it all feels wrong . \n");
        assertThat(table.rows()).extracting(DelimitedFile.Row::line).containsExactly(1L, 3L);
    }

    @Test
    void aMissingColumnListsTheColumnsThereAre() throws IOException {
        DelimitedFile table = DelimitedFile.read(write("air.csv", "time,year,cycle,value\n1949,1949,1,112\n"));

        assertThatThrownBy(() -> table.column("passengers"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(table.file() + ": no column 'passengers'; its columns are: time, year, cycle, value");
        assertThatThrownBy(() -> table.column("Value"))
                .hasMessage(table.file() + ": no column 'Value' (did you mean 'value'?); its columns are: time, year,"
                        + " cycle, value");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsNamedByItsLine() throws IOException {
        Path file = write("bad.csv", "label,text\n1,fine\n0,an unquoted, comma\n");

        assertThatThrownBy(() -> DelimitedFile.read(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": line 3 has 3 fields, but the header (line 1) has 2 columns: label, text; a field"
                        + " that contains a comma must be in double quotes");
    }

    @Test
    void aTabSeparatedFileNamedCsvIsPointedOut() throws IOException {
        Path file = write("series.csv", "t\tx\n1\t1,5\n");

        assertThatThrownBy(() -> DelimitedFile.read(file))
                .hasMessageEndingWith("the header has tabs, so the file looks tab-separated: name it .tsv");
    }

    @Test
    void anUnclosedQuoteIsNamedByTheLineItsRowStartsOn() throws IOException {
        Path file = write("open.csv", "label,text\n1,\"never closed\n2,x\n3,y\n");

        assertThatThrownBy(() -> DelimitedFile.read(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": the row starting on line 2: ")
                .hasMessageContaining("must end with one");
    }

    @Test
    void repeatedColumnNamesAreRejected() throws IOException {
        Path file = write("twice.csv", "a,b,a\n1,2,3\n");

        assertThatThrownBy(() -> DelimitedFile.read(file))
                .hasMessage(file + ": columns 1 and 3 of the header are both named 'a'; rename one so that each can be"
                        + " found by name");
    }

    @Test
    void aFileOfOnlyEmptyLinesHasNoHeader() throws IOException {
        Path file = write("blank.csv", "\n\n");

        assertThatThrownBy(() -> DelimitedFile.read(file)).hasMessageContaining("has no header line");
    }
}
