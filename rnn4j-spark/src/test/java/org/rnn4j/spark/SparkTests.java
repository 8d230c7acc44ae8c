package org.rnn4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM (Spark allows one per JVM): two local cores, each task tried up to three
 * times (local[2,3]), no UI, bound to the loopback address.
 */
final class SparkTests {
    private static SparkSession session;

    private SparkTests() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().appName("rnn4j-spark tests").master("local[2,3]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }
}
