package org.rnn4j.spark;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.rnn4j.data.DelimitedFile;
import org.rnn4j.io.AtomicFiles;

/** A scored data set written by the driver into one CSV file, in the rows' order. */
final class CsvOutput {
    private CsvOutput() {
    }

    /**
     * Scores all partitions in parallel (kept by the workers, spilling to disk), then streams them to the driver
     * one partition at a time (never all at once) into {@code file}, atomically: toLocalIterator alone would
     * score the partitions one after another.
     *
     * @param fields a row's fields, run on the driver
     * @return the rows written
     */
    static long write(Dataset<Row> scored, Path file, List<String> header, Function<Row, List<String>> fields) {
        Dataset<Row> ready = scored.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            ready.count();
            long[] count = {0};
            AtomicFiles.write(file, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                w.write(DelimitedFile.csvLine(header));
                Iterator<Row> it = ready.toLocalIterator();
                while (it.hasNext()) {
                    w.write(DelimitedFile.csvLine(fields.apply(it.next())));
                    count[0]++;
                }
                w.flush();
            });
            return count[0];
        } finally {
            ready.unpersist();
        }
    }
}
