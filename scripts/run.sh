#!/usr/bin/env bash
# The README's run command: builds the CLI and lists the quotes and claims of the built-in
# sample article (the annotator app will take this place when it lands).
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE
cargo run --release --quiet -p quotelens-cli -- demo
