#!/usr/bin/env bash
# Installs Deno (npm package `deno`, whose linux-x64 binary ships inside
# @deno/linux-x64-glibc) into tests/support/deno/node_modules from the
# committed package-lock.json, for examples/edge-function. Idempotent; prints
# the deno binary's path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../npm/setup.sh" "$here"
deno="$here/node_modules/.bin/deno"
"$deno" --version >/dev/null || { echo "deno setup: $deno does not run" >&2; exit 1; }
echo "$deno"
