#!/usr/bin/env bash
# A FLYPIN_BUILD_COMMAND (scripts/install.sh) for the tests and the demo: the
# "build" links the programs of an existing build tree into $FLYPIN_BUILD_OUT,
# so the install action and the actions' own install steps take a second, not
# the minutes of a real source build.
#   FLYPIN_BUILD_COMMAND="'$PWD/tests/workflow/link-build-tree.sh' '$PWD/build/bin'"
set -euo pipefail
bin=${1:?usage: link-build-tree.sh BIN_DIR}
: "${FLYPIN_BUILD_OUT:?set by scripts/install.sh}"
mkdir -p "$FLYPIN_BUILD_OUT"
for p in build-image pin-image smoke-machine roll-machines; do
  [[ -x $bin/$p ]] || { echo "link-build-tree: $bin/$p is missing; build it first" >&2; exit 1; }
  ln -sf "$bin/$p" "$FLYPIN_BUILD_OUT/$p"
done
