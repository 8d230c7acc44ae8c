import org.rnn4j.tensor.Blas;
import org.rnn4j.tensor.Parallel;
import org.rnn4j.tensor.Tensor;

/**
 * rnn4j's products, {@code Blas.gemm}, on each of its two engines in one JVM: OpenBLAS (as under
 * {@code -Drnn4j.backend=java}) and oneDNN's matmul (as under the default backend for products that are not small),
 * alternating, best of 7 rounds, single-threaded unless a thread count is given.
 *
 *   OMP_NUM_THREADS=1 java -cp rnn4j-cli/target/rnn4j.jar tools/bench/MatmulProbe.java 32,1024,256,n,t 3200,10000,256,n,t
 *
 * Each argument is m,n,k,opA,opB as for tools/bench/GemmOrientation.java: C (m, n) = op(A) op(B), op n (as stored)
 * or t (transposed). Prints GFLOP/s of both and oneDNN/OpenBLAS, and the largest difference between their results.
 */
public class MatmulProbe {
    public static void main(String[] args) {
        int threads = Integer.getInteger("threads", 1);
        Parallel.setThreads(threads);
        for (String spec : args) {
            String[] s = spec.split(",");
            int m = Integer.parseInt(s[0]);
            int n = Integer.parseInt(s[1]);
            int k = Integer.parseInt(s[2]);
            boolean ta = s[3].equals("t");
            boolean tb = s[4].equals("t");
            Tensor a = filled(ta ? k : m, ta ? m : k);
            Tensor b = filled(tb ? n : k, tb ? k : n);
            Tensor[] c = {Tensor.zeros(m, n), Tensor.zeros(m, n)};
            String[] engines = {"java", "dnnl"};
            int reps = (int) Math.max(3, 1e9 / (2.0 * m * n * k));
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < 7; round++) {
                for (int e = 0; e < 2; e++) {
                    System.setProperty("rnn4j.backend", engines[e]);
                    long t0 = System.nanoTime();
                    for (int r = 0; r < reps; r++) {
                        Blas.gemm(ta, tb, 1f, a, b, 0f, c[e]);
                    }
                    best[e] = Math.min(best[e], (System.nanoTime() - t0) / 1e3 / reps);
                }
            }
            double difference = 0;
            for (int i = 0; i < m * n; i++) {
                difference = Math.max(difference, Math.abs(c[0].get(i) - c[1].get(i)));
            }
            double flops = 2.0 * m * n * k / 1e3;
            System.out.printf("%s threads %d: OpenBLAS %.1f GFLOP/s, oneDNN %.1f, oneDNN/OpenBLAS %.2f, max |diff| %.1e%n",
                    spec, threads, flops / best[0], flops / best[1], best[0] / best[1], difference);
        }
    }

    private static Tensor filled(int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, (float) Math.sin(i * 0.37) * 0.1f);
        }
        return t;
    }
}
