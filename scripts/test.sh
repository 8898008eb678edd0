#!/usr/bin/env bash
# The project's one test command (README, CI): installs what is missing,
# builds with warnings as errors, and runs every test (unit, end-to-end
# against the real registry and the emulators, lint, install, benchmarks).
#   scripts/test.sh [ctest args...]     e.g. scripts/test.sh -L unit
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FLYPIN_BUILD_DIR:-$root/build}"
jobs="${FLYPIN_JOBS:-$(nproc)}"

"$root/scripts/install-deps.sh"
for setup in "$root"/tests/lint/setup.sh "$root"/tests/workflow/setup.sh "$root"/tests/support/deno/setup.sh; do
  if [[ -x $setup ]]; then "$setup" >/dev/null; fi
done

# Linked with a static libcurl that speaks only HTTP(S), rather than the
# distribution's shared one and its thirty dependencies. OpenSSL here; the
# release programs (mbedTLS) are built and tested by tests/release.
curl_root=$("$root/scripts/build-curl.sh" --tls openssl) || {
  echo "test: WARNING: could not build the minimal libcurl; testing with the system's shared one" >&2
  curl_root=
}
# ccache (installed above) makes a rebuild of unchanged files a cache hit, also
# from another clone of the repository (paths below the root are hashed relative).
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$root"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# FLYPIN_SANITIZE=1 adds the sanitizer run (scripts/sanitize.sh, a second tree).
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLYPIN_WERROR=ON \
  -DFLYPIN_CURL_ROOT="$curl_root" -DFLYPIN_SANITIZE_CTEST="${FLYPIN_SANITIZE:-0}" "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$jobs"
cd "$build"
status=0
rm -f release/report.txt
ctest --output-on-failure --timeout 600 -j"$jobs" "$@" || status=$?
# Release sizes and install time against their targets (tests/release), when they ran.
if [[ -f release/report.txt ]]; then cat release/report.txt; fi
exit "$status"
