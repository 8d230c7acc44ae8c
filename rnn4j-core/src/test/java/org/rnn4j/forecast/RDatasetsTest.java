package org.rnn4j.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.DelimitedFile;

/**
 * Every series of {@code shared/data/timeseries/r-datasets} reads, with the length and columns its
 * {@code INDEX.csv} lists. Skipped where the shared data are absent (a fresh clone); the committed slices in
 * {@code src/test/resources/forecast} cover the same reader.
 */
class RDatasetsTest {
    private static final Path DIR = Path.of("..", "..", "shared", "data", "timeseries", "r-datasets");

    @Test
    void everyListedSeriesReadsWithItsLengthAndOnlyPresidentsHasMissingValues() {
        assumeTrue(Files.isDirectory(DIR), "no shared data at " + DIR.toAbsolutePath());
        DelimitedFile index = DelimitedFile.read(DIR.resolve("INDEX.csv"));

        assertThat(index.rows()).hasSize(30);
        for (DelimitedFile.Row row : index.rows()) {
            Path file = DIR.resolve(row.get(index.column("name")) + ".csv");
            int length = Integer.parseInt(row.get(index.column("length")));
            for (String column : row.get(index.column("columns")).split("\\|")) {
                if (file.getFileName().toString().equals("presidents.csv")) {
                    assertThatThrownBy(() -> SeriesCsv.read(file, column, "time"))
                            .hasMessageEndingWith("line 2, column 'value': 'NA' is not a number; fill or drop missing"
                                    + " values first");
                } else {
                    assertThat(SeriesCsv.read(file, column, "time").size()).as("%s %s", file, column)
                            .isEqualTo(length);
                }
            }
        }
    }
}
