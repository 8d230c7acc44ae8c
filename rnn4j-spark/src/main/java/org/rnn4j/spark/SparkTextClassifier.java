package org.rnn4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.rnn4j.io.Provenance;
import org.rnn4j.text.LabelledTexts;
import org.rnn4j.text.TextClassifier;
import org.rnn4j.text.TextClassifierSpec;
import org.rnn4j.text.TextClassifierTrainer;
import org.rnn4j.text.TextClassifierTraining;

/**
 * Text classifiers for Spark applications: trained from a {@code Dataset<Row>} of texts and labels (the gradients
 * on the cluster, {@link SparkGradients}), and a {@code Dataset<Row>} of texts scored into new columns, as a Spark
 * job that keeps the rows' order.
 */
public final class SparkTextClassifier {
    /** The column of the predicted class. */
    public static final String PREDICTED = "predicted_label";
    /** The column of the predicted class's probability. */
    public static final String PROBABILITY = "probability";

    private SparkTextClassifier() {
    }

    /**
     * The texts and labels of two columns, in the rows' order (line i + 1 is row i), on the driver: the
     * vocabulary and the stratified hold-out are computed there, as on one machine.
     */
    public static LabelledTexts labelledTexts(Dataset<Row> rows, String textColumn, String labelColumn) {
        List<Row> chosen = rows.select(column(rows, textColumn), column(rows, labelColumn)).collectAsList();
        List<LabelledTexts.Example> examples = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            Row row = chosen.get(i);
            if (row.isNullAt(1)) {
                throw new IllegalArgumentException("row " + (i + 1) + ": column '" + labelColumn + "' is empty");
            }
            examples.add(new LabelledTexts.Example(row.isNullAt(0) ? "" : row.get(0).toString(),
                    row.get(1).toString(), i + 1));
        }
        return LabelledTexts.of(examples);
    }

    /** Trains a classifier on the rows' texts and labels, each batch's gradient computed on the rows' cluster. */
    public static TextClassifierTrainer.Result train(Dataset<Row> rows, String textColumn, String labelColumn,
                                                     TextClassifierSpec spec, TextClassifierTraining training) {
        return TextClassifierTrainer.of(spec, training)
                .withPlacement(SparkGradients.on(rows.sparkSession()).classifier())
                .train(labelledTexts(rows, textColumn, labelColumn).requireTwoClasses(labelColumn), null);
    }

    /**
     * The rows with the model's prediction for the text in {@code textColumn} appended: {@value #PREDICTED},
     * {@value #PROBABILITY} and {@code p_<class>} for each class (the numbers of {@code rnn4j classify}). Each
     * partition reads the model once (it is broadcast as a file) and classifies its rows {@code batch} at a time;
     * rows keep their order.
     */
    public static Dataset<Row> classify(Dataset<Row> rows, TextClassifier model, String textColumn, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        int text = rows.schema().fieldIndex(column(rows, textColumn));
        StructType schema = rows.schema().add(PREDICTED, DataTypes.StringType, false)
                .add(PROBABILITY, DataTypes.FloatType, false);
        for (String label : model.labels()) {
            schema = schema.add(new StructField("p_" + label, DataTypes.FloatType, false,
                    Metadata.empty()));
        }
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        Broadcast<byte[]> file = spark.broadcast(ModelBytes.of(f -> model.save(f, Provenance.now(null, null,
                "rnn4j-spark"))));
        return rows.mapPartitions(new ClassifyRows(file, text, batch), Encoders.row(schema));
    }

    private static String column(Dataset<Row> rows, String name) {
        for (String c : rows.columns()) {
            if (c.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("there is no column '" + name + "'; the columns are "
                + String.join(", ", rows.columns()));
    }

    /** A partition's rows, classified batch by batch as they are read. */
    static final class ClassifyRows implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> file;
        private final int text;
        private final int batch;

        ClassifyRows(Broadcast<byte[]> file, int text, int batch) {
            this.file = file;
            this.text = text;
            this.batch = batch;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            TextClassifier model = Workers.borrow(file.id(), () -> ModelBytes.read(file.value(), TextClassifier::load));
            return new ScoredRows(() -> Workers.giveBack(file.id(), model)) {
                @Override
                List<Row> nextBatch() {
                    List<Row> rows = take(input, batch);
                    if (rows.isEmpty()) {
                        return rows;
                    }
                    List<String> texts = rows.stream().map(r -> r.isNullAt(text) ? "" : r.get(text).toString())
                            .toList();
                    List<TextClassifier.Prediction> predictions = model.predict(texts, batch);
                    List<Row> out = new ArrayList<>(rows.size());
                    for (int i = 0; i < rows.size(); i++) {
                        TextClassifier.Prediction p = predictions.get(i);
                        Object[] added = new Object[2 + p.probabilities().length];
                        added[0] = p.label();
                        added[1] = p.probability();
                        for (int k = 0; k < p.probabilities().length; k++) {
                            added[2 + k] = p.probabilities()[k];
                        }
                        out.add(appended(rows.get(i), added));
                    }
                    return out;
                }
            };
        }
    }

    /** "text, label, probability, p_<class>…": the header of {@code rnn4j classify --output}. */
    static List<String> csvHeader(List<String> labels) {
        List<String> header = new ArrayList<>(List.of("text", "label", "probability"));
        labels.forEach(l -> header.add("p_" + l));
        return header;
    }

    /** A scored row as {@code rnn4j classify --output} writes it. */
    static List<String> csvFields(Row row, int text, int first, int classes) {
        List<String> fields = new ArrayList<>();
        fields.add(row.isNullAt(text) ? "" : row.get(text).toString());
        fields.add(row.getString(first));
        for (int k = 0; k <= classes; k++) {
            fields.add(String.format(Locale.ROOT, "%.6f", row.getFloat(first + 1 + k)));
        }
        return fields;
    }
}
