#!/usr/bin/env bash
# Spark local[2] (Parquet -> Parquet) against `quotelens batch --threads 2` on the same articles,
# in one run (bench/spark.py). Options go to bench/spark.py: --mb N (default 120), --rounds N,
# --corpus DIR (.txt files instead of the fixtures, also repeated to --mb), --warm N (Spark
# jobs before the timed rounds, default 240 MB of them), --java-opts=OPTS, --write FILE.
# `bench/spark.sh --write bench/SPARK.md` regenerates the recorded run.
set -euo pipefail
cd "$(dirname "$0")/.."
unset RUST_BACKTRACE
# shellcheck source=scripts/python-env.sh
. scripts/python-env.sh
python_env
python_wheel
nice cargo build --release --quiet -p quotelens-cli
# a copy, so that a build beside the run cannot swap the binary mid-run
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cp target/release/quotelens "$bin/"
"$PY" bench/spark.py --cli "$bin/quotelens" "$@"
