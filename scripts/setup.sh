#!/usr/bin/env bash
# Installs what building (and, with --test, testing) Cloudwright needs, skipping whatever is
# already there. Works offline apart from crates.io, npm and Debian's package mirror.
# See ../shared/TOOLCHAIN.md for why each version is pinned.
#   scripts/setup.sh          wasm target, Trunk, wasm-bindgen-cli, wasm-split-cli, npm packages (wasm-opt)
#   scripts/setup.sh --test   the above, plus Chromium and chromedriver
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly, or Trunk tries a download.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
WASM_OPT_VERSION=132
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '==> %s\n' "$*"; }
timed() {
  local what=$1; shift
  local t0=$SECONDS
  "$@"
  say "$what took $((SECONDS - t0)) s"
}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  timed "rustup target add wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 15 min on 2 cores)"
  timed "trunk install" cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 min)"
  # Not --locked: one locked dependency is missing from the registry mirror (TOOLCHAIN.md).
  timed "wasm-bindgen-cli install" cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The code splitter (scripts/wasm-split.mjs, a Trunk post_build hook): its wasm_split_cli_support
# must match the wasm_split_helpers in Cargo.lock (Leptos's split points), 0.2.3.
WASM_SPLIT_VERSION=0.2.3
# (The CLI has no --version: cargo's list of installed crates says which one it is.)
if ! { command -v wasm-split-cli >/dev/null && cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; }; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 5 min)"
  timed "wasm-split-cli install" cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

if ! { [ -x node_modules/.bin/wasm-opt ] && node_modules/.bin/wasm-opt --version | grep -q "version $WASM_OPT_VERSION" \
       && [ -d node_modules/playwright-core ] && [ -d node_modules/aws-icons ]; }; then
  timed "npm ci" npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--test" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    timed "apt-get install chromium chromium-driver" bash -c "$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null"
  fi
fi
if [ "${1:-}" = "--test" ]; then
  # cfn-lint (PyPI) checks every exported CloudFormation template (scripts/test.sh), in a
  # project-local venv so nothing is installed system-wide. Pinned: its rules change often.
  CFN_LINT_VERSION=1.58.0
  if ! .tools/cfn-lint-venv/bin/cfn-lint --version 2>/dev/null | grep -q " $CFN_LINT_VERSION\$"; then
    if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      timed "apt-get install python3-venv" bash -c "$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null"
    fi
    timed "cfn-lint $CFN_LINT_VERSION (venv)" bash -c "python3 -m venv .tools/cfn-lint-venv && .tools/cfn-lint-venv/bin/pip install -q --disable-pip-version-check cfn-lint==$CFN_LINT_VERSION"
  fi
fi
say "tools ready: $(trunk --version), wasm-bindgen $WASM_BINDGEN_VERSION, wasm-split-cli $WASM_SPLIT_VERSION, $(wasm-opt --version)"
