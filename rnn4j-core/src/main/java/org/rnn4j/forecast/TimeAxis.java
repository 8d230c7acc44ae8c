package org.rnn4j.forecast;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.rnn4j.io.FileFormatException;

/**
 * The times of a series' points, checked to be evenly spaced, and extended into the future for forecasts.
 *
 * <p>Three forms of time are understood and checked:
 * <ul>
 *   <li>numbers, such as R's decimal years ({@code 1949}, {@code 1949.083333}) or a step counter: they must rise by
 *       the same step (within 1%) from row to row;</li>
 *   <li>ISO dates {@code 2024-01-31}: a constant number of days apart (daily, weekly), or on the same day of the
 *       month a constant number of months apart (monthly, quarterly, yearly);</li>
 *   <li>ISO months {@code 2024-01}: a constant number of months apart.</li>
 * </ul>
 * A jump of two or more steps is a gap (missing rows), and a step back or a repeated time means the rows are out of
 * order; both are errors naming the file, the line and the column, because a recurrent model reads the series as
 * evenly spaced. Any other form of time (free text) is kept as labels, unchecked.
 */
public final class TimeAxis {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final double TOLERANCE = 0.01;

    private enum Kind { INDEX, NUMBER, DAYS, MONTHS, LABELS }

    private final Kind kind;
    private final List<String> cells;
    private final double first;
    private final double step;
    private final int decimals;
    private final LocalDate firstDate;
    private final boolean monthOnly;

    private TimeAxis(Kind kind, List<String> cells, double first, double step, int decimals, LocalDate firstDate,
                     boolean monthOnly) {
        this.kind = kind;
        this.cells = List.copyOf(cells);
        this.first = first;
        this.step = step;
        this.decimals = decimals;
        this.firstDate = firstDate;
        this.monthOnly = monthOnly;
    }

    /** No time column: points are numbered 0, 1, 2, … */
    public static TimeAxis index(int size) {
        return new TimeAxis(Kind.INDEX, java.util.Collections.nCopies(size, ""), 0, 1, 0, null, false);
    }

    /**
     * Checks and reads a time column.
     *
     * @param file   the file, for messages
     * @param column the time column's name, for messages
     * @param cells  the column's cells, in file order
     * @param lines  the file line of each cell
     * @throws FileFormatException for a gap or rows out of order, naming the file, line and column
     */
    public static TimeAxis of(Path file, String column, List<String> cells, long[] lines) {
        Objects.requireNonNull(cells, "cells");
        if (cells.size() != lines.length) {
            throw new IllegalArgumentException(cells.size() + " cells but " + lines.length + " lines");
        }
        List<String> stripped = cells.stream().map(String::strip).toList();
        if (stripped.stream().allMatch(c -> NUMBER.matcher(c).matches())) {
            return numbers(file, column, stripped, lines);
        }
        if (stripped.stream().allMatch(c -> c.length() == 7 && isMonth(c))) {
            return months(file, column, stripped, lines, stripped.stream().map(c -> YearMonth.parse(c).atDay(1))
                    .toArray(LocalDate[]::new), true);
        }
        if (stripped.stream().allMatch(c -> c.length() == 10 && isDate(c))) {
            LocalDate[] dates = stripped.stream().map(LocalDate::parse).toArray(LocalDate[]::new);
            boolean sameDay = Arrays.stream(dates).allMatch(d -> d.getDayOfMonth() == dates[0].getDayOfMonth())
                    || Arrays.stream(dates).allMatch(d -> d.getDayOfMonth() == d.lengthOfMonth());
            boolean monthly = sameDay && dates.length > 1
                    && ChronoUnit.MONTHS.between(dates[0].withDayOfMonth(1), dates[1].withDayOfMonth(1)) >= 1;
            return monthly ? months(file, column, stripped, lines, dates, false) : days(file, column, stripped, lines,
                    dates);
        }
        return new TimeAxis(Kind.LABELS, cells, 0, 1, 0, null, false);
    }

    private static boolean isMonth(String c) {
        try {
            YearMonth.parse(c);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isDate(String c) {
        try {
            LocalDate.parse(c);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static TimeAxis numbers(Path file, String column, List<String> cells, long[] lines) {
        double[] t = cells.stream().mapToDouble(Double::parseDouble).toArray();
        int decimals = 0;
        for (String c : cells) {
            int dot = c.indexOf('.');
            if (dot >= 0 && c.indexOf('e') < 0 && c.indexOf('E') < 0) {
                decimals = Math.max(decimals, c.length() - dot - 1);
            }
        }
        if (t.length < 2) {
            return new TimeAxis(Kind.NUMBER, cells, t.length == 0 ? 0 : t[0], 1, decimals, null, false);
        }
        double[] steps = new double[t.length - 1];
        for (int i = 1; i < t.length; i++) {
            steps[i - 1] = t[i] - t[i - 1];
        }
        double typical = median(steps);
        for (int i = 1; i < t.length; i++) {
            checkStep(file, column, cells, lines, i, steps[i - 1], typical, format(typical, decimals));
        }
        double step = (t[t.length - 1] - t[0]) / (t.length - 1);
        long perUnit = Math.round(1 / step);
        if (perUnit > 1 && Math.abs(perUnit * step - 1) < 1e-4) {
            step = 1.0 / perUnit; // R's decimal times of frequency 12 (or 4, 52, ...): written rounded, meant exactly
        }
        return new TimeAxis(Kind.NUMBER, cells, t[0], step, decimals, null, false);
    }

    private static TimeAxis days(Path file, String column, List<String> cells, long[] lines, LocalDate[] dates) {
        double[] steps = new double[Math.max(0, dates.length - 1)];
        for (int i = 1; i < dates.length; i++) {
            steps[i - 1] = ChronoUnit.DAYS.between(dates[i - 1], dates[i]);
        }
        double typical = steps.length == 0 ? 1 : median(steps);
        for (int i = 1; i < dates.length; i++) {
            checkStep(file, column, cells, lines, i, steps[i - 1], typical, (long) typical + " day"
                    + (typical == 1 ? "" : "s"));
        }
        return new TimeAxis(Kind.DAYS, cells, 0, typical, 0, dates.length == 0 ? null : dates[0], false);
    }

    private static TimeAxis months(Path file, String column, List<String> cells, long[] lines, LocalDate[] dates,
                                   boolean monthOnly) {
        double[] steps = new double[Math.max(0, dates.length - 1)];
        for (int i = 1; i < dates.length; i++) {
            steps[i - 1] = ChronoUnit.MONTHS.between(dates[i - 1].withDayOfMonth(1), dates[i].withDayOfMonth(1));
        }
        double typical = steps.length == 0 ? 1 : median(steps);
        for (int i = 1; i < dates.length; i++) {
            checkStep(file, column, cells, lines, i, steps[i - 1], typical, (long) typical + " month"
                    + (typical == 1 ? "" : "s"));
        }
        return new TimeAxis(Kind.MONTHS, cells, 0, typical, 0, dates.length == 0 ? null : dates[0], monthOnly);
    }

    private static void checkStep(Path file, String column, List<String> cells, long[] lines, int i, double step,
                                  double typical, String typicalText) {
        if (typical <= 0) {
            throw new FileFormatException(file, "column '" + column + "': the times do not increase (the typical step"
                    + " is " + typicalText + "); sort the rows by time, oldest first");
        }
        if (Math.abs(step - typical) <= TOLERANCE * typical) {
            return;
        }
        String where = "line " + lines[i] + ", column '" + column + "': the time goes from " + cells.get(i - 1)
                + " (line " + lines[i - 1] + ") to " + cells.get(i) + ", ";
        if (step <= 0) {
            throw new FileFormatException(file, where + (step == 0 ? "the same time twice" : "backwards")
                    + "; sort the rows by time, oldest first, with one row per time");
        }
        double ratio = step / typical;
        long missing = Math.round(ratio) - 1;
        if (missing >= 1 && Math.abs(ratio - Math.round(ratio)) <= TOLERANCE * Math.round(ratio)) {
            throw new FileFormatException(file, where + "a gap of " + missing + " missing point"
                    + (missing == 1 ? "" : "s") + " (the series steps by " + typicalText + "); add the missing rows"
                    + " with filled-in values (e.g. interpolated), or use only the part after the gap");
        }
        throw new FileFormatException(file, where + "a step unlike the others (the series steps by " + typicalText
                + "); a forecaster needs evenly spaced points: resample the series to a regular step");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }

    /** Points on the axis. */
    public int size() {
        return cells.size();
    }

    /** Whether the times were read from a column (numbers, dates or labels) rather than numbered. */
    public boolean hasTimes() {
        return kind != Kind.INDEX;
    }

    /** Whether points past the end get time labels ({@link #label}): numbers and dates do, free labels do not. */
    public boolean canExtend() {
        return kind != Kind.LABELS;
    }

    /**
     * The time of point {@code i} as written, or for a point past the end ({@code i >= size()}) the time the even
     * spacing gives it; numbered points (and free labels past the end) give the index.
     */
    public String label(int i) {
        if (i < cells.size() && kind != Kind.INDEX) {
            return cells.get(i);
        }
        return switch (kind) {
            case INDEX, LABELS -> Integer.toString(i);
            case NUMBER -> format(first + i * step, decimals);
            case DAYS -> firstDate.plusDays((long) (i * step)).toString();
            case MONTHS -> {
                LocalDate d = month(i);
                yield monthOnly ? YearMonth.from(d).toString() : d.toString();
            }
        };
    }

    /** The position of point {@code i} on a chart's x axis: the number, a date as a decimal year, or the index. */
    public double x(int i) {
        return switch (kind) {
            case INDEX, LABELS -> i;
            case NUMBER -> i < cells.size() ? Double.parseDouble(cells.get(i)) : first + i * step;
            case DAYS -> decimalYear(firstDate.plusDays((long) (i * step)));
            case MONTHS -> decimalYear(month(i));
        };
    }

    /** Point {@code i} of a monthly axis: on the first date's day of the month, or on month ends if it is one. */
    private LocalDate month(int i) {
        LocalDate d = firstDate.plusMonths((long) (i * step));
        boolean monthEnd = firstDate.getDayOfMonth() == firstDate.lengthOfMonth() && firstDate.getDayOfMonth() < 31;
        return monthEnd || (firstDate.getDayOfMonth() >= 28 && d.getDayOfMonth() < firstDate.getDayOfMonth())
                ? d.withDayOfMonth(d.lengthOfMonth()) : d;
    }

    private static double decimalYear(LocalDate d) {
        return d.getYear() + (d.getDayOfYear() - 1) / (double) d.lengthOfYear();
    }

    /** The first {@code n} points. */
    public TimeAxis head(int n) {
        return new TimeAxis(kind, cells.subList(0, n), first, step, decimals, firstDate, monthOnly);
    }
}
