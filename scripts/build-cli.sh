#!/usr/bin/env bash
# Builds the release command line with profile-guided optimisation (PGO), trained on the
# project's own articles (tests/fixtures, tests/holdout and the built-in sample; never on a
# corpus), and prints the binary's path: target/pgo/<host>/dist/quotelens.
#
# Why: the extraction is branchy code whose hot paths the compiler cannot guess; with the
# branch counts of real articles it lays them out straight. On PolNeAR text the PGO binary
# (profile `dist`: the release profile as one unit with fat LTO, no unwinding) runs 10 %
# fewer instructions than `cargo build --release`, 6-7 % less time end to end
# (docs/performance.md). The output is the same byte for byte: `scripts/test.sh bench`
# checks it on every own article.
#
# Needs llvm-profdata of the toolchain's LLVM (rustup's llvm-tools component, added if
# missing). Two builds in their own target directories (the instrumenting flags would
# otherwise rebuild the shared one): a minute or two on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  # (a system llvm-profdata will not do: the profile's format follows rustc's LLVM version)
  command -v rustup > /dev/null \
    || { echo "build-cli.sh: needs $profdata (rustup's llvm-tools component)" >&2; exit 1; }
  rustup component add llvm-tools >&2
fi

work="$PWD/target/pgo-profile"
rm -rf "$work"
mkdir -p "$work"

# --target: the flags then reach the CLI's code only, not build scripts and proc macros
RUSTFLAGS="-Cprofile-generate=$work/raw" \
  cargo build --profile dist --quiet -p quotelens-cli --target "$host" --target-dir target/pgo-gen
trainer="target/pgo-gen/$host/dist/quotelens"

# The training runs: every own article as `extract` and `batch` read it, and once as one long
# text (the paragraphs and sentences of many stories, as an archive's files have them).
articles=(tests/fixtures/*.txt tests/holdout/*.txt)
"$trainer" sample > "$work/sample.txt"
for f in "${articles[@]}" "$work/sample.txt"; do
  "$trainer" extract "$f" > /dev/null
done
cat "${articles[@]}" "$work/sample.txt" > "$work/all.txt"
"$trainer" extract "$work/all.txt" > /dev/null
"$trainer" extract "$work/all.txt" --unit char --format text > /dev/null
python3 - "${articles[@]}" > "$work/all.jsonl" <<'PY'
import json, sys
for name in sys.argv[1:]:
    print(json.dumps({"id": name, "text": open(name, encoding="utf-8", newline="").read()}))
PY
"$trainer" batch "$work/all.jsonl" --threads 1 > /dev/null

"$profdata" merge -o "$work/cli.profdata" "$work/raw"
RUSTFLAGS="-Cprofile-use=$work/cli.profdata" \
  cargo build --profile dist --quiet -p quotelens-cli --target "$host" --target-dir target/pgo
echo "target/pgo/$host/dist/quotelens"
