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

    @Test
    void tensorsMadeInsideAScopeServeTheNextScopeZeroed() {
        Tensor first;
        try (Workspace.Scope scope = Workspace.scope()) {
            first = Tensor.zeros(3, 4);
            first.fill(7f);
        }
        try (Workspace.Scope scope = Workspace.scope()) {
            Tensor second = Tensor.zeros(4, 3);
            assertThat(second.buffer()).isSameAs(first.buffer());
            assertThat(second.shape()).containsExactly(4, 3);
            assertThat(second.toArray()).containsOnly(0f);
        }
    }

    @Test
    void outsideAScopeEveryTensorIsFresh() {
        try (Workspace.Scope scope = Workspace.scope()) {
            Tensor.zeros(5);
        }
        assertThat(Tensor.zeros(5).buffer()).isNotSameAs(Tensor.zeros(5).buffer());
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
            assertThat(reused.buffer()).isNotSameAs(kept.buffer());
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
            assertThat(again.buffer()).isNotSameAs(fromOuter.buffer());
            assertThat(fromOuter.toArray()).containsOnly(1f);
        }
    }

    @Test
    void aBufferGivenBackTwiceIsPooledOnce() {
        Tensor t = Workspace.take(10);
        Workspace.give(t, t.reshape(2, 5));
        Tensor a = Workspace.take(10);
        Tensor b = Workspace.take(10);
        assertThat(a.buffer()).isSameAs(t.buffer());
        assertThat(b.buffer()).isNotSameAs(a.buffer());
    }

    @Test
    void aScopedTensorGivenBackExplicitlyIsNotGivenAgainAtClose() {
        Tensor taken;
        try (Workspace.Scope scope = Workspace.scope()) {
            Tensor scoped = Tensor.zeros(12);
            Workspace.give(scoped);
            taken = Workspace.take(12); // its owner now, until it gives it back
            assertThat(taken.buffer()).isSameAs(scoped.buffer());
        }
        assertThat(Workspace.take(12).buffer()).isNotSameAs(taken.buffer());
    }

    @Test
    void scopesCloseInnermostFirst() {
        Workspace.Scope outer = Workspace.scope();
        Workspace.Scope inner = Workspace.scope();
        assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("innermost first");
        inner.close();
        outer.close();
        assertThat(Tensor.zeros(3).buffer()).isNotSameAs(Tensor.zeros(3).buffer());
    }

    @Test
    void thePoolKeepsNoMoreThanItsCap() {
        assertThat(Workspace.maxPooledBytes()).isEqualTo(1024L << 20);
        int floats = (int) (Workspace.maxPooledBytes() / 4 / 3) + 1; // three of these do not fit
        Tensor a = Workspace.take(floats);
        Tensor b = Workspace.take(floats);
        Tensor c = Workspace.take(floats);
        Workspace.give(a, b, c);
        assertThat(Workspace.pooledBytes()).isEqualTo(2L * 4 * floats);
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
                assertThat(recycled.buffer()).isSameAs(kept.buffer());
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
