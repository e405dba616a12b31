# Sourced by scripts/test.sh and scripts/run.sh: installs what the annotator app needs to build,
# serve and test, skipping whatever is already there at the right version (a fresh machine has
# none of it; see TOOLCHAIN facts in the README). Only crates.io, npm and Debian are used.
#   web_tools build   — wasm32 target, trunk, wasm-bindgen CLI, npm packages (wasm-opt)
#   web_tools test    — the same, plus Debian's Chromium and chromedriver

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

# our wasm-opt (npm binaryen 132) must come before any other on PATH: Debian's binaryen 108
# builds a page that stays blank
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

apt_install() {
  if [ -z "${QUOTELENS_APT_UPDATED:-}" ]; then
    apt-get update -qq
    QUOTELENS_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

web_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    echo "installing trunk $TRUNK_VERSION (takes 13-18 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --quiet
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
    || [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" != "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ]; then
    echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 10 minutes)"
    # no --locked: the registry lacks one of its pinned dependencies
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --quiet --force
  fi
  if ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ] || [ ! -d node_modules/playwright-core ] \
    || [ ! -d node_modules/axe-core ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  if [ "$(node_modules/.bin/wasm-opt --version | awk '{print $3}')" != "132" ]; then
    echo "node_modules/.bin/wasm-opt is not binaryen 132" >&2
    return 1
  fi
  if [ "${1:-build}" = test ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
    apt_install chromium chromium-driver
  fi
}
