package org.rnn4j.spark;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * The models a worker JVM has built, by the broadcast that sent their file, so that a model is read once per task
 * thread rather than once per step. A task borrows one for its duration: tasks running side by side in one JVM
 * never share a model (its gradients are written in place). Only the weights are taken from a model's last use;
 * everything else a task needs comes with the task, so a retried or speculative task computes what the first did.
 */
final class Workers {
    private static final Map<Long, Deque<Object>> IDLE = new ConcurrentHashMap<>();

    private Workers() {
    }

    @SuppressWarnings("unchecked")
    static <T> T borrow(long broadcastId, Supplier<T> build) {
        IDLE.keySet().removeIf(id -> id < broadcastId - 1_000); // a finished run's models, long unused
        Object idle = IDLE.computeIfAbsent(broadcastId, id -> new ConcurrentLinkedDeque<>()).pollFirst();
        return idle != null ? (T) idle : build.get();
    }

    static void giveBack(long broadcastId, Object model) {
        IDLE.computeIfAbsent(broadcastId, id -> new ConcurrentLinkedDeque<>()).addFirst(model);
    }
}
