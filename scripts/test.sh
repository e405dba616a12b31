#!/usr/bin/env bash
# Runs every test of the project on a fresh machine of this kind (the README's test command).
# Installs what the tests need, skipping what is already there at the right version.
#
# The run is made of tiers that can also run alone:
#   scripts/test.sh                 every tier, in order (what CI runs)
#   scripts/test.sh --fast          fmt, clippy, unit, fixture, rule and CLI tests: the inner loop
#   scripts/test.sh TIER [TIER…]    chosen tiers: fast web widget python fuzz bench
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE   # the machine sets it; it makes failures unreadable

step() { printf '\n== %s\n' "$*"; }

# Writes out what the builds before left in memory: a browser profile or a database that the
# end-to-end tests create waits for its fsync behind it. On this kind of machine three full
# runs of this script failed an end-to-end step that creates a database, which passed alone;
# with 2.4 GB left to write, a fresh profile's step timed out at 30 s, and with the same
# written out first (`sync`: under a second) every step passed.
settle_disk() { sync; }

tools() {
  step "toolchain: wasm32 target, trunk, wasm-bindgen, npm packages, Chromium (each only if missing)"
  # shellcheck source=scripts/web-tools.sh
  . scripts/web-tools.sh
  web_tools test
}

tier_fast() {
  step "lints"
  cargo fmt --all -- --check
  cargo clippy --release --workspace --all-targets --quiet -- -D warnings

  step "unit, fixture, rule-example, robustness and CLI tests"
  cargo test --release --workspace --quiet
}

tier_web() {
  step "the core compiles for the browser (wasm32-unknown-unknown)"
  cargo check --release --quiet -p quotelens-extract -p quotelens-review --target wasm32-unknown-unknown

  step "app lints (wasm32)"
  cargo clippy --target wasm32-unknown-unknown -p quotelens-app --all-targets --quiet -- -D warnings

  step "app components and storage in headless Chromium (wasm-bindgen-test)"
  CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p quotelens-app --test browser

  step "app release build (trunk build --release) and its size"
  trunk build --release
  scripts/app-size.sh

  step "app end to end: playwright-core drives Chromium over dist/ (screenshots in tests/e2e/screenshots/)"
  settle_disk
  node tests/e2e/e2e.mjs dist
}

tier_widget() {
  step "widget lints (wasm32), build into dist-widget/ and its size"
  cargo clippy --target wasm32-unknown-unknown -p quotelens-widget --all-targets --quiet -- -D warnings
  scripts/build-widget.sh

  step "widget end to end: demo host pages under a strict CSP, playwright-core drives Chromium"
  settle_disk
  node tests/e2e/widget.mjs dist-widget
}

tier_python() {
  step "Python package on Spark local[2] and Dask, against quotelens batch (installs into .venv/ once)"
  scripts/python-tests.sh
}

tier_fuzz() {
  step "fuzz smoke run: each target in fuzz/ for 5 s from the seed corpus (installs nightly and cargo-fuzz once, ~3 min)"
  scripts/fuzz.sh 5
}

tier_bench() {
  step "quick benchmark (numbers only: speed targets are read, not asserted)"
  cargo run --release --quiet -p quotelens-cli -- bench --mb 5

  step "the PGO command line (scripts/build-cli.sh): the same output as the release build on every own article, and its numbers"
  local pgo plain=target/release/quotelens
  pgo=$(scripts/build-cli.sh)
  for f in tests/fixtures/*.txt tests/holdout/*.txt target/pgo-profile/all.txt; do
    for args in "" "--unit char" "--format text" "--explain"; do
      # shellcheck disable=SC2086 # (the options are words)
      cmp <("$plain" extract "$f" $args) <("$pgo" extract "$f" $args) \
        || { echo "the PGO build differs on $f $args" >&2; return 1; }
    done
  done
  cmp <("$plain" batch target/pgo-profile/all.jsonl) <("$pgo" batch target/pgo-profile/all.jsonl) \
    || { echo "the PGO build differs on batch" >&2; return 1; }
  "$pgo" bench --mb 5

  step "peer benchmark, quick variant (installs textacy and compromise into ~/.cache once; writes to a temp dir)"
  bench/run.sh --quick
}

tiers=("$@")
if [ ${#tiers[@]} -eq 0 ]; then
  tiers=(fast web widget python fuzz bench)
elif [ "${tiers[0]}" = --fast ]; then
  tiers=(fast)
fi
for t in "${tiers[@]}"; do
  case "$t" in
    fast | web | widget | python | fuzz | bench) ;;
    *) echo "unknown tier $t (tiers: fast web widget python fuzz bench; or --fast)" >&2; exit 2 ;;
  esac
done
case " ${tiers[*]} " in
  *" web "* | *" widget "* | *" bench "*) tools ;;
esac
for t in "${tiers[@]}"; do
  "tier_$t"
done

echo
echo "all tests passed (${tiers[*]})"
