#!/usr/bin/env bash
# Side-by-side benchmark of rnn4j against PyTorch (and, forward only, ONNX Runtime Java) on the same machine.
#
#   mvn -q -B -o package -DskipTests        # builds rnn4j-cli/target/rnn4j.jar
#   mvn -q -B -f tools/bench/ort/pom.xml package   # optional: tools/bench/ort/target/ort-bench.jar (ONNX Runtime)
#   tools/bench/compare.sh                   # the whole suite, both OpenBLAS settings (about 15-25 minutes)
#   SECONDS_PER_RUN=1 ROWS='char' THREADS='1' ENVS='asis' tools/bench/compare.sh   # a quick subset
#
# For every row it runs rnn4j and PyTorch one after the other (alternating, so that a change in the machine's load
# hits both), REPEATS times, keeps each side's best, and prints one Markdown table with the ratio
# rnn4j/PyTorch in tokens/s (> 1: rnn4j is faster; streaming: the ratio of steps/s). At 2 threads PyTorch runs
# twice: its default (2 OpenMP + 2 OpenBLAS threads) and 1 OpenMP + 2 OpenBLAS threads; the ratio is against the
# better of the two. Peak memory is each process's maximum RSS (/usr/bin/time).
#
# ONNX Runtime: on the infer and stream rows the same torch.nn module is exported (tools/bench/export_onnx.py,
# once per row, into OUT) and run right after PyTorch by tools/bench/ort_bench.py under ORT_PYTHON (ONNX Runtime
# for Python; default: PYTHON when it imports onnxruntime), else by OrtBench (tools/bench/ort, ONNX Runtime
# Java); both with intra-op threads = thr, inter-op 1, graph optimisation ALL. "ratio rnn4j/ORT" is in tokens/s
# (stream: steps/s). Without either, where the export fails, and on the train rows, those columns read "-".
#
# Backends: the rnn4j column is the default backend (oneDNN where it loads); with JAVA_LOOP=1 (the default) a
# second column runs the same row with -Drnn4j.backend=java (the Java time loop on OpenBLAS), right after it.
#
# PyTorch: PYTHON is the current one (a virtual environment with the PyTorch 2.x CPU wheel: MKL, and oneDNN for
# nn.LSTM); OLD_PYTHON (default /usr/bin/python3 when it imports torch: Debian's PyTorch 1.13 on OpenBLAS) adds
# the old row's column.
#
# ENVS: "asis" runs with the shell's environment (these machines export OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE,
# which force older kernels); "unset" runs both sides under env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE;
# "haswell" forces OPENBLAS_CORETYPE=Haswell, the older kernels, where a shell does not export it.
# The openblas core column says which kernels each side got.
#
# Environment: JAR (rnn4j.jar), PYTHON (/usr/bin/python3), SECONDS_PER_RUN (2), REPEATS (1), THREADS ("1 2"),
# ENVS ("asis unset"), ROWS (an extended regex on the row names; default all), MODE_TRAIN (train; "infer" to
# run the non-streaming rows forward only), OUT (a folder for raw logs; default a new temporary folder),
# ORT_JAR (tools/bench/ort/target/ort-bench.jar), ORT_WARMUP (OrtBench's warm-up in seconds; 1).
set -u
cd "$(dirname "$0")/../.."
JAR=${JAR:-rnn4j-cli/target/rnn4j.jar}
PYTHON=${PYTHON:-/usr/bin/python3}
OLD_PYTHON=${OLD_PYTHON:-/usr/bin/python3}
[ "$OLD_PYTHON" != "$PYTHON" ] && "$OLD_PYTHON" -c 'import torch' 2>/dev/null || OLD_PYTHON=""
ORT_PYTHON=${ORT_PYTHON:-$PYTHON}
"$ORT_PYTHON" -c 'import onnxruntime' 2>/dev/null || ORT_PYTHON=""
JAVA_LOOP=${JAVA_LOOP:-1}
SECS=${SECONDS_PER_RUN:-2}
REPEATS=${REPEATS:-1}
THREADS=${THREADS:-"1 2"}
ENVS=${ENVS:-"asis unset"}
ROWS=${ROWS:-.}
MODE_TRAIN=${MODE_TRAIN:-train}
OUT=${OUT:-$(mktemp -d /tmp/rnn4j-compare.XXXXXX)}
ORT_JAR=${ORT_JAR:-tools/bench/ort/target/ort-bench.jar}
ORT_WARMUP=${ORT_WARMUP:-1}
mkdir -p "$OUT"
[ -f "$JAR" ] || { echo "no $JAR: build with mvn -q -B -o package -DskipTests" >&2; exit 1; }
[ -n "$ORT_PYTHON" ] || [ -f "$ORT_JAR" ] || echo "no ONNX Runtime (ORT_PYTHON, or $ORT_JAR): its columns read -" >&2

# name | cell | F | H | layers | B | T | extra | mode
SUITE=(
  "char-lstm-h256-l1-b32|lstm|64|256|1|32|100||$MODE_TRAIN"
  "char-lstm-h256-l1-b64|lstm|64|256|1|64|100||$MODE_TRAIN"
  "char-lstm-h256-l2-b32|lstm|64|256|2|32|100||$MODE_TRAIN"
  "char-lstm-h256-l2-b64|lstm|64|256|2|64|100||$MODE_TRAIN"
  "char-lstm-h512-l1-b32|lstm|64|512|1|32|100||$MODE_TRAIN"
  "char-lstm-h512-l1-b64|lstm|64|512|1|64|100||$MODE_TRAIN"
  "char-lstm-h512-l2-b32|lstm|64|512|2|32|100||$MODE_TRAIN"
  "char-lstm-h512-l2-b64|lstm|64|512|2|64|100||$MODE_TRAIN"
  "gru-f256-h256-b64|gru|256|256|1|64|100||$MODE_TRAIN"
  "rnn-tanh-f256-h256-b64|rnn|256|256|1|64|100||$MODE_TRAIN"
  "deepbench-lstm-h512-b64-t25|lstm|512|512|1|64|25||$MODE_TRAIN"
  "deepbench-lstm-h1024-b128-t25|lstm|1024|1024|1|128|25||$MODE_TRAIN"
  "deepbench-lstm-h256-b16-t150|lstm|256|256|1|16|150||$MODE_TRAIN"
  "bilstm-f256-h256-b32|lstm|256|256|1|32|100|--bidirectional|$MODE_TRAIN"
  "stream-lstm-f64-h512-b1|lstm|64|512|1|1|100||stream"
)

PEAK=""
if command -v gcc >/dev/null; then
  gcc -O3 -march=native -pthread -o "$OUT/fma_peak" tools/bench/fma_peak.c && "$OUT/fma_peak" 2 30 > "$OUT/fma_peak.txt"
  PEAK1=$(sed -n 's/.*peak_gflops_per_core=\([0-9.]*\).*/\1/p' "$OUT/fma_peak.txt")
  PEAK2=$(sed -n 's/.*peak_gflops_all=\([0-9.]*\).*/\1/p' "$OUT/fma_peak.txt")
  PEAK="yes"
fi

# run LOG ENVNAME command...: runs under /usr/bin/time, appends its output and max RSS to LOG
run() {
  local log=$1 envname=$2; shift 2
  local prefix=()
  [ "$envname" = unset ] && prefix=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
  [ "$envname" = haswell ] && prefix=(env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE=Haswell)
  /usr/bin/time -f "max_rss_kb=%M" -o "$log.rss" "${prefix[@]}" "$@" > "$log" 2>&1
  cat "$log.rss" >> "$log"
}
field() { local v; v=$(sed -n "s/.*$2=\([^ ]*\).*/\1/p" "$1" | tail -1); echo "${v:--}"; }
best() { # best tokens_per_s over the logs given; prints "tokens gflops us rss core"
  local b="" line
  for f in "$@"; do
    local tok; tok=$(field "$f" tokens_per_s)
    [ "$tok" = - ] && continue
    if [ -z "$b" ] || awk "BEGIN{exit !($tok > ${b%% *})}"; then
      b="$tok $(field "$f" gflops) $(field "$f" us_per_step) $(field "$f" max_rss_kb) $(field "$f" openblas_core)"
    fi
  done
  echo "${b:-0 0 - 0 ?}"
}

{
  echo "# rnn4j vs PyTorch, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB;" \
       "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- java: $(java -version 2>&1 | head -1); rnn4j backend: $(java -jar "$JAR" bench --mode infer --hidden 8 --input 4 --batch 2 --steps 2 --seconds 0.01 --warmup 0 | sed -n 's/^backend: //p')"
  echo "- torch: $($PYTHON -c 'import torch; print(torch.__version__)' 2>/dev/null)${OLD_PYTHON:+; old row: torch $($OLD_PYTHON -c 'import torch; print(torch.__version__)' 2>/dev/null)}"
  if [ -n "$ORT_PYTHON" ]; then echo "- ONNX Runtime (Python) $($ORT_PYTHON -c 'import onnxruntime; print(onnxruntime.__version__)')" \
       "(tools/bench/ort_bench.py, models from tools/bench/export_onnx.py, ${ORT_WARMUP} s warm-up)"
  elif [ -f "$ORT_JAR" ]; then echo "- ONNX Runtime Java $(sed -n 's:.*<onnxruntime.version>\(.*\)</onnxruntime.version>.*:\1:p' tools/bench/ort/pom.xml)" \
       "(tools/bench/ort, models from tools/bench/export_onnx.py, ${ORT_WARMUP} s warm-up)"
  fi
  echo "- shell's OpenBLAS settings: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"
  [ -n "$PEAK" ] && echo "- FMA peak (tools/bench/fma_peak.c, gcc -O3 -march=native): $PEAK1 GFLOP/s one core, $PEAK2 GFLOP/s two threads"
  echo "- ${SECS} s per run, best of $REPEATS; raw logs in $OUT"
  echo
} > "$OUT/header.md"
cat "$OUT/header.md"

TABLE="$OUT/table.md"
echo "| row | mode | thr | OpenBLAS env | rnn4j | rnn4j Java loop | PyTorch | PyTorch 1 OMP + 2 BLAS | ratio | PyTorch 1.13 | ONNX Runtime | ratio rnn4j/ORT | rnn4j GFLOP/s | % of peak | core (rnn4j/torch) | max RSS MB rnn4j/torch | load |" > "$TABLE"
echo "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|" >> "$TABLE"

for envname in $ENVS; do
  for spec in "${SUITE[@]}"; do
    IFS='|' read -r name cell f h layers b t extra mode <<< "$spec"
    [[ $name =~ $ROWS ]] || continue
    for thr in $THREADS; do
      args=(--cell "$cell" --input "$f" --hidden "$h" --layers "$layers" --batch "$b" --steps "$t" --mode "$mode" --seconds "$SECS")
      [ -n "$extra" ] && args+=($extra)
      tag="$OUT/$envname-$name-t$thr"
      rl=(); jl=(); tl=(); tl2=(); ll=(); ol=()
      # the ONNX model of this row, exported once per run (it does not depend on threads or environment)
      onnx=""
      if [ "$mode" != train ] && { [ -n "$ORT_PYTHON" ] || [ -f "$ORT_JAR" ]; }; then
        onnx="$OUT/$name.onnx"
        [ -f "$onnx" ] || "$PYTHON" tools/bench/export_onnx.py "${args[@]}" --out "$onnx" > "$OUT/$name-export.log" 2>&1 \
          || { echo "export of $name failed: $OUT/$name-export.log" >&2; rm -f "$onnx"; }
        [ -f "$onnx" ] || onnx=""
      fi
      load=$(cut -d' ' -f1 /proc/loadavg)
      for r in $(seq 1 "$REPEATS"); do
        run "$tag-rnn4j-$r.log" "$envname" java -jar "$JAR" bench "${args[@]}" --threads "$thr"; rl+=("$tag-rnn4j-$r.log")
        if [ "$JAVA_LOOP" = 1 ]; then
          run "$tag-loop-$r.log" "$envname" java -Drnn4j.backend=java -jar "$JAR" bench "${args[@]}" --threads "$thr"
          jl+=("$tag-loop-$r.log")
        fi
        run "$tag-torch-$r.log" "$envname" "$PYTHON" tools/bench/torch_bench.py "${args[@]}" --threads "$thr"; tl+=("$tag-torch-$r.log")
        if [ "$thr" = 2 ]; then
          run "$tag-torch12-$r.log" "$envname" "$PYTHON" tools/bench/torch_bench.py "${args[@]}" --threads 1 --blas-threads 2
          tl2+=("$tag-torch12-$r.log")
        fi
        if [ -n "$OLD_PYTHON" ]; then
          run "$tag-torch113-$r.log" "$envname" "$OLD_PYTHON" tools/bench/torch_bench.py "${args[@]}" --threads "$thr"
          ll+=("$tag-torch113-$r.log")
        fi
        if [ -n "$onnx" ] && [ -n "$ORT_PYTHON" ]; then
          run "$tag-ort-$r.log" "$envname" "$ORT_PYTHON" tools/bench/ort_bench.py --model "$onnx" "${args[@]}" --threads "$thr" --warmup "$ORT_WARMUP"
          ol+=("$tag-ort-$r.log")
        elif [ -n "$onnx" ]; then
          run "$tag-ort-$r.log" "$envname" java -jar "$ORT_JAR" --model "$onnx" "${args[@]}" --threads "$thr" --warmup "$ORT_WARMUP"
          ol+=("$tag-ort-$r.log")
        fi
      done
      read -r rtok rgf rus rrss rcore <<< "$(best "${rl[@]}")"
      read -r ttok tgf tus trss tcore <<< "$(best "${tl[@]}")"
      t2tok=0; t2us=-
      if [ "${#tl2[@]}" -gt 0 ]; then read -r t2tok t2gf t2us t2rss t2core <<< "$(best "${tl2[@]}")"; fi
      jtok=0; jus=-
      if [ "${#jl[@]}" -gt 0 ]; then read -r jtok jgf jus jrss jcore <<< "$(best "${jl[@]}")"; fi
      ltok=0; lus=-
      if [ "${#ll[@]}" -gt 0 ]; then read -r ltok lgf lus lrss lcore <<< "$(best "${ll[@]}")"; fi
      otok=0; ous=-
      if [ "${#ol[@]}" -gt 0 ]; then read -r otok ogf ous orss ocore <<< "$(best "${ol[@]}")"; fi
      oratio=$(awk "BEGIN{if ($otok > 0) printf \"**%.2f**\", $rtok / $otok; else print \"-\"}")
      btok=$(awk "BEGIN{print ($t2tok > $ttok) ? $t2tok : $ttok}")
      ratio=$(awk "BEGIN{printf \"%.2f\", ($btok > 0) ? $rtok / $btok : 0}")
      peak=${PEAK1:-0}; [ "$thr" = 2 ] && peak=${PEAK2:-0}
      pct=$(awk "BEGIN{printf \"%.0f%%\", ($peak > 0) ? 100 * $rgf / $peak : 0}")
      if [ "$mode" = stream ]; then
        rv="$rus µs/step"; tv="$tus µs/step"; t2v=$([ "$t2us" = - ] && echo - || echo "$t2us µs/step")
        ov=$([ "$ous" = - ] && echo - || echo "$ous µs/step")
        jv=$([ "$jus" = - ] && echo - || echo "$jus µs/step"); lv=$([ "$lus" = - ] && echo - || echo "$lus µs/step")
      else
        rv="$rtok tok/s"; tv="$ttok tok/s"; t2v=$([ "$t2tok" = 0 ] && echo - || echo "$t2tok tok/s")
        ov=$([ "$otok" = 0 ] && echo - || echo "$otok tok/s")
        jv=$([ "$jtok" = 0 ] && echo - || echo "$jtok tok/s"); lv=$([ "$ltok" = 0 ] && echo - || echo "$ltok tok/s")
      fi
      echo "| $name | $mode | $thr | $envname | $rv | $jv | $tv | $t2v | **$ratio** | $lv | $ov | $oratio | $rgf | $pct | $rcore/$tcore | $((rrss / 1024))/$((trss / 1024)) | $load |" | tee -a "$TABLE"
    done
  done
done

# JVM start to the first prediction of a small saved model (rnn4j predict, whole process, median of 5).
if "$PYTHON" tools/bench/startup_model.py "$OUT/startup" 2>/dev/null; then
  times=()
  for i in 1 2 3 4 5 6; do
    rm -f "$OUT/startup/y.npy"
    t0=$(date +%s%N)
    java -jar "$JAR" predict --model "$OUT/startup/lstm.safetensors" --input "$OUT/startup/x.npy" --output "$OUT/startup/y.npy" -q
    t1=$(date +%s%N)
    [ "$i" -gt 1 ] && times+=($(( (t1 - t0) / 1000000 )))  # the first run warms the file cache
  done
  startup=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  echo "- JVM start to first prediction (rnn4j predict, LSTM F16 H64, 1x20 input, whole process, median of 5): ${startup} ms" > "$OUT/startup.md"
fi

echo
cat "$OUT/header.md" "$TABLE"
[ -f "$OUT/startup.md" ] && { echo; cat "$OUT/startup.md"; }
echo "- load after: $(cut -d' ' -f1-3 /proc/loadavg)"
