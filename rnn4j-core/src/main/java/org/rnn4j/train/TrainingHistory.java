package org.rnn4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps the curves in memory, for a chart at the end: the training loss of every step and every validation. */
public final class TrainingHistory implements TrainingListener {
    /** One point of a curve. */
    public record Point(long step, double value) {
    }

    private final List<Point> training = new ArrayList<>();
    private final List<Point> validation = new ArrayList<>();

    @Override
    public void onStep(StepReport r) {
        training.add(new Point(r.step(), r.loss()));
    }

    @Override
    public void onValidation(ValidationReport r) {
        validation.add(new Point(r.step(), r.score().loss()));
    }

    public List<Point> training() {
        return Collections.unmodifiableList(training);
    }

    public List<Point> validation() {
        return Collections.unmodifiableList(validation);
    }
}
