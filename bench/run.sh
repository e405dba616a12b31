#!/usr/bin/env bash
# The benchmark of issue #5: Quotelens against textacy + spaCy and compromise, in one run.
#
#   bench/run.sh            full run: regenerates bench/RESULTS.md and bench/throughput.svg
#   bench/run.sh --quick    fixtures only, small sizes, short budgets, into a temporary folder
#                           (what scripts/test.sh runs, so the benchmark cannot rot)
#   bench/run.sh --corpus DIR [--corpus DIR]…   other NAME.txt + NAME.gold.json folders
#
# Builds the CLI and the timer (bench/native, natively and as WebAssembly) and the app (trunk, when
# dist/ is stale), installs the peers and Chromium (bench/setup.sh; skipped when present), then runs
# bench/bench.py. Speed targets are read in
# RESULTS.md, never asserted: a failure here means a tool failed, not that it was slow.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE

quick=0
for a in "$@"; do [ "$a" = --quick ] && quick=1; done

echo "bench: building quotelens and the timer (release)" >&2
cargo build --release --quiet -p quotelens-cli
cp Cargo.lock bench/native/Cargo.lock   # the project's pinned versions (the copy is git-ignored)
CARGO_TARGET_DIR="$PWD/target" cargo build --release --quiet --manifest-path bench/native/Cargo.toml
# the same timer as a WebAssembly module, for the page in headless Chromium
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
CARGO_TARGET_DIR="$PWD/target" cargo build --release --quiet --lib --target wasm32-unknown-unknown \
  --manifest-path bench/native/Cargo.toml

# a private copy of the binaries: other builds into target/ must not swap them mid-run
bin=$(mktemp -d "${TMPDIR:-/tmp}/quotelens-bench-bin.XXXXXX")
trap 'rm -rf "$bin"' EXIT
cp target/release/quotelens target/release/quotelens-bench \
  target/wasm32-unknown-unknown/release/quotelens_bench.wasm "$bin/"
export QUOTELENS_BENCH_BIN=$bin

# the app (web/): dist/ of `trunk build --release`, rebuilt when missing or older than its sources
# (the quick run builds into a temporary folder instead: it writes nothing into the repo), then
# copied beside the binaries, for its size and its timings in Chromium (bench/app)
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # npm's wasm-opt before Debian's
app=dist
app_src=(web/index.html web/style.css web/Cargo.toml web/src crates/quotelens-extract crates/quotelens-review Trunk.toml Cargo.lock)
if [ ! -f dist/index.html ] || [ -n "$(find "${app_src[@]}" -newer dist/index.html -type f -print -quit)" ]; then
  [ $quick = 1 ] && app="$bin/dist-build"
  echo "bench: building the app into $app (trunk build --release)" >&2
  if ! trunk build --release --dist "$app" >&2; then
    [ $quick = 1 ] || { echo "bench: trunk build --release failed" >&2; exit 1; }
    echo "bench: WARNING: the app could not be built; no app numbers" >&2
    app=
  fi
fi
if [ -n "$app" ]; then
  mkdir "$bin/app"
  cp "$app"/*.html "$app"/*.wasm "$app"/*.js "$app"/*.css "$bin/app/"
  export QUOTELENS_BENCH_APP=$bin/app
fi

peers=()
if ! bench/setup.sh >&2; then
  if [ $quick = 1 ]; then
    echo "bench: WARNING: the peers could not be installed; measuring Quotelens alone" >&2
    peers=(--no-peers)
  else
    echo "bench: the peers could not be installed (bench/setup.sh); the full run needs them" >&2
    exit 1
  fi
fi

if [ $quick = 1 ]; then
  out=$(mktemp -d "${TMPDIR:-/tmp}/quotelens-bench-quick.XXXXXX")
  python3 bench/bench.py --out "$out" ${peers[@]+"${peers[@]}"} "$@"
else
  python3 bench/bench.py --out bench "$@"
fi
