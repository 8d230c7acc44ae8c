package org.rnn4j.forecast;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.rnn4j.data.DelimitedFile;
import org.rnn4j.io.FileFormatException;

/**
 * Reads one numeric series from a CSV or TSV file ({@link DelimitedFile}), with an optional time column, e.g.
 * {@code SeriesCsv.read(Path.of("AirPassengers.csv"), "value", "time")} on the R datasets' files
 * ({@code time,year,cycle,value}).
 *
 * <p>Every cell of the value column must be a plain decimal number ({@code 112}, {@code -0.5}, {@code 1.2e3};
 * surrounding spaces are ignored). A missing value ({@code NA}, {@code NaN}, an empty cell) is an error naming the
 * file, line and column: a model cannot train on a gap, and filling it (interpolation, the previous value) or
 * dropping the rows is a choice this reader leaves to the user.
 */
public final class SeriesCsv {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+");

    private SeriesCsv() {
    }

    /**
     * A series read from a file.
     *
     * @param column the value column's name
     * @param times  the time column's cells as written (e.g. R's decimal years {@code 1949.083333}), one per
     *               value; empty when no time column was read
     * @param values the values in file order
     */
    public record Series(String column, List<String> times, double[] values) {
        public Series {
            Objects.requireNonNull(column, "column");
            times = List.copyOf(times);
            values = values.clone();
            if (!times.isEmpty() && times.size() != values.length) {
                throw new IllegalArgumentException(times.size() + " times for " + values.length + " values");
            }
        }

        /** A copy of the values. */
        @Override
        public double[] values() {
            return values.clone();
        }

        public int size() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && column.equals(s.column) && times.equals(s.times)
                    && java.util.Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(column, times, java.util.Arrays.hashCode(values));
        }

        @Override
        public String toString() {
            return "Series(" + column + ", " + values.length + " values" + (times.isEmpty() ? "" : ", with times") + ")";
        }
    }

    /** The named column as numbers, no time column. */
    public static Series read(Path file, String valueColumn) {
        return read(file, valueColumn, null);
    }

    /**
     * The named value column as numbers and, when {@code timeColumn} is not null, that column's cells as text.
     *
     * @throws FileFormatException for a cell that is not a number, naming the file, line and column, or a file
     *     with no data rows
     * @throws IllegalArgumentException for a column the file lacks, listing those it has
     */
    public static Series read(Path file, String valueColumn, String timeColumn) {
        Objects.requireNonNull(valueColumn, "valueColumn");
        DelimitedFile table = DelimitedFile.read(file);
        int value = table.column(valueColumn);
        int time = timeColumn == null ? -1 : table.column(timeColumn);
        if (table.rows().isEmpty()) {
            throw new FileFormatException(file, "has a header but no data rows; a series needs at least one value");
        }
        double[] values = new double[table.rows().size()];
        List<String> times = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            DelimitedFile.Row row = table.rows().get(i);
            values[i] = parse(file, row, valueColumn, row.get(value));
            if (time >= 0) {
                times.add(row.get(time));
            }
        }
        return new Series(valueColumn, times, values);
    }

    /**
     * A forecaster's input read from a file: the value column, the extra input columns and the checked time axis.
     *
     * @param file         where it was read from
     * @param column       the value column's name
     * @param inputColumns the extra input columns' names
     * @param data         the values and extra inputs
     * @param time         the time of each row ({@link TimeAxis#index} when no time column was named)
     * @param lines        the file line of each row, for messages
     */
    public record Table(Path file, String column, List<String> inputColumns, ForecastData data, TimeAxis time,
                        long[] lines) {
        public Table {
            inputColumns = List.copyOf(inputColumns);
            lines = lines.clone();
        }

        @Override
        public long[] lines() {
            return lines.clone();
        }

        public int size() {
            return data.size();
        }

        /** The line of the file that holds point {@code t}. */
        public long line(int t) {
            return lines[t];
        }
    }

    /**
     * The value column, the extra input columns (numbers, as the value column) and, when {@code timeColumn} is not
     * null, the time column, checked to be evenly spaced ({@link TimeAxis}).
     *
     * @throws FileFormatException for a cell that is not a number, a gap in the times or rows out of order, naming
     *     the file, line and column, or a file with no data rows
     * @throws IllegalArgumentException for a column the file lacks, listing those it has
     */
    public static Table readTable(Path file, String valueColumn, List<String> inputColumns, String timeColumn) {
        Objects.requireNonNull(valueColumn, "valueColumn");
        Objects.requireNonNull(inputColumns, "inputColumns");
        DelimitedFile table = DelimitedFile.read(file);
        int value = table.column(valueColumn);
        int[] inputs = inputColumns.stream().mapToInt(table::column).toArray();
        int time = timeColumn == null ? -1 : table.column(timeColumn);
        if (table.rows().isEmpty()) {
            throw new FileFormatException(file, "has a header but no data rows; a series needs at least one value");
        }
        int n = table.rows().size();
        double[] values = new double[n];
        double[][] extra = new double[inputs.length][n];
        long[] lines = new long[n];
        List<String> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DelimitedFile.Row row = table.rows().get(i);
            lines[i] = row.line();
            values[i] = parse(file, row, valueColumn, row.get(value));
            for (int j = 0; j < inputs.length; j++) {
                extra[j][i] = parse(file, row, inputColumns.get(j), row.get(inputs[j]));
            }
            if (time >= 0) {
                times.add(row.get(time));
            }
        }
        TimeAxis axis = time >= 0 ? TimeAxis.of(file, timeColumn, times, lines) : TimeAxis.index(n);
        return new Table(file, valueColumn, inputColumns, new ForecastData(values, List.of(extra)), axis, lines);
    }

    private static double parse(Path file, DelimitedFile.Row row, String column, String cell) {
        String text = cell.strip();
        if (NUMBER.matcher(text).matches()) {
            double x = Double.parseDouble(text);
            if (Double.isFinite(x)) {
                return x;
            }
        }
        String where = "line " + row.line() + ", column '" + column + "': ";
        if (text.isEmpty()) {
            throw new FileFormatException(file, where + "the cell is empty; fill or drop missing values first");
        }
        String fix = DECIMAL_COMMA.matcher(text).matches()
                ? "write decimals with a point (1.5, not 1,5)"
                : "fill or drop missing values first";
        throw new FileFormatException(file, where + "'" + cell + "' is not a number; " + fix);
    }
}
