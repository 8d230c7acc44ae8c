import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load of concurrent OIP infer requests against a running `rnn4j serve`, for measuring dynamic batching:
 * each of N clients sends one request after another for S seconds; prints requests/s, p50 and p99 latency.
 *
 * <pre>java tools/serve/InferLoad.java http://127.0.0.1:8080 MODEL FEATURES STEPS SECONDS CLIENTS[,CLIENTS...]</pre>
 */
public class InferLoad {
    public static void main(String[] args) throws Exception {
        String url = args[0] + "/v2/models/" + args[1] + "/infer";
        int features = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        double seconds = Double.parseDouble(args[4]);
        StringBuilder data = new StringBuilder();
        Random rng = new Random(1);
        for (int i = 0; i < steps * features; i++) {
            data.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", rng.nextDouble() * 2 - 1));
        }
        String body = "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, " + steps + ", "
                + features + "], \"data\": [" + data + "]}]}";
        HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newCachedThreadPool())
                .build();
        for (String level : args[5].split(",")) {
            int clients = Integer.parseInt(level);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong failed = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try {
                            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status == 200) {
                                latencies.add(System.nanoTime() - start);
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
            double p99 = sorted.isEmpty() ? 0 : sorted.get((int) (sorted.size() * 0.99)) / 1e6;
            System.out.printf(Locale.ROOT, "clients %4d  requests/s %8.1f  p50 %7.2f ms  p99 %7.2f ms  failed %d%n",
                    clients, sorted.size() / seconds, p50, p99, failed.get());
        }
    }
}
