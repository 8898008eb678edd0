#!/usr/bin/env bash
# The project's one test command (README, CI's .ci/run): installs what is
# missing, builds with warnings as errors, and runs every test.
#  - The test tree is the sanitizer tree (cmake/sanitize.cmake): clang, ASan +
#    UBSan on every file. Unit, end-to-end, hostile, real-client, workflow and
#    lint tests run there; every fuzz target replays its corpus and past
#    crashes and is fuzzed for a few seconds (tests/fuzz). A sanitizer report
#    from any process fails the run (tests/sanitize/reports.sh).
#  - The release (scripts/build-release.sh: gcc, static, mbedTLS) is built once
#    by ctest (release.build) for the release and install tests and for the
#    benchmarks, which time those shipped programs against their peers.
#   scripts/test.sh [ctest args...]     e.g. scripts/test.sh -L unit
# FLYPIN_FUZZ_SECONDS sets how long each fuzz target runs (default 5).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FLYPIN_BUILD_DIR:-$root/build}"
jobs="${FLYPIN_JOBS:-$(nproc)}"
started=$SECONDS

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
# A tree configured otherwise before (another compiler or generator) starts afresh.
if [[ -f $build/CMakeCache.txt ]] && ! grep -qx 'FLYPIN_SANITIZE:BOOL=ON' "$build/CMakeCache.txt"; then
  rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
# Debug is -O0: the sanitized tree compiles in half the time of -O1, and the
# tests wait on processes and servers, not on the CPU. Line tables are all a
# sanitizer's stack trace needs.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only -DFLYPIN_SANITIZE=ON -DFLYPIN_WERROR=ON \
  -DFLYPIN_FUZZ_SECONDS="${FLYPIN_FUZZ_SECONDS:-5}" -DFLYPIN_CURL_ROOT="$curl_root" "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$jobs"
echo "test: built in $((SECONDS - started)) s" >&2
cd "$build"
status=0
rm -f release/report.txt bench-report.txt sanitizer-reports/report*
ctest --output-on-failure --timeout 600 -j"$jobs" "$@" || status=$?
"$root/tests/sanitize/reports.sh" sanitizer-reports || status=1
# What the fuzz targets ran (libFuzzer's final stats), when they ran.
"$root/tests/fuzz/stats.sh" Testing/Temporary/LastTest.log || true
# Every benchmark's targets and verdicts (tests/support/bench), when they ran.
if [[ -f bench-report.txt ]]; then cat bench-report.txt; fi
# Release sizes and install time against their targets (tests/release), when they ran.
if [[ -f release/report.txt ]]; then cat release/report.txt; fi
echo "test: $((SECONDS - started)) s in all" >&2
exit "$status"
