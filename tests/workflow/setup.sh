#!/usr/bin/env bash
# Installs the workflow runner's libraries (GitHub's workflow parser and
# expression evaluator) into tests/workflow/node_modules from the committed
# package-lock.json. Idempotent.
exec "$(dirname "${BASH_SOURCE[0]}")/../support/npm/setup.sh" "$(dirname "${BASH_SOURCE[0]}")"
