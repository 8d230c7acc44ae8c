package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.diagnostics.GradientNorms;
import org.rnn4j.models.ManyToOne;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.tasks.AddingExperiment;
import org.rnn4j.tasks.AddingProblem;
import org.rnn4j.tasks.ExperimentOptions;

/**
 * The web app's Gradients chart: ‖dLoss/dh_t‖ for every step t of the adding problem, for an untrained tanh RNN,
 * LSTM and GRU, and the exploding case (a relu RNN whose recurrent weights have spectral radius above 1). The same
 * models, probe batch and numbers as {@code rnn4j explain gradients} with the same --length, --hidden, --seed and
 * --spectral-radius (its gradients.csv).
 *
 * <p>With {@code train_seconds}, each of the three is also trained that long on the adding problem (as
 * {@code explain gradients --max-minutes} does, a few seconds instead of minutes) and measured again: the "after"
 * curves. Without it, sizes are bounded so that a request stays well under a second; with it, it takes three times
 * {@code train_seconds}, at most {@value #MAX_TRAIN_SECONDS} s each, on one model thread.
 */
final class GradientPicture {
    static final int MAX_LENGTH = 400;
    static final int MAX_HIDDEN = 128;
    static final int MAX_TRAIN_SECONDS = 20;
    private static final int PROBE_ROWS = 100;

    private GradientPicture() {
    }

    /** {"length", "hidden", "seed", "spectral_radius", "train_seconds"} → series[{name, norms[T]}]. */
    static ObjectNode compute(ObjectNode request) {
        int length = (int) Json.integer(request, "length", 100, 2, MAX_LENGTH);
        int hidden = (int) Json.integer(request, "hidden", 32, 1, MAX_HIDDEN);
        long seed = Json.integer(request, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double radius = Json.number(request, "spectral_radius", 2.0);
        if (!(radius > 0) || radius > 10) {
            throw ApiException.badRequest("spectral_radius: must be above 0 and at most 10, got " + radius);
        }
        int trainSeconds = (int) Json.integer(request, "train_seconds", 0, 0, MAX_TRAIN_SECONDS);
        AddingProblem.Batch probe = new AddingProblem(length).sample(PROBE_ROWS, new SplittableRandom(seed + 7));
        Map<String, double[]> series = new LinkedHashMap<>();
        for (CellType type : new CellType[] {CellType.RNN_TANH, CellType.LSTM, CellType.GRU}) {
            ExperimentOptions options = ExperimentOptions.defaults().withCell(type).withLength(length)
                    .withHidden(hidden).withSeed(seed).withMaxSteps(Integer.MAX_VALUE)
                    .withMaxMinutes(Math.max(trainSeconds, 1) / 60.0).withEvalEvery(500).withTestSize(500);
            ManyToOne model = AddingExperiment.newModel(options);
            series.put(type.id() + " untrained", GradientNorms.perStep(model, probe.inputs(), probe.targets()));
            if (trainSeconds > 0) {
                double mse = AddingExperiment.train(model, options, new PrintWriter(Writer.nullWriter()))
                        .testLoss();
                series.put(String.format(java.util.Locale.ROOT, "%s trained %d s (MSE %.3f)", type.id(),
                        trainSeconds, mse), GradientNorms.perStep(model, probe.inputs(), probe.targets()));
            }
        }
        ManyToOne rnn = new ManyToOne(RecurrentConfig.of(CellType.RNN_RELU, 2, hidden), 1, new SplittableRandom(seed));
        GradientNorms.setSpectralRadius(rnn.parameters().get(1), radius); // weight_hh_l0
        series.put("rnn_relu radius " + radius, GradientNorms.perStep(rnn, probe.inputs(), probe.targets()));

        ObjectNode node = Json.MAPPER.createObjectNode().put("length", length).put("hidden", hidden)
                .put("seed", seed).put("spectral_radius", radius).put("trained", trainSeconds > 0)
                .put("train_seconds", trainSeconds);
        ArrayNode list = node.putArray("series");
        series.forEach((name, norms) -> {
            ArrayNode values = list.addObject().put("name", name).putArray("norms");
            for (double v : norms) {
                values.add(v);
            }
        });
        return node;
    }
}
