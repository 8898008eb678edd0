#!/usr/bin/env bash
# Tests scripts/install.sh against a release server on 127.0.0.1.
#   install_test.sh <case>     cases: see the `case` at the end
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
install_sh="$root/scripts/install.sh"
tag=v9.9.9-test
asset="flypin-$tag-linux-x64.tar.gz"

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

die() { echo "FAIL: $*" >&2; exit 1; }

# A release tree: <www>/<tag>/<asset> holding three fake programs.
make_asset() {
  local pkg="$tmp/pkg" p
  mkdir -p "$pkg" "$tmp/www/$tag"
  for p in build-image pin-image smoke-machine roll-machines; do
    printf '#!/bin/sh\necho "%s 9.9.9 (prebuilt)"\n' "$p" >"$pkg/$p"
    chmod +x "$pkg/$p"
  done
  tar -czf "$tmp/www/$tag/$asset" -C "$pkg" build-image pin-image smoke-machine roll-machines
}

write_checksums() {  # sha
  mkdir -p "$tmp/checksums"
  printf '%s  %s\n' "$1" "$asset" >"$tmp/checksums/$tag.sha256"
}

start_server() {
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$tmp/www" >"$tmp/server.out" 2>"$tmp/server.log" &
  server_pid=$!
  local deadline=$((SECONDS + 20))
  until grep -q 'port [0-9]*' "$tmp/server.out" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || die "http server exited: $(cat "$tmp/server.log")"
    ((SECONDS < deadline)) || die "http server did not start"
    sleep 0.05
  done
  port=$(grep -o 'port [0-9]*' "$tmp/server.out" | head -1 | cut -d' ' -f2)
  export FLYPIN_RELEASE_BASE_URL="http://127.0.0.1:$port"
}

# A build stub: counts its runs and makes programs that say they were built.
stub_build() {
  # shellcheck disable=SC2016  # expanded by the build shell, not here
  export FLYPIN_BUILD_COMMAND='echo run >>"'"$tmp"'/builds"; mkdir -p "$FLYPIN_BUILD_OUT"; for p in build-image pin-image smoke-machine roll-machines; do printf "#!/bin/sh\necho \"%s built\"\n" "$p" >"$FLYPIN_BUILD_OUT/$p"; chmod +x "$FLYPIN_BUILD_OUT/$p"; done'
}
builds() { [[ -f $tmp/builds ]] && wc -l <"$tmp/builds" || echo 0; }

run_install() {  # -> $status, $tmp/out, $tmp/err
  set +e
  FLYPIN_ACTION_REF=$tag FLYPIN_CHECKSUM_DIR="$tmp/checksums" FLYPIN_INSTALL_DIR="$tmp/bin" \
    FLYPIN_CACHE_DIR="$tmp/cache" GITHUB_PATH="$tmp/github_path" GITHUB_OUTPUT="$tmp/github_output" \
    "$install_sh" >"$tmp/out" 2>"$tmp/err"
  status=$?
  set -e
}

expect_status() { [[ $status -eq $1 ]] || die "exit status $status, want $1; stderr: $(cat "$tmp/err")"; }
expect_program_says() {  # program text
  local said
  said=$("$tmp/bin/$1" --version) || die "$1 did not run"
  [[ $said == *"$2"* ]] || die "$1 says '$said', want '$2'"
}

case_prebuilt() {
  make_asset
  write_checksums "$(sha256sum "$tmp/www/$tag/$asset" | cut -d' ' -f1)"
  start_server
  stub_build
  run_install
  expect_status 0
  for p in build-image pin-image smoke-machine roll-machines; do expect_program_says "$p" prebuilt; done
  [[ $(builds) -eq 0 ]] || die "built from source although a verified asset existed"
  grep -q "release asset $asset (SHA-256 verified)" "$tmp/out" || die "no 'how' line: $(cat "$tmp/out")"
  grep -qx "$tmp/bin" "$tmp/github_path" || die "install dir not appended to GITHUB_PATH"
  grep -qx "method=release" "$tmp/github_output" || die "method output missing"
}

case_bad_checksum() {
  make_asset
  write_checksums "$(printf '0%.0s' {1..64})"
  start_server
  stub_build
  run_install
  expect_status 1
  grep -q "checksum mismatch for $asset" "$tmp/err" || die "no clear mismatch message: $(cat "$tmp/err")"
  [[ ! -e $tmp/bin/build-image ]] || die "installed a program with a bad checksum"
  [[ $(builds) -eq 0 ]] || die "fell back to a build after a checksum mismatch"
  [[ ! -s $tmp/github_path ]] || die "GITHUB_PATH written after a failure"
}

case_missing_asset() {
  mkdir -p "$tmp/www"
  write_checksums "$(printf 'a%.0s' {1..64})"
  start_server
  stub_build
  run_install
  expect_status 0
  grep -q "HTTP 404" "$tmp/err" || die "404 not reported: $(cat "$tmp/err")"
  [[ $(builds) -eq 1 ]] || die "expected one build, got $(builds)"
  expect_program_says build-image built
  grep -q "from source build" "$tmp/out" || die "no 'how' line: $(cat "$tmp/out")"
}

# No checksum file for the ref: the asset is never fetched (nothing to verify it against).
case_unvouched_ref() {
  make_asset
  start_server
  stub_build
  run_install
  expect_status 0
  [[ $(builds) -eq 1 ]] || die "expected a build, got $(builds)"
  ! grep -q "$asset" "$tmp/server.log" || die "fetched an asset it could not verify"
}

case_cache_hit() {
  mkdir -p "$tmp/www"
  start_server
  stub_build
  run_install
  expect_status 0
  rm -rf "${tmp:?}/bin"
  run_install
  expect_status 0
  [[ $(builds) -eq 1 ]] || die "second install rebuilt ($(builds) builds)"
  grep -q "from cached source build" "$tmp/out" || die "cache not used: $(cat "$tmp/out")"
  expect_program_says pin-image built
}

case_plan() {
  mkdir -p "$tmp/checksums"
  local out
  out=$(FLYPIN_ACTION_REF=$tag FLYPIN_CHECKSUM_DIR="$tmp/checksums" "$install_sh" --plan)
  grep -qx "source=build" <<<"$out" || die "plan without checksum file: $out"
  grep -qE '^cache-key=flypin-Linux-[a-z0-9_]+-[0-9a-f]{32}$' <<<"$out" || die "cache key: $out"
  write_checksums "$(printf 'a%.0s' {1..64})"
  out=$(FLYPIN_ACTION_REF=$tag FLYPIN_CHECKSUM_DIR="$tmp/checksums" "$install_sh" --plan)
  grep -qx "source=release" <<<"$out" || die "plan with checksum file: $out"
  out=$(FLYPIN_ACTION_REF='../etc' FLYPIN_CHECKSUM_DIR="$tmp/checksums" "$install_sh" --plan)
  grep -qx "source=build" <<<"$out" || die "path-like ref accepted: $out"
}

# The real thing: cmake build of the three programs from this checkout.
# Opt-in (FLYPIN_SLOW_TESTS=1): it took 868 s on a loaded 2-core machine.
case_from_source() {
  [[ -n ${FLYPIN_SLOW_TESTS:-} ]] || { echo "SKIP: set FLYPIN_SLOW_TESTS=1 to build from source"; exit 77; }
  # Skip (77) while a program's module is still missing from the tree.
  cmake -S "$root" -B "$tmp/probe" -DFLYPIN_BUILD_TESTS=OFF -G "Unix Makefiles" >/dev/null
  local p
  for p in build-image pin-image smoke-machine roll-machines; do
    grep -q "^$p:" "$tmp/probe/Makefile" || { echo "SKIP: $p is not a build target yet"; exit 77; }
  done
  mkdir -p "$tmp/www"
  start_server
  unset FLYPIN_BUILD_COMMAND
  export FLYPIN_SKIP_DEPS=1
  run_install
  expect_status 0
  for p in build-image pin-image smoke-machine roll-machines; do
    "$tmp/bin/$p" --version >/dev/null || die "$p --version failed"
  done
  cat "$tmp/out"
}

# The real release assets (scripts/build-release.sh, fixture release.build):
# install.sh fetches, verifies against the sums build-release.sh wrote, and
# installs them, within the 2 s target.
case_release_asset() {
  local dist=${FLYPIN_RELEASE_DIST:-} p
  tag=${FLYPIN_RELEASE_TAG:-$tag}
  asset="flypin-$tag-linux-x64.tar.gz"
  [[ -f $dist/$asset && -f $dist/$tag.sha256 ]] || die "no release assets in '$dist' (run scripts/build-release.sh)"
  mkdir -p "$tmp/www/$tag" "$tmp/checksums"
  cp "$dist/$asset" "$tmp/www/$tag/"
  cp "$dist/$tag.sha256" "$tmp/checksums/"
  start_server
  stub_build
  run_install
  expect_status 0
  [[ $(builds) -eq 0 ]] || die "built from source although the release asset was verified"
  for p in build-image pin-image smoke-machine roll-machines; do
    cmp -s "$tmp/bin/$p" "$dist/$p-linux-x64" || die "$p differs from the released binary"
  done
  local took
  took=$(grep -oE 'in [0-9]+\.[0-9]{3} s$' "$tmp/out" | grep -oE '[0-9]+\.[0-9]{3}') || die "no time in: $(cat "$tmp/out")"
  printf 'install from the release asset (%s bytes): %s s (target <= 2 s)\n' "$(stat -c %s "$dist/$asset")" "$took" |
    tee -a "${FLYPIN_RELEASE_REPORT:-/dev/null}"
  awk -v t="$took" 'BEGIN { exit !(t <= 2.0) }' || die "installing took $took s, over the 2 s target"
}

case "${1:-}" in
  release-asset) case_release_asset ;;
  prebuilt) case_prebuilt ;;
  bad-checksum) case_bad_checksum ;;
  missing-asset) case_missing_asset ;;
  unvouched-ref) case_unvouched_ref ;;
  cache-hit) case_cache_hit ;;
  plan) case_plan ;;
  from-source) case_from_source ;;
  *) echo "usage: $0 release-asset|prebuilt|bad-checksum|missing-asset|unvouched-ref|cache-hit|plan|from-source" >&2; exit 2 ;;
esac
echo "ok: $1"
