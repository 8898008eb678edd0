#!/usr/bin/env bash
# Runs the canary (canary.cc) with one fault and its reports sent to a folder
# of its own, then expects reports.sh, the check scripts/test.sh runs after
# ctest, to find the report and fail.
#   canary_test.sh CANARY heap-overflow|undefined
set -euo pipefail
canary=${1:?canary}
fault=${2:?fault}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The built-in options write to the tree's report folder; these send this
# deliberate report elsewhere (options from the environment come after them).
status=0
ASAN_OPTIONS="log_path=$dir/report" UBSAN_OPTIONS="log_path=$dir/report:print_stacktrace=1" \
  "$canary" "$fault" >/dev/null 2>&1 || status=$?
((status != 0)) || { echo "canary_test: the $fault canary exited 0: the sanitizer did not stop it" >&2; exit 1; }
if "$here/reports.sh" "$dir" >"$dir/out.txt" 2>&1; then
  echo "canary_test: reports.sh found no report of the $fault canary" >&2
  exit 1
fi
case $fault in
  heap-overflow) want="AddressSanitizer: heap-buffer-overflow" ;;
  undefined) want="runtime error: signed integer overflow" ;;
esac
grep -q "$want" "$dir/out.txt" || { echo "canary_test: no '$want' in:" >&2; cat "$dir/out.txt" >&2; exit 1; }
echo "canary_test: the $fault canary exited $status and reports.sh failed on its report ($want)"
