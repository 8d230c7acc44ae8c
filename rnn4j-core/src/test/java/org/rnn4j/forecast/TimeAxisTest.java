package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.io.FileFormatException;

/** Evenly spaced times are read and extended; gaps and disorder are reported by line and column. */
class TimeAxisTest {
    private static final Path FILE = Path.of("s.csv");

    @TempDir
    Path dir;

    private static TimeAxis axis(String... cells) {
        long[] lines = new long[cells.length];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i + 2;
        }
        return TimeAxis.of(FILE, "time", List.of(cells), lines);
    }

    @Test
    void rDecimalYearsAreExtendedWithTheirOwnDecimals() {
        TimeAxis t = axis("1960", "1960.083333", "1960.166667", "1960.25", "1960.333333", "1960.416667",
                "1960.5", "1960.583333", "1960.666667", "1960.75", "1960.833333", "1960.916667");

        assertThat(t.label(11)).isEqualTo("1960.916667");
        assertThat(t.label(12)).isEqualTo("1961");
        assertThat(t.label(13)).isEqualTo("1961.083333");
        assertThat(t.x(24)).isCloseTo(1962, within(1e-6));
        assertThat(t.head(3).label(3)).isEqualTo("1960.25");
    }

    @Test
    void aGapNamesTheLineAndHowManyPointsAreMissing() {
        assertThatThrownBy(() -> axis("1", "2", "3", "6", "7", "8"))
                .isInstanceOf(FileFormatException.class)
                .hasMessage("s.csv: line 5, column 'time': the time goes from 3 (line 4) to 6, a gap of 2 missing "
                        + "points (the series steps by 1); add the missing rows with filled-in values (e.g. "
                        + "interpolated), or use only the part after the gap");
        assertThatThrownBy(() -> axis("2024-01", "2024-02", "2024-04", "2024-05"))
                .hasMessageContaining("line 4, column 'time': the time goes from 2024-02 (line 3) to 2024-04, a gap "
                        + "of 1 missing point (the series steps by 1 month)");
    }

    @Test
    void rowsOutOfOrderOrRepeatedAreReported() {
        assertThatThrownBy(() -> axis("1", "2", "3", "2", "5", "6"))
                .hasMessageContaining("line 5, column 'time': the time goes from 3 (line 4) to 2, backwards; sort the "
                        + "rows by time");
        assertThatThrownBy(() -> axis("1", "2", "2", "3", "4"))
                .hasMessageContaining("line 4, column 'time': the time goes from 2 (line 3) to 2, the same time twice");
        assertThatThrownBy(() -> axis("1", "2", "2.5", "3", "4"))
                .hasMessageContaining("a step unlike the others");
    }

    @Test
    void datesStepByDaysOrByMonthsIncludingMonthEnds() {
        TimeAxis weekly = axis("2024-01-01", "2024-01-08", "2024-01-15");
        assertThat(weekly.label(3)).isEqualTo("2024-01-22");

        TimeAxis monthEnds = axis("2023-11-30", "2023-12-31", "2024-01-31");
        assertThat(monthEnds.label(3)).isEqualTo("2024-02-29");
        assertThat(monthEnds.label(4)).isEqualTo("2024-03-31");

        TimeAxis quarterly = axis("2023-01-15", "2023-04-15", "2023-07-15");
        assertThat(quarterly.label(3)).isEqualTo("2023-10-15");
        assertThat(quarterly.x(3)).isCloseTo(2023 + 287 / 365.0, within(1e-9));

        assertThatThrownBy(() -> axis("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05"))
                .hasMessageContaining("a gap of 1 missing point (the series steps by 1 day)");
    }

    @Test
    void otherTimesAreLabelsAndNoTimeColumnNumbersThePoints() {
        TimeAxis labels = axis("Q1", "Q2", "Q4");
        assertThat(labels.label(1)).isEqualTo("Q2");
        assertThat(labels.canExtend()).isFalse();
        assertThat(labels.label(3)).isEqualTo("3");

        TimeAxis none = TimeAxis.index(5);
        assertThat(none.hasTimes()).isFalse();
        assertThat(none.label(7)).isEqualTo("7");
        assertThat(none.x(7)).isEqualTo(7);
    }

    @Test
    void readTableReadsInputColumnsAndChecksTheTimes() throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.csv"), "t,y,a,b\n1,10,1,5\n2,11,2,6\n3,12,3,7\n");
        SeriesCsv.Table table = SeriesCsv.readTable(ok, "y", List.of("b", "a"), "t");

        assertThat(table.data().target()).containsExactly(10, 11, 12);
        assertThat(table.data().inputs().get(0)).containsExactly(5, 6, 7);
        assertThat(table.data().inputs().get(1)).containsExactly(1, 2, 3);
        assertThat(table.time().label(3)).isEqualTo("4");
        assertThat(table.line(2)).isEqualTo(4);

        Path gap = Files.writeString(dir.resolve("gap.csv"), "t,y\n1,10\n2,11\n4,12\n5,13\n");
        assertThatThrownBy(() -> SeriesCsv.readTable(gap, "y", List.of(), "t"))
                .hasMessageStartingWith(gap + ": line 4, column 't': the time goes from 2 (line 3) to 4, a gap of 1");
        assertThatThrownBy(() -> SeriesCsv.readTable(ok, "y", List.of("c"), null))
                .hasMessage(ok + ": no column 'c'; its columns are: t, y, a, b");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "t,y,a\n1,10,1\n2,11,x\n");
        assertThatThrownBy(() -> SeriesCsv.readTable(bad, "y", List.of("a"), "t"))
                .hasMessage(bad + ": line 3, column 'a': 'x' is not a number; fill or drop missing values first");
    }

    @Test
    void everyRDatasetsTestSliceHasEvenlySpacedTimes() throws URISyntaxException {
        Path air = Path.of(TimeAxisTest.class.getResource("/forecast/AirPassengers.csv").toURI());
        SeriesCsv.Table table = SeriesCsv.readTable(air, "value", List.of(), "time");

        assertThat(table.size()).isEqualTo(144);
        assertThat(table.time().label(144)).isEqualTo("1961");
    }

    @Test
    void theSharedRDatasetsSeriesHaveEvenlySpacedTimes() {
        Path shared = Path.of("..", "..", "shared", "data", "timeseries", "r-datasets");
        assumeTrue(Files.isDirectory(shared), "no shared data at " + shared.toAbsolutePath());
        for (String name : List.of("AirPassengers", "co2", "nottem", "sunspot.month", "sunspots", "UKgas", "lynx")) {
            SeriesCsv.Table table = SeriesCsv.readTable(shared.resolve(name + ".csv"), "value", List.of(), "time");
            assertThat(table.time().canExtend()).as(name).isTrue();
        }
    }
}
