package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;

/** One numeric column of a CSV, on two R datasets and on broken files. */
class SeriesCsvTest {
    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(SeriesCsvTest.class.getResource("/forecast/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsAirPassengersWithItsTimes() {
        SeriesCsv.Series s = SeriesCsv.read(resource("AirPassengers.csv"), "value", "time");

        assertThat(s.size()).isEqualTo(144);
        assertThat(s.values()).startsWith(112, 118, 132).endsWith(390, 432);
        assertThat(s.times()).startsWith("1949", "1949.083333").hasSize(144);
    }

    @Test
    void withoutTimeColumnTheTimesAreEmpty() {
        assertThat(SeriesCsv.read(resource("AirPassengers.csv"), "value").times()).isEmpty();
    }

    @Test
    void aMissingValueIsNamedByFileLineAndColumn() {
        Path file = resource("presidents.csv");

        assertThatThrownBy(() -> SeriesCsv.read(file, "value"))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": line 2, column 'value': 'NA' is not a number; fill or drop missing values first");
    }

    @Test
    void anEmptyCellOrADecimalCommaIsExplained() throws IOException {
        Path empty = Files.writeString(dir.resolve("gap.csv"), "t,x\n1,5\n2,\n");
        Path comma = Files.writeString(dir.resolve("comma.tsv"), "t\tx\n1\t1,5\n");

        assertThatThrownBy(() -> SeriesCsv.read(empty, "x"))
                .hasMessage(empty + ": line 3, column 'x': the cell is empty; fill or drop missing values first");
        assertThatThrownBy(() -> SeriesCsv.read(comma, "x"))
                .hasMessage(comma + ": line 2, column 'x': '1,5' is not a number; write decimals with a point (1.5,"
                        + " not 1,5)");
    }

    @Test
    void acceptsSignsExponentsAndSurroundingSpacesButNotJavaOnlyForms() throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.csv"), "x\n-1.5\n 2e3 \n.25\n+7\n");
        Path javaOnly = Files.writeString(dir.resolve("f.csv"), "x\n1.5f\n");

        assertThat(SeriesCsv.read(ok, "x").values()).containsExactly(-1.5, 2000, 0.25, 7);
        assertThatThrownBy(() -> SeriesCsv.read(javaOnly, "x")).hasMessageContaining("'1.5f' is not a number");
        Path infinity = Files.writeString(dir.resolve("inf.csv"), "x\nInfinity\n");
        assertThatThrownBy(() -> SeriesCsv.read(infinity, "x")).hasMessageContaining("'Infinity' is not a number");
    }

    @Test
    void aMissingColumnListsTheColumns() {
        Path file = resource("AirPassengers.csv");

        assertThatThrownBy(() -> SeriesCsv.read(file, "passengers"))
                .hasMessage(file + ": no column 'passengers'; its columns are: time, year, cycle, value");
    }

    @Test
    void aHeaderWithoutRowsIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("none.csv"), "time,value\n");

        assertThatThrownBy(() -> SeriesCsv.read(file, "value"))
                .hasMessage(file + ": has a header but no data rows; a series needs at least one value");
    }
}
