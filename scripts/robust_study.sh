#!/usr/bin/env bash
# The robust-training study of docs/results.md: every run of `parity robust` it reports, each
# written as JSON to $RAW (default out/robust-study; runs already there are kept), then collected
# into docs/runs/robust/runs.json by scripts/robust_collect.py, from which
# scripts/robust_tables.py rebuilds the tables and pictures. Also the quadratic-model error per
# radius (parity bench hessian-per-radius) into docs/runs/robust/model_error.json.
#   sweep   10 epochs, logistic regression, radii 0.10-0.20 in steps of 0.01 (0.02 on Adult),
#           5 seeds, solvers trs, pgd (10 steps of r/4) and random, and the non-robust model;
#           in the tool's set-ups and in the reference code's (--setup reference);
#   timing  2 epochs at three radii, 5 seeds: trs and pgd in the styles fixed, practical and
#           reference, for the epoch-time ratios; and the Adult MLP (64 units).
# Usage: scripts/robust_study.sh [sweep|timing|error|all]   (needs PARITY_DATA_DIR)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
P=${PARITY:-build/release/apps/parity}
RAW=${RAW:-out/robust-study}
export OPENBLAS_NUM_THREADS=1 LC_ALL=C
what=${1:-all}

run() {  # run PART NAME ARGS...: one parity robust run unless its JSON exists
  local part=$1 name=$2
  shift 2
  mkdir -p "$RAW/$part"
  local file="$RAW/$part/$name.json"
  [ -s "$file" ] || nice -n 10 "$P" robust "$@" --out "$file" > /dev/null
}

radii_of() {  # the sweep's radii for a dataset
  if [ "$1" = adult ]; then seq 0.10 0.02 0.20; else seq 0.10 0.01 0.20; fi
}

seeds_of() {  # Unfair2D draws new data with each seed (the demo's 42-46)
  if [ "$1" = unfair2d ]; then echo 42 43 44 45 46; else echo 0 1 2 3 4; fi
}

batch_of() {  # set-up, dataset: the reference trains with batches of 5 everywhere
  if [ "$1" = ours ] && [ "$2" = adult ]; then echo 100; else echo 5; fi
}

sweep() {
  for setup in ours reference; do
    for data in unfair2d lsat adult; do
      local b
      b=$(batch_of "$setup" "$data")
      for seed in $(seeds_of "$data"); do
        run sweep "$setup-$data-none-s$seed" --setup "$setup" --data "$data" --solver none --batch-size "$b" --seed "$seed"
        for r in $(radii_of "$data"); do
          for solver in trs pgd random; do
            run sweep "$setup-$data-$solver-r$r-s$seed" --setup "$setup" --data "$data" --solver "$solver" \
              --radius "$r" --batch-size "$b" --seed "$seed"
          done
        done
      done
    done
  done
}

timing() {
  for setup in ours reference; do
    for data in unfair2d lsat adult; do
      local b radii
      b=$(batch_of "$setup" "$data")
      if [ "$data" = adult ]; then radii="0.10 0.16 0.20"; else radii="0.10 0.15 0.20"; fi
      for seed in $(seeds_of "$data"); do
        for r in $radii; do
          run timing "$setup-$data-trs-r$r-s$seed" --setup "$setup" --data "$data" --solver trs --radius "$r" \
            --batch-size "$b" --seed "$seed" --epochs 2
          for style in fixed practical reference; do
            run timing "$setup-$data-pgd-$style-r$r-s$seed" --setup "$setup" --data "$data" --solver pgd \
              --pgd-style "$style" --radius "$r" --batch-size "$b" --seed "$seed" --epochs 2
          done
        done
      done
    done
  done
  for seed in 0 1 2 3 4; do
    for r in 0.10 0.20; do
      for solver in trs pgd; do
        run timing "ours-adult-mlp64-$solver-r$r-s$seed" --data adult --hidden 64 --solver "$solver" --radius "$r" \
          --batch-size 100 --seed "$seed" --epochs 2
      done
    done
  done
}

error() {
  mkdir -p "$RAW"
  [ -s "$RAW/model_error.json" ] || nice -n 10 "$P" bench hessian-per-radius --repeats 1 \
    --radii 0.01 0.02 0.05 0.1 0.15 0.2 0.3 0.5 1.0 --out "$RAW/model_error.json" > /dev/null
}

case "$what" in
  sweep) sweep ;;
  timing) timing ;;
  error) error ;;
  all) sweep; timing; error ;;
  *) echo "usage: $0 [sweep|timing|error|all]" >&2; exit 2 ;;
esac
python3 scripts/robust_collect.py "$RAW" docs/runs/robust
