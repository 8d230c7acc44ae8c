/*
 * Read bandwidth probe: how long one pass over a buffer of the size of a streaming step's weights takes, on one
 * core and split between N threads. A recurrent step at batch 1 reads every weight once (a matrix-vector product),
 * so this is the floor under its time when the weights live in cache (e.g. LSTM F64 H512: 4.5 MiB).
 *
 *   gcc -O3 -march=native -pthread -o /tmp/cache_bandwidth tools/bench/cache_bandwidth.c
 *   /tmp/cache_bandwidth 4.5 1 && /tmp/cache_bandwidth 4.5 2      # MiB, threads
 *
 * Each thread sums its share of the buffer with four independent 512-bit accumulators, 2000 passes; the sum is
 * kept, so the compiler cannot drop the loads. Prints GB/s and the microseconds of one pass over the whole buffer.
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PASSES 2000

static long floats;
static float *buffer;
static int threads;
static volatile float sink;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void *read_share(void *arg) {
    long id = (long) arg;
    long from = floats * id / threads / 64 * 64, to = floats * (id + 1) / threads / 64 * 64;
    __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    for (int pass = 0; pass < PASSES; pass++) {
        for (long i = from; i < to; i += 64) {
            s0 = _mm512_add_ps(s0, _mm512_load_ps(buffer + i));
            s1 = _mm512_add_ps(s1, _mm512_load_ps(buffer + i + 16));
            s2 = _mm512_add_ps(s2, _mm512_load_ps(buffer + i + 32));
            s3 = _mm512_add_ps(s3, _mm512_load_ps(buffer + i + 48));
        }
    }
    sink += _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
    return NULL;
}

int main(int argc, char **argv) {
    double mib = argc > 1 ? atof(argv[1]) : 4.5;
    threads = argc > 2 ? atoi(argv[2]) : 1;
    if (threads < 1 || threads > 64) {
        fprintf(stderr, "threads must be 1-64\n");
        return 1;
    }
    floats = (long) (mib * 1024 * 1024 / sizeof(float)) / 64 * 64;
    buffer = aligned_alloc(64, floats * sizeof(float));
    for (long i = 0; i < floats; i++) {
        buffer[i] = 1.0f;
    }
    pthread_t t[64];
    double t0 = now();
    for (long i = 0; i < threads; i++) {
        pthread_create(&t[i], NULL, read_share, (void *) i);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
    }
    double seconds = now() - t0;
    printf("%.2f MiB, %d thread(s): %.1f GB/s, one pass %.1f us\n", mib, threads,
           (double) PASSES * floats * sizeof(float) / seconds / 1e9, seconds / PASSES * 1e6);
    return 0;
}
