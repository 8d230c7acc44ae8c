package org.rnn4j.bench.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * ONNX Runtime Java twin of {@code rnn4j bench} (infer and stream modes) for a model written by
 * {@code tools/bench/export_onnx.py}: the same work per iteration and the same last line, so that
 * {@code tools/bench/compare.sh} reads all three programs alike.
 *
 * <p>Infer: one run of the whole (B, T, F) sequence. Stream: the one-step model of batch 1, called {@code steps}
 * times per timed block with the state fed back (two sets of state tensors used in turn, the new state written
 * straight into them as pinned outputs, all on direct buffers, so no copies between calls).
 *
 * <p>Session: intra-op threads = --threads, inter-op threads 1, sequential execution, graph optimisation ALL.
 */
public final class OrtBench {
    private String model;
    private String mode = "infer";
    private String cell = "lstm";
    private int batch = 64;
    private int steps = 100;
    private int input = 64;
    private int hidden = 512;
    private int layers = 1;
    private boolean bidirectional;
    private int threads = 1;
    private double seconds = 10;
    private double warmup = 1;
    private Double fillValue; // --fill V: every input V instead of random (to check the outputs against torch)

    public static void main(String[] args) throws OrtException {
        OrtBench b = new OrtBench();
        b.parse(args);
        b.run();
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--bidirectional")) {
                bidirectional = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--model" -> model = v;
                case "--mode" -> mode = v;
                case "--cell" -> cell = v;
                case "--batch" -> batch = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--input" -> input = Integer.parseInt(v);
                case "--hidden" -> hidden = Integer.parseInt(v);
                case "--layers" -> layers = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--fill" -> fillValue = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("--model FILE.onnx is required");
        }
        if (!mode.equals("infer") && !mode.equals("stream")) {
            throw new IllegalArgumentException("--mode must be infer or stream, got " + mode);
        }
        if (mode.equals("stream")) {
            batch = 1;
            if (bidirectional) {
                throw new IllegalArgumentException("--mode stream needs a unidirectional layer");
            }
        }
        gates(); // checks --cell
    }

    private int gates() {
        return switch (cell) {
            case "lstm" -> 4;
            case "gru" -> 3;
            case "rnn", "rnn_relu" -> 1;
            default -> throw new IllegalArgumentException("--cell must be rnn, rnn_relu, lstm or gru, got " + cell);
        };
    }

    /** 2·G·B·T·(F_l + H)·H per layer and direction, as BenchCommand.forwardFlops counts. */
    private double forwardFlops() {
        int d = bidirectional ? 2 : 1;
        double total = 0;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? input : d * hidden;
            total += d * 2.0 * gates() * batch * steps * (double) (in + hidden) * hidden;
        }
        return total;
    }

    private static FloatBuffer direct(long n) {
        return ByteBuffer.allocateDirect(Math.toIntExact(n * 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static OnnxTensor tensor(OrtEnvironment env, long... shape) throws OrtException {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return OnnxTensor.createTensor(env, direct(n), shape);
    }

    private void run() throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model, opts)) {
                System.out.printf(Locale.ROOT, "ort bench: %s %d->%d layers %d bi %b, mode %s, B %d, T %d,"
                                + " intra-op threads %d, inter-op 1, onnxruntime %s, java %s, model %s%n",
                        cell, input, hidden, layers, bidirectional, mode, batch, steps, threads, env.getVersion(),
                        Runtime.version(), model);
                System.out.println("inputs " + session.getInputNames() + ", outputs " + session.getOutputNames());
                if (mode.equals("stream")) {
                    stream(env, session);
                } else {
                    infer(env, session);
                }
            }
        }
    }

    private void fill(FloatBuffer b, SplittableRandom rng) {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, fillValue != null ? fillValue.floatValue() : (float) rng.nextDouble(-1, 1));
        }
    }

    /** Runs {@code body} for at least {@code minRuns} runs and {@code secs} seconds; the seconds of each run. */
    private static List<Double> repeat(double secs, int minRuns, Body body) throws OrtException {
        List<Double> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (secs * 1e9);
        while (System.nanoTime() < end || times.size() < minRuns) {
            long t0 = System.nanoTime();
            body.run();
            times.add((System.nanoTime() - t0) / 1e9);
        }
        Collections.sort(times);
        return times;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws OrtException;
    }

    private void infer(OrtEnvironment env, OrtSession session) throws OrtException {
        int d = bidirectional ? 2 : 1;
        try (OnnxTensor x = tensor(env, batch, steps, input); OnnxTensor y = tensor(env, batch, steps, (long) d * hidden)) {
            fill((FloatBuffer) x.getBufferRef().orElseThrow(), new SplittableRandom(2));
            Map<String, OnnxTensor> in = Map.of("x", x);
            Map<String, OnnxValue> pinned = Map.of("y", y);
            Body iteration = () -> session.run(in, pinned).close();
            repeat(warmup, 2, iteration);
            List<Double> times = repeat(seconds, 3, iteration);
            double median = times.get(times.size() / 2);
            System.out.printf(Locale.ROOT, "y[0, 0, 0..3]=%s%n", head(y));
            System.out.printf(Locale.ROOT, "iterations %d, median %.4f s (min %.4f, max %.4f)%n", times.size(), median,
                    times.get(0), times.get(times.size() - 1));
            System.out.printf(Locale.ROOT, "tokens_per_s=%.0f gflops=%.2f%n", batch * (double) steps / median,
                    forwardFlops() / median / 1e9);
        }
    }

    private static String head(OnnxTensor t) {
        FloatBuffer b = (FloatBuffer) t.getBufferRef().orElseThrow();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(4, b.capacity()); i++) {
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", b.get(i)));
        }
        return s.toString();
    }

    private void stream(OrtEnvironment env, OrtSession session) throws OrtException {
        boolean lstm = cell.equals("lstm");
        SplittableRandom rng = new SplittableRandom(2);
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            OnnxTensor[] xs = new OnnxTensor[steps];
            for (int t = 0; t < steps; t++) {
                xs[t] = tensor(env, 1, 1, input);
                owned.add(xs[t]);
                fill((FloatBuffer) xs[t].getBufferRef().orElseThrow(), rng);
            }
            OnnxTensor y = tensor(env, 1, 1, hidden);
            owned.add(y);
            // two sets of state tensors, used in turn: the state read at step t is written into the other set
            OnnxTensor[] h = {tensor(env, layers, 1, hidden), tensor(env, layers, 1, hidden)};
            OnnxTensor[] c = {tensor(env, layers, 1, hidden), tensor(env, layers, 1, hidden)};
            owned.addAll(List.of(h[0], h[1], c[0], c[1]));
            List<Map<String, OnnxTensor>> in = new ArrayList<>();
            List<Map<String, OnnxValue>> out = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                Map<String, OnnxTensor> i = new HashMap<>();
                Map<String, OnnxValue> o = new HashMap<>();
                i.put("h0", h[k]);
                o.put("y", y);
                o.put("h", h[1 - k]);
                if (lstm) {
                    i.put("c0", c[k]);
                    o.put("c", c[1 - k]);
                }
                in.add(i);
                out.add(o);
            }
            int[] parity = {0};
            Body block = () -> {
                for (OnnxTensor xt : xs) {
                    Map<String, OnnxTensor> i = in.get(parity[0]);
                    i.put("x", xt);
                    session.run(i, out.get(parity[0])).close();
                    parity[0] = 1 - parity[0];
                }
            };
            repeat(warmup, 3, block);
            List<Double> times = repeat(seconds, 3, block);
            double median = times.get(times.size() / 2) / steps;
            System.out.printf(Locale.ROOT, "last step y[0, 0, 0..3]=%s%n", head(y));
            System.out.printf(Locale.ROOT, "blocks of %d steps %d, median %.1f us/step (min %.1f, max %.1f)%n", steps,
                    times.size(), median * 1e6, times.get(0) / steps * 1e6, times.get(times.size() - 1) / steps * 1e6);
            System.out.printf(Locale.ROOT, "tokens_per_s=%.0f gflops=%.2f us_per_step=%.1f%n", 1 / median,
                    forwardFlops() / steps / median / 1e9, median * 1e6);
        } finally {
            for (OnnxTensor t : owned) {
                t.close();
            }
        }
    }
}
