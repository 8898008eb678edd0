#!/usr/bin/env bash
# Fails when a sanitizer wrote any report into DIR (the sanitizer tree's
# report folder, cmake/sanitize.cmake), printing the start of each; scripts/test.sh
# runs it after ctest, so a report from any process fails the run, also one
# from a program whose test expected it to fail anyway.
#   reports.sh DIR
set -euo pipefail
dir=${1:?report folder}
shopt -s nullglob
reports=("$dir"/report*)
if ((${#reports[@]} == 0)); then
  echo "sanitizers: no report in $dir"
  exit 0
fi
echo "sanitizers: ${#reports[@]} report(s) in $dir:" >&2
for r in "${reports[@]}"; do
  echo "--- $r" >&2
  head -n 60 "$r" >&2
done
exit 1
