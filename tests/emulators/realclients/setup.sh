#!/usr/bin/env bash
# Installs the real clients the emulators are tested against (the official
# Supabase CLI, whose binaries ship in its @supabase/cli-<platform> npm
# packages, and fly-admin) into tests/realclients/node_modules from the
# committed package-lock.json. Install scripts are never run, so nothing is
# fetched from anywhere but the npm registry. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$here/node_modules/.flypin-lock.sha256"
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "realclients setup: npm is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
echo "realclients setup: installing the Supabase CLI and fly-admin into $here/node_modules" >&2
npm ci --prefix "$here" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
"$here/node_modules/.bin/supabase" --version >/dev/null || {
  echo "realclients setup: the Supabase CLI binary did not come with its npm package" >&2
  exit 1
}
echo "$want" >"$stamp"
