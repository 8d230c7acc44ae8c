package org.rnn4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.rnn4j.tensor.Tensor;

/**
 * The one finite-difference check of an analytic gradient, so that every backward pass is verified the same way:
 * central differences over the actual float32 step, every perturbed element restored exactly, optional skipping of
 * kinks, and a guard against checks that end up comparing (almost) nothing.
 *
 * <pre>{@code
 * GradientCheck.of(() -> loss(model)).step(1e-2f).tolerance(2e-2).sampled(6, rng).skipKinks(0.005)
 *         .check(p.name(), p.value(), p.grad());
 * }</pre>
 *
 * Each setting returns a new check; the defaults are a step of 1e-3, every coordinate, tolerance 1e-6 + 1e-3·|numeric|
 * and no kink skipping.
 */
public final class GradientCheck {
    /** One tensor whose gradient is checked: the values perturbed in place and the analytic gradient. */
    public record Target(String name, Tensor value, Tensor analytic) {
    }

    private final ToDoubleFunction<Tensor> loss;
    private final float step;
    private final DoubleUnaryOperator allowed;
    private final Function<Tensor, int[]> coordinates;
    private final double kinkThreshold;

    private GradientCheck(ToDoubleFunction<Tensor> loss, float step, DoubleUnaryOperator allowed,
                          Function<Tensor, int[]> coordinates, double kinkThreshold) {
        this.loss = loss;
        this.step = step;
        this.allowed = allowed;
        this.coordinates = coordinates;
        this.kinkThreshold = kinkThreshold;
    }

    /** A loss that reads the perturbed tensors itself (a model's parameters, captured inputs). */
    public static GradientCheck of(DoubleSupplier loss) {
        return of(t -> loss.getAsDouble());
    }

    /** A loss of the tensor being perturbed. */
    public static GradientCheck of(ToDoubleFunction<Tensor> loss) {
        return new GradientCheck(loss, 1e-3f, n -> 1e-6 + 1e-3 * Math.abs(n), GradientCheck::every, 0);
    }

    public static Target target(String name, Tensor value, Tensor analytic) {
        return new Target(name, value, analytic);
    }

    /** The nominal step h; the step actually taken is the difference of the two float32 values. */
    public GradientCheck step(float h) {
        return new GradientCheck(loss, h, allowed, coordinates, kinkThreshold);
    }

    /** |analytic − numeric| ≤ abs + rel·|numeric|. */
    public GradientCheck tolerance(double abs, double rel) {
        return new GradientCheck(loss, step, n -> abs + rel * Math.abs(n), coordinates, kinkThreshold);
    }

    /** |analytic − numeric| ≤ t·max(1, |numeric|): absolute for small gradients, relative for large ones. */
    public GradientCheck tolerance(double t) {
        return new GradientCheck(loss, step, n -> t * Math.max(1, Math.abs(n)), coordinates, kinkThreshold);
    }

    public GradientCheck everyCoordinate() {
        return new GradientCheck(loss, step, allowed, GradientCheck::every, kinkThreshold);
    }

    /**
     * {@code n} flat indices per tensor drawn with {@code rng.nextInt(size)}, repeats allowed: reproducible for a seed,
     * and a generator shared across checks keeps drawing where the last check stopped.
     */
    public GradientCheck sampled(int n, RandomGenerator rng) {
        return new GradientCheck(loss, step, allowed,
                t -> IntStream.range(0, n).map(k -> rng.nextInt(t.size())).toArray(), kinkThreshold);
    }

    /** The flat indices that {@code where} accepts, e.g. away from a function's known kinks. */
    public GradientCheck where(IntPredicate where) {
        return new GradientCheck(loss, step, allowed, t -> IntStream.range(0, t.size()).filter(where).toArray(),
                kinkThreshold);
    }

    /**
     * Skips coordinates where a kink (a relu switching) lies inside the step: the one-sided differences disagree by
     * more than {@code threshold·max(1, |numeric|)}, far beyond what smooth curvature gives. Costs one evaluation of
     * the loss at the unperturbed point per tensor.
     */
    public GradientCheck skipKinks(double threshold) {
        return new GradientCheck(loss, step, allowed, coordinates, threshold);
    }

    /** Checks one tensor; returns how many coordinates were compared. */
    public int check(String name, Tensor value, Tensor analytic) {
        return check(List.of(target(name, value, analytic)));
    }

    /**
     * Checks each tensor at its coordinates; returns how many were compared. Fails at the first coordinate out of
     * tolerance, and when no more than half of the requested coordinates (all tensors together) were compared because
     * kinks were skipped, or none were.
     */
    public int check(List<Target> targets) {
        int requested = 0;
        int checked = 0;
        for (Target target : targets) {
            Tensor value = target.value();
            assertThat(target.analytic().shape()).as("shape of d%s", target.name()).containsExactly(value.shape());
            double center = kinkThreshold > 0 ? loss.applyAsDouble(value) : Double.NaN;
            for (int i : coordinates.apply(value)) {
                requested++;
                if (compare(target, i, center)) {
                    checked++;
                }
            }
        }
        assertThat(checked).as("coordinates checked of %d requested (the rest straddled kinks)", requested)
                .isPositive()
                .isGreaterThan(requested / 2);
        return checked;
    }

    /** Compares one coordinate; false if it was skipped as a kink. */
    private boolean compare(Target target, int i, double center) {
        Tensor value = target.value();
        float original = value.get(i);
        float plus = original + step;
        float minus = original - step;
        double up;
        double down;
        try {
            value.set(i, plus);
            up = loss.applyAsDouble(value);
            value.set(i, minus);
            down = loss.applyAsDouble(value);
        } finally {
            value.set(i, original);
        }
        // numeric = (L(x + h) − L(x − h)) / (x₊ − x₋), with x± the float32 values actually set: not 2h
        double numeric = (up - down) / ((double) plus - minus);
        if (kinkThreshold > 0) {
            double right = (up - center) / ((double) plus - original);
            double left = (center - down) / ((double) original - minus);
            if (Math.abs(right - left) > kinkThreshold * Math.max(1, Math.abs(numeric))) {
                return false; // a difference across the kink measures nothing
            }
        }
        double analytic = target.analytic().get(i);
        assertThat(analytic)
                .as("d%s at flat index %d: analytic %.6g, numeric %.6g", target.name(), i, analytic, numeric)
                .isCloseTo(numeric, Offset.offset(allowed.applyAsDouble(numeric)));
        return true;
    }

    private static int[] every(Tensor t) {
        return IntStream.range(0, t.size()).toArray();
    }
}
