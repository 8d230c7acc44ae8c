package org.rnn4j.tensor;

import java.util.Locale;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Loader;

/**
 * Whether rnn4j runs its recurrent layers on oneDNN, and oneDNN's CPU engine when it does.
 *
 * <p>The system property {@code rnn4j.backend} chooses: {@code auto} (the default) uses oneDNN for the calls where
 * it is faster, when its native library loads, and the Java loop (on OpenBLAS) otherwise; {@code dnnl} uses oneDNN
 * for every call it can run, whatever its size (the tests run so, to prove both paths on every test), and fails
 * when it does not load; {@code java} never uses it. The property is read at every call, so that a test can run both paths in one
 * JVM; the library is loaded once, on first use.
 */
public final class OneDnn {
    /** The system property that chooses the backend. */
    public static final String BACKEND_PROPERTY = "rnn4j.backend";

    private static volatile Runtime runtime;
    private static volatile Throwable loadFailure;

    private OneDnn() {
    }

    /** The loaded library and its CPU engine. */
    private record Runtime(engine cpu, String version) {
    }

    /** The backend the property asks for: "auto", "dnnl" or "java". */
    public static String requestedBackend() {
        String value = System.getProperty(BACKEND_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto", "dnnl", "java" -> value;
            default -> throw new IllegalArgumentException("-D" + BACKEND_PROPERTY + "=" + value
                    + " is not a backend: use auto, dnnl or java");
        };
    }

    /** Whether {@code -Drnn4j.backend=dnnl} asks for oneDNN on every call it can run, small ones included. */
    public static boolean forced() {
        return requestedBackend().equals("dnnl");
    }

    /** Whether the recurrent layers may run on oneDNN now (it loaded, and the backend is not java). */
    public static boolean enabled() {
        String backend = requestedBackend();
        if (backend.equals("java")) {
            return false;
        }
        boolean loaded = load() != null;
        if (!loaded && backend.equals("dnnl")) {
            throw new IllegalStateException("-D" + BACKEND_PROPERTY + "=dnnl, but oneDNN's native library did not"
                    + " load on this machine: " + loadFailure);
        }
        return loaded;
    }

    /** One line for a benchmark's header: which backend runs the recurrent layers. */
    public static String describe() {
        return enabled() ? "oneDNN " + load().version() + " (recurrent layers, products), OpenBLAS (small products)"
                : "Java time loop on OpenBLAS" + (loadFailure != null ? " (oneDNN did not load: " + loadFailure
                + ")" : "");
    }

    static engine engine() {
        Runtime loaded = load();
        if (loaded == null) {
            throw new IllegalStateException("oneDNN is not loaded");
        }
        return loaded.cpu();
    }

    /** A new stream on the CPU engine; a stream serves one thread at a time. */
    static stream newStream() {
        return new stream(engine());
    }

    /**
     * Sets oneDNN's OpenMP threads, for primitives that this thread runs, to rnn4j's thread count
     * ({@link Parallel#threads()}): oneDNN would otherwise start one thread per core at every call and fight the
     * threads rnn4j runs for other work.
     */
    static void useRnn4jThreads() {
        OpenMpThreads.set(Parallel.threads());
    }

    private static Runtime load() {
        Runtime loaded = runtime;
        if (loaded != null || loadFailure != null) {
            return loaded;
        }
        synchronized (OneDnn.class) {
            if (runtime == null && loadFailure == null) {
                try {
                    Loader.load(dnnl.class);
                    dnnl_version_t v = dnnl.dnnl_version();
                    String version = v.major() + "." + v.minor() + "." + v.patch();
                    runtime = new Runtime(new engine(engine.kind.cpu, 0), version);
                } catch (Throwable e) { // UnsatisfiedLinkError on a platform without the natives, among others
                    loadFailure = e;
                }
            }
            return runtime;
        }
    }
}
