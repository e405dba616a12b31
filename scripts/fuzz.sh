#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for SECONDS each (default 10), from the committed seed corpus
# (fuzz/seeds/). Installs the nightly toolchain and cargo-fuzz when missing: fuzzing needs
# nightly; everything else in the project stays on stable. New inputs found go to a temporary
# corpus, so the committed seeds only change by hand. A crash stops the run with its input
# under fuzz/artifacts/TARGET/ (reproduce: cargo +nightly fuzz run TARGET that-file).
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE
seconds=${1:-10}

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  # about 2 minutes cold on two cores, once per machine
  cargo install cargo-fuzz --version 0.13.2 --locked
fi

targets=$(cargo +nightly fuzz list --fuzz-dir fuzz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in $targets; do
  mkdir -p "$work/$t"
  echo "== fuzz $t for ${seconds}s"
  if ! cargo +nightly fuzz run --fuzz-dir fuzz "$t" "$work/$t" fuzz/seeds/"$t" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$work/$t.log" 2>&1; then
    tail -n 60 "$work/$t.log"
    echo "fuzz target $t failed"
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$work/$t.log" || true
done
echo "all fuzz targets ran ${seconds}s without a failure"
