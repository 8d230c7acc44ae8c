#!/usr/bin/env bash
# A/B test of two rnn4j jars on one bench configuration, alternating A, B, A, B, … so that load changes hit both.
#
#   tools/bench/ab.sh OLD.jar NEW.jar N -- bench options…
#   tools/bench/ab.sh /tmp/old.jar rnn4j-cli/target/rnn4j.jar 3 -- --cell lstm --input 64 --hidden 256 --batch 32 --seconds 3
#
# Prints every run's tokens/s (stream: µs/step) and the median of each side, and B/A (> 1: B is faster).
set -eu
A=$1; B=$2; N=$3; shift 3; [ "${1:-}" = -- ] && shift
ra=(); rb=()
for i in $(seq 1 "$N"); do
  for side in A B; do
    jar=$A; [ $side = B ] && jar=$B
    line=$(java -jar "$jar" bench "$@" | tail -1)
    tok=$(sed -n 's/.*tokens_per_s=\([^ ]*\).*/\1/p' <<< "$line")
    echo "$side $i: $line"
    if [ $side = A ]; then ra+=("$tok"); else rb+=("$tok"); fi
  done
done
med() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ma=$(med "${ra[@]}"); mb=$(med "${rb[@]}")
echo "median tokens/s A=$ma B=$mb  B/A=$(awk "BEGIN{printf \"%.2f\", $mb/$ma}")  (load $(cut -d' ' -f1 /proc/loadavg))"
