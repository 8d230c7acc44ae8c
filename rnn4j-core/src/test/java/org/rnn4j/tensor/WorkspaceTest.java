package org.rnn4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkspaceTest {

    @AfterEach
    void emptyThePool() {
        Workspace.clear();
    }

    /** The memory a tensor is stored in: a lent tensor is a view of the first floats of a pooled buffer. */
    private static Object storage(Tensor t) {
        return t.pooledBacking() != null ? t.pooledBacking().buffer() : t.buffer();
    }

    @Test
    void tensorsMadeInsideAScopeServeTheNextScopeZeroed() {
        Tensor first;
        try (Workspace.Scope scope = Workspace.scope()) {
            first = Tensor.zeros(3, 4);
            first.fill(7f);
        }
        try (Workspace.Scope scope = Workspace.scope()) {
            Tensor second = Tensor.zeros(4, 3);
            assertThat(storage(second)).isSameAs(storage(first));
            assertThat(second.shape()).containsExactly(4, 3);
            assertThat(second.toArray()).containsOnly(0f);
        }
    }

    @Test
    void outsideAScopeEveryTensorIsFresh() {
        try (Workspace.Scope scope = Workspace.scope()) {
            Tensor.zeros(5);
        }
        assertThat(storage(Tensor.zeros(5))).isNotSameAs(storage(Tensor.zeros(5)));
    }

    @Test
    void whatIsMadeInPersistentOutlivesTheScope() {
        Tensor kept;
        try (Workspace.Scope scope = Workspace.scope()) {
            kept = Workspace.persistent(() -> Tensor.full(2f, 6));
            Tensor.zeros(6); // a scoped one of the same size, recycled at close
        }
        try (Workspace.Scope scope = Workspace.scope()) {
            Tensor reused = Tensor.zeros(6);
            reused.fill(9f);
            assertThat(storage(reused)).isNotSameAs(storage(kept));
        }
        assertThat(kept.toArray()).containsOnly(2f);
    }

    @Test
    void anInnerScopeGivesBackOnlyItsOwnTensors() {
        try (Workspace.Scope outer = Workspace.scope()) {
            Tensor fromOuter = Tensor.full(1f, 8);
            try (Workspace.Scope inner = Workspace.scope()) {
                Tensor.zeros(8);
            }
            Tensor again = Tensor.zeros(8); // the inner scope's buffer, not the outer's live one
            assertThat(storage(again)).isNotSameAs(storage(fromOuter));
            assertThat(fromOuter.toArray()).containsOnly(1f);
        }
    }

    @Test
    void aBufferGivenBackTwiceIsPooledOnce() {
        Tensor t = Workspace.take(10);
        Workspace.give(t, t.reshape(2, 5));
        Tensor a = Workspace.take(10);
        Tensor b = Workspace.take(10);
        assertThat(storage(a)).isSameAs(storage(t));
        assertThat(storage(b)).isNotSameAs(storage(a));
    }

    @Test
    void aScopedTensorGivenBackExplicitlyIsNotGivenAgainAtClose() {
        Tensor taken;
        try (Workspace.Scope scope = Workspace.scope()) {
            Tensor scoped = Tensor.zeros(12);
            Workspace.give(scoped);
            taken = Workspace.take(12); // its owner now, until it gives it back
            assertThat(storage(taken)).isSameAs(storage(scoped));
        }
        assertThat(storage(Workspace.take(12))).isNotSameAs(storage(taken));
    }

    @Test
    void scopesCloseInnermostFirst() {
        Workspace.Scope outer = Workspace.scope();
        Workspace.Scope inner = Workspace.scope();
        assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("innermost first");
        inner.close();
        outer.close();
        assertThat(storage(Tensor.zeros(3))).isNotSameAs(storage(Tensor.zeros(3)));
    }

    @Test
    void thePoolKeepsNoMoreThanItsCap() {
        assertThat(Workspace.maxPooledBytes()).isEqualTo(Math.min(1024L << 20, DirectMemory.limit() / 4));
        int floats = (int) (Workspace.maxPooledBytes() / 4 / 3) + 1; // three of these do not fit
        Tensor a = Workspace.take(floats);
        Tensor b = Workspace.take(floats);
        Tensor c = Workspace.take(floats);
        Workspace.give(a, b, c);
        long classBytes = 4 * Workspace.sizeClass(floats);
        assertThat(Workspace.pooledBytes()).isEqualTo(classBytes * (Workspace.maxPooledBytes() / classBytes));
    }

    @Test
    void sizeClassesAreFourPerPowerOfTwo() {
        assertThat(Workspace.sizeClass(3)).isEqualTo(3);
        assertThat(Workspace.sizeClass(8)).isEqualTo(8);
        assertThat(Workspace.sizeClass(9)).isEqualTo(10);
        assertThat(Workspace.sizeClass(1000)).isEqualTo(1024);
        assertThat(Workspace.sizeClass(1025)).isEqualTo(1280);
        assertThat(Workspace.sizeClass(1300)).isEqualTo(1536);
        assertThat(Workspace.sizeClass(1537)).isEqualTo(1792);
        assertThat(Workspace.sizeClass(1793)).isEqualTo(2048);
        for (long n = 1; n < 100_000; n += 37) {
            assertThat(Workspace.sizeClass(n)).isBetween(n, n + n / 4);
        }
    }

    @Test
    void tensorsOfNearbySizesShareOneBufferOfTheirClass() {
        Tensor shorter;
        try (Workspace.Scope scope = Workspace.scope()) {
            shorter = Tensor.full(5f, 32, 37, 8); // a batch of 37 steps
        }
        try (Workspace.Scope scope = Workspace.scope()) {
            Tensor longer = Tensor.zeros(32, 39, 8); // the next batch, 39 steps: the same class (10240)
            assertThat(storage(longer)).isSameAs(storage(shorter));
            assertThat(longer.toArray()).containsOnly(0f);
            assertThat(longer.buffer().capacity()).isEqualTo(32 * 39 * 8);
        }
    }

    @Test
    void aTensorThePoolDidNotLendIsNotPooled() {
        Tensor own = Tensor.zeros(16);
        Workspace.give(own, own.slice(0, 8));
        assertThat(Workspace.pooledBytes()).isZero();
    }

    @Test
    void withThePoisonSwitchAUseAfterReleaseReadsNaN() {
        boolean was = Workspace.poisonsReleasedBuffers();
        Workspace.poisonReleasedBuffers(true);
        try {
            Tensor kept;
            try (Workspace.Scope scope = Workspace.scope()) {
                kept = Tensor.full(3f, 4); // as an objective that keeps a step's tensor in a field
            }
            assertThat(kept.hasNonFinite()).isTrue();
            assertThat(Tensor.full(1f, 4).addInPlace(kept).get(0)).isNaN(); // whatever reads it turns NaN

            Tensor given = Workspace.take(5).fill(1f);
            Workspace.give(given);
            assertThat(given.toArray()).containsOnly(Float.NaN);

            try (Workspace.Scope scope = Workspace.scope()) {
                Tensor recycled = Tensor.zeros(2, 2); // the poisoned buffer, handed out again
                assertThat(storage(recycled)).isSameAs(storage(kept));
                assertThat(recycled.toArray()).containsOnly(0f);
            }
        } finally {
            Workspace.poisonReleasedBuffers(was);
        }
    }

    @Test
    void withoutThePoisonSwitchAReleasedTensorSilentlyKeepsStaleData() {
        boolean was = Workspace.poisonsReleasedBuffers();
        Workspace.poisonReleasedBuffers(false);
        try {
            Tensor kept;
            try (Workspace.Scope scope = Workspace.scope()) {
                kept = Tensor.full(3f, 4);
            }
            assertThat(kept.toArray()).containsOnly(3f); // the danger the switch exists for
        } finally {
            Workspace.poisonReleasedBuffers(was);
        }
    }
}
