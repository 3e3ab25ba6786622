#!/usr/bin/env bash
# Deploys the release build (dist/) to the S3 bucket behind the CloudFront distribution that
# hosting/cloudformation.yaml creates (see the README, "Hosting on S3 + CloudFront").
#
#   scripts/deploy-s3.sh BUCKET DISTRIBUTION_ID [FOLDER]
#
#   FOLDER  serve the app from a folder of the site, e.g. `planner` for https://host/planner/
#           (default: the site's root).
#
# Build first: `trunk build --release` (the build writes dist/sw.js, the service worker, whose
# precache list names every file of the build). Needs the AWS CLI v2 and credentials allowed
# to write the bucket and invalidate the distribution. DIST=dir overrides dist/.
#
# The order keeps every visitor on one whole version, old or new, never a mix:
#   1. Hashed assets (name-<16 hex>.wasm/.js/.css/...): Cache-Control "public, max-age=31536000,
#      immutable". Their names are new, so uploading them first changes nothing for anyone.
#   2. The other files (icons/, templates/, boot.js, ...): "no-cache" (revalidated each time;
#      an unchanged file costs a 304).
#   3. The entry points last, "no-cache": manifest.webmanifest, index.html, then sw.js. A
#      browser finds a new version by comparing sw.js, and by then everything it lists is in place
#      (the worker also checks each file's SHA-256 and retries later on any mismatch).
#   4. An invalidation of the no-cache paths, so edge caches drop their copies at once.
# Each object gets its Content-Type from its extension (application/wasm for .wasm, which
# streaming compilation requires), not from a guess. Compression is CloudFront's (gzip and
# brotli are enabled in the stack's cache policy).
# Old hashed assets are kept (no delete): a page or service worker of the previous version may
# still ask for them. Remove them once nobody runs that version; versioning keeps overwritten
# objects 30 days.
set -euo pipefail

usage() {
  echo "usage: scripts/deploy-s3.sh BUCKET DISTRIBUTION_ID [FOLDER]" >&2
  exit 2
}
[ $# -ge 2 ] && [ $# -le 3 ] || usage
bucket=$1
distribution=$2
folder=${3:-}
folder=${folder#/}
folder=${folder%/}
[[ $bucket =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || { echo "deploy-s3: \"$bucket\" is not an S3 bucket name" >&2; exit 2; }
[[ $distribution =~ ^[A-Z0-9]{8,20}$ ]] || { echo "deploy-s3: \"$distribution\" is not a CloudFront distribution id (like E1ABCDEF2GHIJK)" >&2; exit 2; }
[[ -z $folder || ( $folder =~ ^[A-Za-z0-9._~/-]+$ && $folder != *..* && $folder != *//* ) ]] || {
  echo "deploy-s3: the folder \"$folder\" must be a plain path (letters, digits, - _ . ~ /, no ..)" >&2
  exit 2
}
prefix=${folder:+$folder/}

cd "$(dirname "$0")/.."
dist=${DIST:-dist}
command -v aws >/dev/null || { echo "deploy-s3: the AWS CLI (aws) is not installed" >&2; exit 2; }
[ -f "$dist/index.html" ] && [ -f "$dist/sw.js" ] || {
  echo "deploy-s3: no release build in $dist/ (index.html and sw.js); run: trunk build --release" >&2
  exit 2
}

# Every file of the build, relative to dist/, and the check that the build is whole: each one
# is in the service worker's precache list (a file added or changed after the build is not).
mapfile -t files < <(cd "$dist" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort)
# Precompressed copies (x.wasm.br beside x.wasm, for a local server) are not deployed:
# CloudFront compresses at the edge.
precompressed() { [[ $1 =~ \.(br|gz|zst)$ && -f "$dist/${1%.*}" ]]; }
kept=()
for f in "${files[@]}"; do precompressed "$f" || kept+=("$f"); done
files=("${kept[@]}")
for f in "${files[@]}"; do
  [ "$f" = sw.js ] && continue
  grep -qF "[\"$f\"," "$dist/sw.js" || { echo "deploy-s3: $dist/$f is not in sw.js's precache list: rebuild (trunk build --release)" >&2; exit 1; }
done

mime() {
  case "$1" in
    *.html) echo 'text/html; charset=utf-8' ;;
    *.js) echo 'text/javascript; charset=utf-8' ;;
    *.wasm) echo 'application/wasm' ;;
    *.css) echo 'text/css; charset=utf-8' ;;
    *.svg) echo 'image/svg+xml' ;;
    *.json) echo 'application/json' ;;
    *.webmanifest) echo 'application/manifest+json' ;;
    *.png) echo 'image/png' ;;
    *.ico) echo 'image/x-icon' ;;
    *.txt) echo 'text/plain; charset=utf-8' ;;
    *) echo 'application/octet-stream' ;;
  esac
}

IMMUTABLE='public, max-age=31536000, immutable'
REVALIDATE='no-cache'

upload() { # FILE CACHE-CONTROL
  echo "  $1  ($2)"
  aws s3 cp "$dist/$1" "s3://$bucket/$prefix$1" --only-show-errors \
    --content-type "$(mime "$1")" --cache-control "$2"
}

is_hashed() { [[ $1 =~ -[0-9a-f]{16}(_bg)?\.[A-Za-z0-9]+$ ]]; }
is_entry() { [[ $1 == index.html || $1 == sw.js || $1 == manifest.webmanifest ]]; }

echo "==> 1/4 hashed assets, cached for a year"
for f in "${files[@]}"; do
  if is_hashed "$f"; then upload "$f" "$IMMUTABLE"; fi
done
echo "==> 2/4 other files, revalidated on every use"
for f in "${files[@]}"; do
  if ! is_hashed "$f" && ! is_entry "$f"; then upload "$f" "$REVALIDATE"; fi
done
echo "==> 3/4 entry points, last"
for f in manifest.webmanifest index.html sw.js; do
  if [ -f "$dist/$f" ]; then upload "$f" "$REVALIDATE"; fi
done

echo "==> 4/4 invalidating the entry points at the edge"
paths=("/$prefix" "/${prefix}index.html" "/${prefix}sw.js" "/${prefix}manifest.webmanifest" "/${prefix}boot.js" "/${prefix}icons/*" "/${prefix}templates/*")
aws cloudfront create-invalidation --distribution-id "$distribution" --paths "${paths[@]}" --query 'Invalidation.Id' --output text

echo "deployed ${#files[@]} files to s3://$bucket/$prefix"
