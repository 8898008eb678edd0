#!/usr/bin/env bash
# Runs shellcheck over every tracked or new shell script in the repository
# (busybox-ash app scripts are checked as dash; SC2187 only says so).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mapfile -t scripts < <(git ls-files -co --exclude-standard -- '*.sh' | grep -v '/node_modules/' | sort -u)
shellcheck --severity=warning --exclude=SC2187 "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
