#!/usr/bin/env bash
# Backtests train-forecaster settings on the R datasets series without touching their test part (the last
# --horizon points): the series is cut short by CUT points (12 and 24: the two origins before the test part),
# and the model is trained and scored on what is left, whose own last 12 points stand in for the test part.
#
#   tools/forecast/backtest.sh [extra train-forecaster options...]
#   SEEDS="1 2 3" CUTS="12 24" SERIES="AirPassengers co2 nottem" tools/forecast/backtest.sh --window 24
#   CUTS=0 tools/forecast/backtest.sh     # once settings are chosen: the real test part (README's table)
#
# Prints one line per (cut, series, seed): the run's last line, val_loss=... test_mase=... naive_mase=...
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=${JAR:-$here/rnn4j-cli/target/rnn4j.jar}
data=${DATA:-$here/../shared/data/timeseries/r-datasets}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cut in ${CUTS:-12 24}; do
  for s in ${SERIES:-AirPassengers co2 nottem}; do
    head -n "-$cut" "$data/$s.csv" > "$tmp/$s.csv"
    case $s in
      AirPassengers) opts=(--season 12 --transform log) ;;
      sunspot.month) opts=(--season 132 --relative-to last-value --window 60 --ensemble 3 --max-minutes 3) ;;
      *) opts=(--season 12) ;;
    esac
    for seed in ${SEEDS:-1 2 3}; do
      result=$(java -jar "$jar" --threads 1 train-forecaster --csv "$tmp/$s.csv" --column value --time-column time \
          --horizon 12 "${opts[@]}" --seed "$seed" "$@" --out "$tmp/model.safetensors" --overwrite --quiet | tail -1)
      echo "cut=$cut series=$s seed=$seed $result"
    done
  done
done
