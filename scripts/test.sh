#!/usr/bin/env bash
# Runs every test of the project on a fresh machine of this kind (the README's test command).
# Installs what the tests need, skipping what is already there at the right version.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE   # the machine sets it; it makes failures unreadable

step() { printf '\n== %s\n' "$*"; }

step "toolchain: wasm32 target"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

step "lints"
cargo clippy --release --workspace --all-targets --quiet -- -D warnings

step "unit, fixture, robustness and CLI tests"
cargo test --release --workspace --quiet

step "the core compiles for the browser (wasm32-unknown-unknown)"
cargo check --release --quiet -p quotelens-core --target wasm32-unknown-unknown

step "quick benchmark (numbers only: speed targets are read, not asserted)"
cargo run --release --quiet -p quotelens-cli -- bench --mb 5

step "peer benchmark, quick variant (installs textacy and compromise into ~/.cache once; writes to a temp dir)"
bench/run.sh --quick

echo
echo "all tests passed"
