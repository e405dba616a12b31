#!/usr/bin/env bash
# Prints the size of the built app in dist/ (wasm + js + css, raw and gzip -9): the README's
# size table comes from this. scripts/app-size.sh [DIR] measures another build folder (bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
total_raw=0
total_gz=0
printf '| file | bytes | gzip |\n|---|---|---|\n'
for f in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css; do
  raw=$(stat -c%s "$f")
  gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '| %s | %d | %d |\n' "${f#"$dist"/}" "$raw" "$gz"
done
awk -v r="$total_raw" -v g="$total_gz" 'BEGIN { printf "| **total** | %d | %d (%.1f KB) |\n", r, g, g / 1024 }'
