package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * <p>Trained curves are not computed here: training takes minutes ({@code explain gradients --max-minutes}), too
 * long for a request. Sizes are bounded so that a request stays well under a second.
 */
final class GradientPicture {
    static final int MAX_LENGTH = 400;
    static final int MAX_HIDDEN = 128;
    private static final int PROBE_ROWS = 100;

    private GradientPicture() {
    }

    /** {"length", "hidden", "seed", "spectral_radius"} → series[{name, norms[T]}]. */
    static ObjectNode compute(ObjectNode request) {
        int length = (int) Json.integer(request, "length", 100, 2, MAX_LENGTH);
        int hidden = (int) Json.integer(request, "hidden", 32, 1, MAX_HIDDEN);
        long seed = Json.integer(request, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double radius = Json.number(request, "spectral_radius", 2.0);
        if (!(radius > 0) || radius > 10) {
            throw ApiException.badRequest("spectral_radius: must be above 0 and at most 10, got " + radius);
        }
        AddingProblem.Batch probe = new AddingProblem(length).sample(PROBE_ROWS, new SplittableRandom(seed + 7));
        Map<String, double[]> series = new LinkedHashMap<>();
        for (CellType type : new CellType[] {CellType.RNN_TANH, CellType.LSTM, CellType.GRU}) {
            ExperimentOptions options = ExperimentOptions.defaults().withCell(type).withLength(length)
                    .withHidden(hidden).withSeed(seed);
            series.put(type.id() + " untrained", GradientNorms.perStep(AddingExperiment.newModel(options),
                    probe.inputs(), probe.targets()));
        }
        ManyToOne rnn = new ManyToOne(RecurrentConfig.of(CellType.RNN_RELU, 2, hidden), 1, new SplittableRandom(seed));
        GradientNorms.setSpectralRadius(rnn.parameters().get(1), radius); // weight_hh_l0
        series.put("rnn_relu radius " + radius, GradientNorms.perStep(rnn, probe.inputs(), probe.targets()));

        ObjectNode node = Json.MAPPER.createObjectNode().put("length", length).put("hidden", hidden)
                .put("seed", seed).put("spectral_radius", radius).put("trained", false);
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
