#!/usr/bin/env bash
# Checks that a change leaves the shipped scenarios' tables byte-identical (for
# behaviour-preserving changes): runs every shipped scenario (every policy) with a few
# replications and compares each table file with a reference recorded before the change.
#
#   scripts/tables-identical.sh record REF_DIR   # with the binary of the commit before
#   scripts/tables-identical.sh check  REF_DIR   # with the binary of the change
#
# With a third argument `--with-compare`, it also runs `compare` (one file, and the
# 2023 and 2025 files together) and a two-key `sweep`, and checks their tables too
# (record the reference with the same option).
#
# QUOTASIM (default: target/release/quotasim under CARGO_TARGET_DIR or ./target) names
# the binary. Charts and reports are left out (--no-charts); run.json holds wall times.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: tables-identical.sh record|check REF_DIR [--with-compare]"
mode=${1:?$usage}
ref=${2:?$usage}
more=${3:-}
bin=${QUOTASIM:-${CARGO_TARGET_DIR:-target}/release/quotasim}
[ -x "$bin" ] || { echo "no binary at $bin: build with cargo build --release first" >&2; exit 2; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for scenario in scenarios/*.toml scenarios/validation/*.toml; do
  name=$(basename "$scenario" .toml)
  "$bin" run "$scenario" --replications 3 --threads 2 --format both --no-charts --quiet \
    --out "$out/$name" > "$out/$name.stdout"
  mv "$out/$name.stdout" "$out/$name/stdout.txt"
  rm -f "$out/$name/run.json" "$out/$name"/report.*
done
if [ "$more" = --with-compare ]; then
  # name, then the command's arguments
  while read -r name args; do
    # shellcheck disable=SC2086 # the arguments are split on purpose
    "$bin" $args --replications 3 --weeks 6 --threads 2 --format both --no-charts --quiet \
      --out "$out/$name" > "$out/$name.stdout"
    mv "$out/$name.stdout" "$out/$name/stdout.txt"
    rm -f "$out/$name/run.json" "$out/$name"/report.*
  done <<'RUNS'
compare-2025 compare scenarios/pontianak-2025.toml
compare-2023-2025 compare scenarios/pontianak-2023.toml scenarios/pontianak-2025.toml
sweep-2025 sweep scenarios/pontianak-2025.toml --set stage.biometrics.counters=5..6:1 --set lanes.online.quota.default=100..120:20
RUNS
elif [ -n "$more" ]; then
  echo "$usage" >&2; exit 2
fi

case "$mode" in
  record)
    rm -rf "$ref"; mkdir -p "$(dirname "$ref")"; cp -r "$out" "$ref"
    echo "recorded $(find "$ref" -type f | wc -l) files in $ref" ;;
  check)
    if diff -rq "$ref" "$out"; then
      echo "identical: $(find "$ref" -type f | wc -l) files"
    else
      echo "tables differ from $ref" >&2; exit 1
    fi ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
