#!/usr/bin/env bash
# ASan + UBSan over the unit tests and the end-to-end tests, and short libFuzzer
# runs of every parser of untrusted input, in a second build tree built with
# clang. Fails on any sanitizer report, from the tests or from any program or
# emulator they ran (reports are collected from files, see
# tests/sanitize/sanitizer_defaults.cc). CI runs it as the ctest entry `sanitize`.
#   scripts/sanitize.sh            build, then unit + fuzz + e2e
#   scripts/sanitize.sh fuzz       build, then the fuzz entries only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FLYPIN_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
jobs="${FLYPIN_JOBS:-$(nproc)}"
what="${1:-all}"
logs="$build/sanitizer-reports"

"$root/scripts/install-deps.sh" --sanitizer
for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "sanitize: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
curl_root=$("$root/scripts/build-curl.sh") || curl_root=
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

mkdir -p "$build" "$logs"
rm -f "$logs"/report*
# Every executable links the built-in options; coverage instrumentation
# (fuzzer-no-link) everywhere lets the fuzz targets steer by the libraries' code.
defaults="$build/sanitizer_defaults.o"
clang++ -c -O1 -DFLYPIN_SANITIZER_LOG="\"$logs/report\"" "$root/tests/sanitize/sanitizer_defaults.cc" -o "$defaults"
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
ignore="-fsanitize-ignorelist=$root/tests/sanitize/ignorelist.txt"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  "${launcher[@]}" -DCMAKE_CXX_FLAGS="-O0 $san $ignore -fsanitize=fuzzer-no-link" -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only \
  -DCMAKE_EXE_LINKER_FLAGS="$san $defaults" -DFLYPIN_FUZZ=ON -DFLYPIN_CURL_ROOT="$curl_root" >/dev/null

# The ignore list is not a compiler flag make tracks: a changed list needs a clean tree.
stamp="$build/ignorelist.sha256"
want=$(sha256sum "$root/tests/sanitize/ignorelist.txt" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") != "$want" ]]; then
  cmake --build "$build" --target clean
fi
echo "$want" >"$stamp"

# Only what the run needs: the GoogleTest binaries (until built, ctest lists each
# as <target>_NOT_BUILT: the unit tests and the discovered e2e ones), the fuzz
# targets, and the end-to-end binaries with the programs they run.
# Once built they no longer show, so the list is kept for the next run.
known="$build/gtest-targets.txt"
touch "$known"
mapfile -t unit < <({ ctest --test-dir "$build" -N 2>/dev/null |
  sed -n 's/.*Test *#[0-9]*: \(.*\)_NOT_BUILT$/\1/p'; cat "$known"; } | sort -u)
printf '%s\n' "${unit[@]}" >"$known"
mapfile -t fuzz < <(ctest --test-dir "$build" -N -L fuzz | sed -n 's/.*Test *#[0-9]*: fuzz\.\(.*\)$/fuzz_\1/p')
e2e=(pin_image_e2e_test smoke_machine_e2e_test build_image_e2e_test registry_e2e_test
  fly_emulator_e2e_test supabase_e2e_test)
case $what in
  fuzz) targets=("${fuzz[@]}") ;;
  *) targets=("${unit[@]}" "${fuzz[@]}" "${e2e[@]}") ;;
esac
cmake --build "$build" -j"$jobs" --target "${targets[@]}"

status=0
cd "$build"
if [[ $what == fuzz ]]; then
  ctest --output-on-failure -L fuzz || status=1
else
  ctest --output-on-failure -j"$jobs" -L 'unit|fuzz' || status=1
  for t in "${e2e[@]}"; do
    echo "sanitize: $t" >&2
    "$build/bin/$t" --gtest_brief=1 || { echo "sanitize: $t failed" >&2; status=1; }
  done
fi

shopt -s nullglob
reports=("$logs"/report*)
if ((${#reports[@]})); then
  echo "sanitize: ${#reports[@]} sanitizer report(s):" >&2
  for r in "${reports[@]}"; do
    echo "--- $r" >&2
    head -n 60 "$r" >&2
  done
  status=1
fi
((status == 0)) && echo "sanitize: no sanitizer report; unit, fuzz and end-to-end runs passed" >&2
exit "$status"
