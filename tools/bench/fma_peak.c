/*
 * FMA throughput probe: the single-precision arithmetic ceiling of this machine, per core and for N threads.
 *
 *   gcc -O3 -march=native -pthread -o /tmp/fma_peak tools/bench/fma_peak.c && /tmp/fma_peak [threads] [seconds]
 *
 * Each thread runs 12 independent chains of fused multiply-adds on registers (enough to cover the FMA latency
 * on two pipes), once with 256-bit (AVX2) and once with 512-bit (AVX-512) vectors where the compiler targets them.
 * An FMA counts 2 FLOPs per lane. It prints the best of several repetitions, as GFLOP/s, and a last line
 * peak_gflops_per_core=… that compare.sh reads.
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

#define CHAINS 12
static const long ITERS = 4000000;

static float sink;

static double run256(void) {
    __m256 acc[CHAINS];
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm256_set1_ps(0.001f * c);
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    double t0 = now();
    for (long i = 0; i < ITERS; i++) {
        for (int c = 0; c < CHAINS; c++) acc[c] = _mm256_fmadd_ps(acc[c], a, b);
    }
    double t = now() - t0;
    float s = 0;
    for (int c = 0; c < CHAINS; c++) { float v[8]; _mm256_storeu_ps(v, acc[c]); s += v[0]; }
    sink += s;
    return 2.0 * 8 * CHAINS * ITERS / t / 1e9;
}

#ifdef __AVX512F__
static double run512(void) {
    __m512 acc[CHAINS];
    for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_set1_ps(0.001f * c);
    const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    double t0 = now();
    for (long i = 0; i < ITERS; i++) {
        for (int c = 0; c < CHAINS; c++) acc[c] = _mm512_fmadd_ps(acc[c], a, b);
    }
    double t = now() - t0;
    /* Every chain must reach the result: with acc[0] alone the compiler dropped the other eleven chains, and the
     * one left ran at its latency, which the count above took for twelve times as much work (352 GFLOP/s
     * reported on a core whose real ceiling is 118). */
    for (int c = 0; c < CHAINS; c++) sink += _mm512_reduce_add_ps(acc[c]);
    return 2.0 * 16 * CHAINS * ITERS / t / 1e9;
}
#endif

typedef struct { int wide; int reps; double best; } job;

static void *worker(void *p) {
    job *j = p;
    j->best = 0;
    for (int r = 0; r < j->reps; r++) {
#ifdef __AVX512F__
        double g = j->wide ? run512() : run256();
#else
        double g = run256();
#endif
        if (g > j->best) j->best = g;
    }
    return NULL;
}

static double probe(int threads, int wide, int reps) {
    pthread_t t[64];
    job j[64];
    for (int i = 0; i < threads; i++) { j[i].wide = wide; j[i].reps = reps; pthread_create(&t[i], NULL, worker, &j[i]); }
    double total = 0;
    for (int i = 0; i < threads; i++) { pthread_join(t[i], NULL); total += j[i].best; }
    return total;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    probe(1, 0, reps); /* warm-up: clocks ramp, pages map */
    double a1 = probe(1, 0, reps);
    printf("1 thread,  AVX2 256-bit FMA:    %7.1f GFLOP/s\n", a1);
    double best1 = a1, bestn = 0;
#ifdef __AVX512F__
    double w1 = probe(1, 1, reps);
    printf("1 thread,  AVX-512 512-bit FMA: %7.1f GFLOP/s\n", w1);
    if (w1 > best1) best1 = w1;
#endif
    if (threads > 1) {
        double an = probe(threads, 0, reps);
        printf("%d threads, AVX2 256-bit FMA:    %7.1f GFLOP/s\n", threads, an);
        bestn = an;
#ifdef __AVX512F__
        double wn = probe(threads, 1, reps);
        printf("%d threads, AVX-512 512-bit FMA: %7.1f GFLOP/s\n", threads, wn);
        if (wn > bestn) bestn = wn;
#endif
    }
    printf("peak_gflops_per_core=%.1f peak_gflops_all=%.1f threads=%d%s\n", best1, bestn > 0 ? bestn : best1, threads,
           sink == 12345.f ? " " : "");
    return 0;
}
