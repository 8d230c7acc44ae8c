#!/usr/bin/env bash
# train-forecaster with its defaults on every univariate series of a folder staged like R's datasets (INDEX.csv:
# name, package, title, frequency, start, length, columns), the last h points held out (M4's horizons: 18
# monthly, 8 quarterly, 6 otherwise), and the model's test MASE against seasonal naive's and Theta's.
#
#   tools/forecast/benchmark.sh DIR [MINUTES]        # MINUTES per series (default 5, the issue's budget)
#
# Prints one row per series and a last line: series=… beats_naive=… beats_theta=… and the geometric means of
# the MASE ratios model/naive and model/theta.
set -euo pipefail
dir=$1
minutes=${2:-5}
jar=${JAR:-rnn4j-cli/target/rnn4j.jar}
out=$(mktemp -d)
printf '%-16s %3s %3s %10s %10s %10s %s\n' series m h model naive theta choice
tail -n +2 "$dir/INDEX.csv" | while IFS= read -r line; do
  name=$(echo "$line" | cut -d, -f1 | tr -d '"')
  freq=$(echo "$line" | awk -F, '{print $(NF-3)}')
  columns=$(echo "$line" | awk -F, '{print $NF}' | tr -d '"')
  [ "$columns" = value ] || continue
  case "$freq" in 12) m=12; h=18 ;; 4) m=4; h=8 ;; 1) m=1; h=6 ;; *) continue ;; esac
  grep -q ',NA' "$dir/$name.csv" && continue
  if ! java -jar "$jar" train-forecaster --csv "$dir/$name.csv" --column value --horizon $h --season $m \
      --max-minutes "$minutes" --out "$out/$name.safetensors" --overwrite --quiet > "$out/$name.log" 2>&1; then
    echo "$name: $(tail -1 "$out/$name.log")" >&2
    continue
  fi
  last=$(tail -1 "$out/$name.log")
  model=$(echo "$last" | sed -n 's/.*test_mase=\([^ ]*\).*/\1/p')
  naive=$(echo "$last" | sed -n 's/.*naive_mase=\([^ ]*\).*/\1/p')
  theta=$(echo "$last" | sed -n 's/.*theta_mase=\([^ ]*\).*/\1/p')
  choice=$(sed -n 's/^ *forecasts_by *\([a-z]*\).*/\1/p' "$out/$name.log")
  printf '%-16s %3s %3s %10s %10s %10s %s\n' "$name" $m $h "$model" "$naive" "$theta" "${choice:--}"
done | tee "$out/table.txt"
awk 'NR > 0 && $4 ~ /^[0-9.]+$/ { n++; if ($4 < $5) bn++; if ($4 < $6) bt++; ln += log($4/$5); lt += log($4/$6) }
     END { printf "series=%d beats_naive=%d beats_theta=%d geomean_model_to_naive=%.4f geomean_model_to_theta=%.4f\n",
           n, bn, bt, exp(ln/n), exp(lt/n) }' "$out/table.txt"
