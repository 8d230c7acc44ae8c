package org.rnn4j.models;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.nn.Parameter;
import org.rnn4j.nn.recurrent.CellType;
import org.rnn4j.nn.recurrent.RecurrentConfig;
import org.rnn4j.tensor.SequenceMask;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.GradientCheck;
import org.rnn4j.testing.Tensors;

/** The heads' backward passes join the recurrent one correctly: whole-model finite differences. */
class ModelGradientTest {
    private static final float STEP = 1e-2f;

    /** Three sampled coordinates of every parameter, drawn from one generator across the parameters. */
    private static void checkAgainstFiniteDifferences(List<Parameter> parameters, DoubleSupplier loss) {
        GradientCheck check = GradientCheck.of(loss).step(STEP).tolerance(2e-2).sampled(3, new SplittableRandom(5));
        for (Parameter p : parameters) {
            check.check(p.name(), p.value(), p.grad());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void manyToOneBackpropagatesThroughTheHeadIntoTheLastValidStep(boolean bidirectional) {
        SplittableRandom rng = new SplittableRandom(1);
        ManyToOne model = new ManyToOne(new RecurrentConfig(CellType.LSTM, 3, 4, 2, bidirectional, 0f), 2,
                new SplittableRandom(2));
        Tensor x = Tensors.uniform(rng, -1, 1, 3, 5, 3);
        SequenceMask mask = SequenceMask.fromLengths(new int[] {5, 3, 1}, 5);
        Tensor probe = Tensors.uniform(rng, -1, 1, 3, 2);
        ManyToOne.Trace trace = model.forward(x, mask, null);
        model.backward(trace, probe);
        checkAgainstFiniteDifferences(model.parameters(), () -> Tensors.dot(model.predict(x, mask), probe));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void manyToManyBackpropagatesEveryStepsOutput(boolean bidirectional) {
        SplittableRandom rng = new SplittableRandom(3);
        ManyToMany model = new ManyToMany(new RecurrentConfig(CellType.GRU, 3, 4, 1, bidirectional, 0f), 5,
                new SplittableRandom(4));
        Tensor x = Tensors.uniform(rng, -1, 1, 2, 4, 3);
        Tensor probe = Tensors.uniform(rng, -1, 1, 2, 4, 5);
        ManyToMany.Trace trace = model.forward(x, null, null, null);
        model.backward(trace, probe);
        checkAgainstFiniteDifferences(model.parameters(),
                () -> Tensors.dot(model.forward(x, null, null, null).output(), probe));
    }
}
