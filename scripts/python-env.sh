# shellcheck shell=bash
# Sourced by scripts/python-tests.sh and bench/spark.sh: the Python side of Quotelens.
#   python_env    .venv/ (ignored) with python/requirements-test.txt (PySpark, pyarrow, pandas<3,
#                 Dask, maturin, pytest), installed only when that file changed since the last
#                 install; a JRE through apt only when `java` is missing. Exports PYSPARK_PYTHON.
#   python_wheel  builds the quotelens wheel (maturin, into target/wheels, sharing target/) and
#                 installs it into .venv/.
# Run from the repository's root.

PY_VENV=${QUOTELENS_VENV:-$PWD/.venv}
PY="$PY_VENV/bin/python"

python_env() {
  local stamp
  stamp=$(sha256sum python/requirements-test.txt | cut -c1-16)
  if [ "$(cat "$PY_VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "python: installing python/requirements-test.txt into $PY_VENV (PySpark is ~450 MB: a few minutes, once)"
    rm -rf "$PY_VENV"
    python3 -m venv "$PY_VENV"
    "$PY" -m pip --disable-pip-version-check -q install -r python/requirements-test.txt
    echo "$stamp" > "$PY_VENV/.stamp"
  fi
  if ! command -v java >/dev/null; then
    echo "python: no java on PATH; installing a JRE for Spark (apt)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  fi
  # Spark's Python workers must run the venv's interpreter, or they miss pyarrow and quotelens.
  export PYSPARK_PYTHON="$PY" PYSPARK_DRIVER_PYTHON="$PY"
  export SPARK_LOCAL_IP=127.0.0.1
}

python_wheel() {
  rm -f target/wheels/quotelens-*.whl
  (cd python && nice "$PY" -m maturin build --release --quiet --out ../target/wheels)
  "$PY" -m pip --disable-pip-version-check -q install --force-reinstall --no-deps target/wheels/quotelens-*.whl
}
