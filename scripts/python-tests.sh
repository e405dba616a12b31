#!/usr/bin/env bash
# The Python tier: the quotelens wheel (crates/quotelens-py + python/quotelens) against the
# command line, on Spark local[2] and a Dask LocalCluster (python/tests). Installs what it needs
# into .venv/ once (scripts/python-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/python-env.sh
. scripts/python-env.sh

python_env
python_wheel
nice cargo build --release --quiet -p quotelens-cli   # the tests compare with `quotelens batch`
# -p no:cacheprovider: no .pytest_cache in the tree; logs of Spark and Dask only on failure
(cd python/tests && "$PY" -m pytest -q -p no:cacheprovider "$@")
