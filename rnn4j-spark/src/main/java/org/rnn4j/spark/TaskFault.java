package org.rnn4j.spark;

import java.io.Serializable;

/**
 * A failure injected into a gradient task, for tests of Spark's retries: called at the start of each task with its
 * step, shard and attempt (0 for the first).
 */
@FunctionalInterface
public interface TaskFault extends Serializable {
    TaskFault NONE = (step, shard, attempt) -> { };

    void before(long step, int shard, int attempt);
}
