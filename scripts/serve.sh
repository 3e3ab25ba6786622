#!/usr/bin/env bash
# Command 1 of the README: install what is missing, build the release app, serve it.
#   scripts/serve.sh [PORT]      (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
t0=$SECONDS
trunk build --release
echo "==> release build took $((SECONDS - t0)) s"
node scripts/size-report.mjs dist
# brotli/gzip copies, sent by serve.mjs with Content-Encoding as a CDN would
node scripts/precompress.mjs dist
exec node scripts/serve.mjs dist "${1:-8080}"
