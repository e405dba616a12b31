#!/usr/bin/env bash
# The README's run command: builds the annotator app (release) and serves it on
# http://127.0.0.1:8080 with `trunk serve` (offline; set QUOTELENS_PORT for another port). It
# opens on the built-in sample article, already extracted. Installs what is missing first.
# `./scripts/run.sh --cli` lists the sample's quotes and claims in the terminal instead.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE
if [ "${1:-}" = --cli ]; then
  exec cargo run --release --quiet -p quotelens-cli -- demo
fi
# shellcheck source=scripts/web-tools.sh
. scripts/web-tools.sh
web_tools build
echo "Quotelens annotator: http://127.0.0.1:${QUOTELENS_PORT:-8080}/ (Ctrl+C stops it)"
exec trunk serve --release --address 127.0.0.1 --port "${QUOTELENS_PORT:-8080}" --disable-address-lookup
