#!/usr/bin/env bash
# rnn4j against an earlier rnn4j on every row of the compare.sh suite, alternating the two jars (tools/bench/ab.sh),
# so that a change in the machine's load hits both; one Markdown table of medians and NEW/OLD ratios.
#
#   tools/bench/before_after.sh OLD.jar NEW.jar [N]     # N alternations per row (default 3)
#   ROWS='char-lstm-h256' MODES='train' THREADS=1 tools/bench/before_after.sh /tmp/old.jar rnn4j-cli/target/rnn4j.jar
#
# Environment: SECONDS_PER_RUN (2), THREADS ("1"), MODES ("train infer"; the stream row always runs), ROWS (an
# extended regex on the row names; default all).
set -eu
cd "$(dirname "$0")/../.."
OLD=$1; NEW=$2; N=${3:-3}
SECS=${SECONDS_PER_RUN:-2}; THREADS=${THREADS:-1}; MODES=${MODES:-"train infer"}; ROWS=${ROWS:-.}
# name | cell | F | H | layers | B | T | extra   (the rows of compare.sh)
SUITE=(
  "char-lstm-h256-l1-b32|lstm|64|256|1|32|100|" "char-lstm-h256-l1-b64|lstm|64|256|1|64|100|"
  "char-lstm-h256-l2-b32|lstm|64|256|2|32|100|" "char-lstm-h512-l1-b64|lstm|64|512|1|64|100|"
  "char-lstm-h512-l2-b64|lstm|64|512|2|64|100|" "gru-f256-h256-b64|gru|256|256|1|64|100|"
  "rnn-tanh-f256-h256-b64|rnn|256|256|1|64|100|" "deepbench-lstm-h512-b64-t25|lstm|512|512|1|64|25|"
  "deepbench-lstm-h1024-b128-t25|lstm|1024|1024|1|128|25|" "deepbench-lstm-h256-b16-t150|lstm|256|256|1|16|150|"
  "bilstm-f256-h256-b32|lstm|256|256|1|32|100|--bidirectional"
)
echo "| row | mode | thr | old tokens/s | new tokens/s | new/old | load |"
echo "|---|---|---|---:|---:|---:|---|"
line() { # name mode thr args...
  local name=$1 mode=$2 thr=$3; shift 3
  local out; out=$(tools/bench/ab.sh "$OLD" "$NEW" "$N" -- "$@" --mode "$mode" --threads "$thr" --seconds "$SECS" | tail -1)
  local a b r; a=$(sed -n 's/.* A=\([^ ]*\).*/\1/p' <<< "$out"); b=$(sed -n 's/.* B=\([^ ]*\).*/\1/p' <<< "$out")
  r=$(sed -n 's/.*B\/A=\([^ ]*\).*/\1/p' <<< "$out")
  echo "| $name | $mode | $thr | $a | $b | $r | $(cut -d' ' -f1 /proc/loadavg) |"
}
for spec in "${SUITE[@]}"; do
  IFS='|' read -r name cell f h layers b t extra <<< "$spec"
  [[ $name =~ $ROWS ]] || continue
  for mode in $MODES; do for thr in $THREADS; do
    args=(--cell "$cell" --input "$f" --hidden "$h" --layers "$layers" --batch "$b" --steps "$t")
    [ -n "$extra" ] && args+=($extra)
    line "$name" "$mode" "$thr" "${args[@]}"
  done; done
done
[[ stream-lstm-f64-h512-b1 =~ $ROWS ]] && line stream-lstm-f64-h512-b1 stream 1 --cell lstm --input 64 --hidden 512 --batch 1
exit 0
