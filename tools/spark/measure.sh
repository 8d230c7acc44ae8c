#!/usr/bin/env bash
# Time per training step of rnn4j against rnn4j-spark on local[1] and local[2], for a small and a large language
# model, and scoring throughput of rnn4j classify against rnn4j-spark classify. The figures of docs/spark.md.
# Needs both jars: mvn -B package -DskipTests && mvn -B package -DskipTests -Prunnable -pl rnn4j-spark -am
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp/rnn4j-spark-measure}
mkdir -p "$out"
rnn4j="java -Xmx2g -jar rnn4j-cli/target/rnn4j.jar"
spark="java -Xmx3g -jar rnn4j-spark/target/rnn4j-spark.jar"

# 200 kB of the bundled novel: its held-out 10% validates in well under a second, so seconds/steps is the step
head -c 200000 rnn4j-cli/src/main/resources/org/rnn4j/cli/corpus/austen-prideprejudice.txt > "$out/text.txt"
per_step() { # the --json summary: training seconds / steps
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%.4f s/step (%d steps)" % (r["seconds"]/r["steps"], r["steps"]))' "$1"
}

lm() { # name size-options
  local name=$1; shift
  for runner in one local1 local2; do
    case $runner in
      one) cmd="$rnn4j train-lm";;
      local1) cmd="$spark train-lm --master local[1] --partitions 1";;
      local2) cmd="$spark train-lm --master local[2] --partitions 2";;
    esac
    $cmd "$@" --text "$out/text.txt" --batch 32 --bptt 50 --dropout 0 --max-minutes 0.4 --max-epochs 1 --json \
      --overwrite --out "$out/$name-$runner.safetensors" 2>/dev/null | tail -1 > "$out/$name-$runner.json"
    echo "$name $runner $(per_step "$out/$name-$runner.json")"
  done
}

lm small --embedding 32 --hidden 64 --layers 1
lm large --embedding 64 --hidden 512 --layers 2

# scoring: 20,000 synthetic reviews
python3 - "$out" <<'PY'
import random, sys
random.seed(1)
good, bad = ["great", "fine", "superb", "lovely"], ["awful", "dull", "boring", "poor"]
filler = "the film was a plot and actors with some scenes that".split()
def rows(n):
    for _ in range(n):
        pos = random.random() < 0.5
        words = [random.choice(filler) for _ in range(random.randint(10, 60))]
        words.insert(random.randrange(len(words)), random.choice(good if pos else bad))
        yield " ".join(words), "pos" if pos else "neg"
for name, n in (("train", 2000), ("score", 20000)):
    with open(f"{sys.argv[1]}/{name}.csv", "w") as f:
        f.write("text,label\n")
        for t, l in rows(n):
            f.write(f"{t},{l}\n")
PY
$rnn4j train-classifier --train "$out/train.csv" --out "$out/clf.safetensors" --max-epochs 1 --quiet --overwrite >/dev/null
t0=$(date +%s.%N); $rnn4j classify --model "$out/clf.safetensors" --input "$out/score.csv" --output "$out/one.csv" --overwrite >/dev/null; t1=$(date +%s.%N)
echo "classify one $(echo "20000 / ($t1 - $t0)" | bc -l | xargs printf '%.0f') rows/s (whole command)"
for m in 1 2; do
  t0=$(date +%s.%N); $spark classify --master "local[$m]" --model "$out/clf.safetensors" --input "$out/score.csv" --output "$out/spark$m.csv" --overwrite >/dev/null 2>&1; t1=$(date +%s.%N)
  echo "classify local$m $(echo "20000 / ($t1 - $t0)" | bc -l | xargs printf '%.0f') rows/s (whole command)"
done
