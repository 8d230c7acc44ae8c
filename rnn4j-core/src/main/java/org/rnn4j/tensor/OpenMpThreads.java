package org.rnn4j.tensor;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Map;
import org.bytedeco.javacpp.Loader;

/**
 * {@code omp_set_num_threads} in the OpenMP runtime that oneDNN's natives brought: the one that JavaCPP loaded,
 * found by its path, so that the call reaches the runtime oneDNN really uses and not another copy on the system.
 * OpenMP keeps the setting per calling thread, so each Java thread sets its own, once per value.
 */
final class OpenMpThreads {
    private static final ThreadLocal<Integer> CURRENT = new ThreadLocal<>();
    private static volatile Function setNumThreads;
    private static volatile boolean unavailable;

    private OpenMpThreads() {
    }

    /** OpenMP threads for the primitives this thread runs; does nothing when the runtime is not found. */
    static void set(int threads) {
        Integer current = CURRENT.get();
        if (current != null && current == threads) {
            return;
        }
        Function function = function();
        if (function != null) {
            function.invokeVoid(new Object[] {threads});
        }
        CURRENT.set(threads);
    }

    private static Function function() {
        if (setNumThreads != null || unavailable) {
            return setNumThreads;
        }
        synchronized (OpenMpThreads.class) {
            if (setNumThreads == null && !unavailable) {
                try {
                    for (Map.Entry<String, String> library : Loader.getLoadedLibraries().entrySet()) {
                        String path = library.getValue();
                        if (path != null && (path.contains("libgomp") || path.contains("libiomp"))) {
                            setNumThreads = NativeLibrary.getInstance(path).getFunction("omp_set_num_threads");
                            break;
                        }
                    }
                } catch (RuntimeException | LinkageError e) {
                    // No JNA for this platform, or no such symbol: oneDNN then keeps its own default.
                }
                unavailable = setNumThreads == null;
            }
            return setNumThreads;
        }
    }
}
