#!/usr/bin/env bash
# Fixture release.build: scripts/build-release.sh into DIR/dist (CMake build
# kept in DIR/build, so later runs are incremental). Writes DIR/report.txt:
# the build time and each size against its target (scripts/test.sh prints it).
#   build_test.sh DIR TAG
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir=${1:?release dir}
tag=${2:?tag}
mkdir -p "$dir"
start=$(date +%s%3N)
"$root/scripts/build-release.sh" --tag "$tag" --out "$dir/dist" --build-dir "$dir/build" >"$dir/sizes.txt"
took=$(($(date +%s%3N) - start))
{
  echo "release build (scripts/build-release.sh, dependencies cached): $((took / 1000)).$(printf '%03d' $((took % 1000))) s"
  cat "$dir/sizes.txt"
} | tee "$dir/report.txt"
