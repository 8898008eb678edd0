#!/usr/bin/env bash
# Installs a test tool's npm packages into DIR/node_modules from DIR's committed
# package-lock.json (npm ci: exact versions and integrity hashes). Idempotent:
# a stamp of the lock file's hash skips the install when nothing changed.
#   tests/support/npm/setup.sh DIR
set -euo pipefail
dir="$(cd "${1:?usage: $0 DIR}" && pwd)"
name="$(basename "$dir")"
[[ -f $dir/package-lock.json ]] || { echo "$name setup: $dir/package-lock.json is missing" >&2; exit 1; }
stamp="$dir/node_modules/.flypin-lock.sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "$name setup: npm is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
echo "$name setup: installing $(cd "$dir" && node -p 'Object.keys(require("./package.json").dependencies).join(", ")') into $dir/node_modules" >&2
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
echo "$want" >"$stamp"
