package org.rnn4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The rows a scoring command reads: a CSV/TSV file with a header line (.gz allowed), or Parquet. */
final class ScoringInput {
    private ScoringInput() {
    }

    /** {@code input} as given to {@code --input}: a local path or any URL Spark reads (hdfs://, s3a://, …). */
    static Dataset<Row> read(SparkSession session, String input) {
        String name = input.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (name.endsWith(".parquet")) {
            return session.read().parquet(input);
        }
        if (!(name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".tab"))) {
            throw new IllegalArgumentException("--input " + input + ": expected a .csv, .tsv or .parquet input");
        }
        if (!input.contains("://") && !Files.exists(Path.of(input))) {
            throw new IllegalArgumentException("--input " + input + ": no such file");
        }
        return session.read().option("header", "true").option("escape", "\"")
                .option("sep", name.endsWith(".csv") ? "," : "\t").csv(input);
    }
}
