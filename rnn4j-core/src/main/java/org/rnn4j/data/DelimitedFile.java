package org.rnn4j.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rnn4j.io.FileFormatException;
import org.rnn4j.io.TextFiles;

/**
 * A table in a CSV or TSV file, read whole: columns looked up by name, each row's fields as strings, with the line
 * it starts on so that a bad value can be reported where an editor shows it.
 *
 * <p>The two formats, parsed by Jackson's CSV parser:
 * <ul>
 *   <li>CSV (RFC 4180): comma-separated; a field in double quotes may hold commas, line breaks and doubled quotes
 *       ({@code "He said ""hi"""}).</li>
 *   <li>TSV ("linear" TSV, as written by PostgreSQL's {@code COPY}, jq's {@code @tsv} and most databases):
 *       tab-separated, no quoting, so a field may start with a quote mark; a tab, line break or backslash inside a
 *       field is written {@code \t}, {@code \n}, {@code \r}, {@code \\} and read back as that character.</li>
 * </ul>
 * A name ending in {@code .tsv} or {@code .tab} is TSV, {@code .csv} is CSV, and any other is TSV if its first line
 * has a tab, else CSV. A name ending in {@code .gz} is gunzipped first, and the extension before it counts. The
 * text must be UTF-8 (see {@link TextFiles#read}; a byte order mark is dropped). Empty lines are skipped; fields
 * are kept exactly as written (no trimming).
 *
 * <p>The first line is the header of column names ({@link #read(Path)}), unless the caller names the columns of a
 * file that has none ({@link #read(Path, List)}). Every row must have as many fields as there are columns; the
 * error names the line, where the usual cause is a field with an unquoted comma.
 */
public final class DelimitedFile {
    private static final CsvFactory CSV = CsvFactory.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
    private static final int NAMES_SHOWN = 30;

    /**
     * One data row.
     *
     * @param line   the line of the file it starts on, counted from 1 (the header is usually line 1)
     * @param values its fields, one per column
     */
    public record Row(long line, List<String> values) {
        public Row {
            values = List.copyOf(values);
        }

        /** The field in column {@code column} (see {@link DelimitedFile#column}). */
        public String get(int column) {
            return values.get(column);
        }
    }

    private final Path file;
    private final char separator;
    private final List<String> header;
    private final List<Row> rows;
    private final Map<String, Integer> columns;

    private DelimitedFile(Path file, char separator, List<String> header, List<Row> rows) {
        this.file = file;
        this.separator = separator;
        this.header = List.copyOf(header);
        this.rows = List.copyOf(rows);
        this.columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            Integer earlier = columns.putIfAbsent(name, i);
            if (earlier != null && !name.isEmpty()) {
                throw new FileFormatException(file, "columns " + (earlier + 1) + " and " + (i + 1)
                        + " of the header are both named '" + name + "'; rename one so that each can be found by name");
            }
        }
    }

    /**
     * One line of a comma-separated file as RFC 4180 writes it, and as this class reads it back: a field with a comma,
     * quote or line break is quoted, its quotes doubled; the line ends in a line feed.
     */
    public static String csvLine(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0;
            line.append(i == 0 ? "" : ",").append(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return line.append('\n').toString();
    }

    /**
     * Reads a file whose first line holds the column names.
     *
     * @throws FileFormatException for text that is not UTF-8, an empty file, a row whose field count differs from
     *     the header's, repeated column names, or an unclosed quote; the message names the file and the line
     * @throws UncheckedIOException when the file cannot be read
     */
    public static DelimitedFile read(Path file) {
        Objects.requireNonNull(file, "file");
        String text = TextFiles.read(file);
        return parse(file, text, separatorFor(file, text), null);
    }

    /**
     * Reads a file that has no header line: every line is data, and {@code columns} are its column names (for
     * example {@code List.of("label", "text")}).
     */
    public static DelimitedFile read(Path file, List<String> columns) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(columns, "columns");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("reading " + file + " without a header needs at least one column name");
        }
        String text = TextFiles.read(file);
        return parse(file, text, separatorFor(file, text), List.copyOf(columns));
    }

    private static char separatorFor(Path file, String text) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return '\t';
        }
        if (name.endsWith(".csv")) {
            return ',';
        }
        int end = text.indexOf('\n');
        String headerLine = end < 0 ? text : text.substring(0, end);
        return headerLine.indexOf('\t') >= 0 ? '\t' : ',';
    }

    private static DelimitedFile parse(Path file, String text, char separator, List<String> columns) {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        schema = separator == '\t' ? schema.withoutQuoteChar().withEscapeChar('\\') : schema;
        List<String> header = columns;
        long headerLine = 0;
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        long line = 1;
        try (CsvParser parser = CSV.createParser(text)) {
            parser.setSchema(schema);
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_ARRAY) { // a row: the schema has no column names
                    fields = new ArrayList<>();
                    line = parser.currentLocation().getLineNr();
                } else if (token == JsonToken.VALUE_STRING) {
                    fields.add(parser.getText());
                } else if (token == JsonToken.END_ARRAY) {
                    if (header == null) {
                        header = fields;
                        headerLine = line;
                    } else {
                        checkFieldCount(file, header, headerLine, fields, line, separator);
                        rows.add(new Row(line, fields));
                    }
                }
            }
        } catch (JacksonException e) {
            throw new FileFormatException(file, "the row starting on line " + line + ": " + e.getOriginalMessage()
                    + "; a field that starts with a double quote must end with one (write a quote inside it as \"\")",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not parse " + file + ": " + e.getMessage(), e);
        }
        if (header == null) {
            throw new FileFormatException(file, "has no header line (only empty lines); expected column names on the"
                    + " first line");
        }
        return new DelimitedFile(file, separator, header, rows);
    }

    private static void checkFieldCount(Path file, List<String> header, long headerLine, List<String> fields,
            long line, char separator) {
        if (fields.size() != header.size()) {
            throw new FileFormatException(file, "line " + line + " has " + fields.size() + " field"
                    + (fields.size() == 1 ? "" : "s") + ", but " + (headerLine > 0 ? "the header (line " + headerLine
                    + ") has " : "there are ") + header.size() + " columns: " + names(header) + "; "
                    + (separator == '\t' ? "a tab inside a field must be written as \\t"
                            : header.size() == 1 && header.get(0).indexOf('\t') >= 0
                                    ? "the header has tabs, so the file looks tab-separated: name it .tsv"
                                    : "a field that contains a comma must be in double quotes"));
        }
    }

    private static String names(List<String> header) {
        List<String> shown = header.size() <= NAMES_SHOWN ? header : header.subList(0, NAMES_SHOWN);
        return String.join(", ", shown) + (header.size() > NAMES_SHOWN ? " and " + (header.size() - NAMES_SHOWN)
                + " more" : "");
    }

    public Path file() {
        return file;
    }

    /** The field separator: {@code ','} for CSV, {@code '\t'} for TSV. */
    public char separator() {
        return separator;
    }

    /** The column names, as the header row spells them (or as given for a file without one). */
    public List<String> header() {
        return header;
    }

    /** The data rows, header excluded, in file order. */
    public List<Row> rows() {
        return rows;
    }

    public boolean hasColumn(String name) {
        return columns.containsKey(name);
    }

    /**
     * The index of the column with this exact name.
     *
     * @throws IllegalArgumentException naming the file and listing the columns it has
     */
    public int column(String name) {
        Objects.requireNonNull(name, "name");
        Integer index = columns.get(name);
        if (index != null) {
            return index;
        }
        String suggestion = "";
        for (String candidate : header) {
            if (candidate.trim().equalsIgnoreCase(name.trim())) {
                suggestion = " (did you mean '" + candidate + "'?)";
                break;
            }
        }
        throw new IllegalArgumentException(file + ": no column '" + name + "'" + suggestion + "; its columns are: "
                + names(header));
    }

    /** Every row's field in the named column, in file order. */
    public List<String> values(String name) {
        int index = column(name);
        return rows.stream().map(r -> r.get(index)).toList();
    }

    @Override
    public String toString() {
        return "DelimitedFile(" + file + ", " + header.size() + " columns, " + rows.size() + " rows)";
    }
}
