#!/usr/bin/env bash
# The sanitizer suites alone, in the one test tree that scripts/test.sh builds
# (it is the sanitizer tree: clang, ASan + UBSan on every file, libFuzzer
# coverage, cmake/sanitize.cmake): unit, end-to-end, hostile and real-client
# tests, the fuzz replays and a short fuzz run of every target. Fails on any
# test failure and on any sanitizer report from any process (reports go to
# files, tests/sanitize/sanitizer_defaults.cc; tests/sanitize/reports.sh).
# scripts/test.sh runs all of this every time, with the rest; CI's sanitizer
# and fuzz jobs run this script.
#   scripts/sanitize.sh                unit, e2e, hostile, real clients, fuzz
#   scripts/sanitize.sh fuzz [SECONDS] the fuzz entries only, SECONDS each (default 5),
#                                      new inputs kept in the build tree (tests/fuzz/work)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case ${1:-all} in
  all) exec "$root/scripts/test.sh" -L 'unit|e2e|hostile|realclients|fuzz|sanitize' ;;
  fuzz) FLYPIN_FUZZ_SECONDS="${2:-5}" exec "$root/scripts/test.sh" -L '^fuzz$' ;;
  *) echo "usage: $0 [fuzz [SECONDS]]" >&2; exit 2 ;;
esac
