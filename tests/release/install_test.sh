#!/usr/bin/env bash
# Tests scripts/install.sh against a release server on 127.0.0.1.
#   install_test.sh <case>     cases: see the `case` at the end
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
install_sh="$root/scripts/install.sh"
# A source tree of version 1.2.0 (the release under test); its release/ holds
# the checksum file once it is "released".
version=1.2.0
tag=v$version
asset="flypin-$tag-linux-x64.tar.gz"
release_sha=0123456789abcdef0123456789abcdef01234567

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

die() { echo "FAIL: $*" >&2; exit 1; }

src="$tmp/src"
mkdir -p "$src/src/core" "$src/cmake" "$src/scripts" "$src/release"
echo "$version" >"$src/VERSION"
echo 'int main() {}' >"$src/src/core/main.cc"
echo '# cmake' >"$src/cmake/unit_tests.cmake"
# The source build is install.sh's own (cmake configure and build); the
# project builds four programs that say they were built, and counts its builds.
cat >"$src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(flypin NONE)
foreach(p build-image pin-image smoke-machine roll-machines)
  add_custom_target(\${p} COMMAND sh \${CMAKE_SOURCE_DIR}/fake-program.sh \${p} \${CMAKE_BINARY_DIR}/bin)
endforeach()
CMAKE
cat >"$src/fake-program.sh" <<SH
mkdir -p "\$2"
printf '#!/bin/sh\necho "%s built"\n' "\$1" >"\$2/\$1"
chmod +x "\$2/\$1"
if [ "\$1" = build-image ]; then echo run >>"$tmp/builds"; fi
SH
printf '#!/bin/sh\n' >"$src/scripts/build-curl.sh"  # no minimal libcurl: nothing links one
chmod +x "$src/scripts/build-curl.sh"
export FLYPIN_SOURCE_DIR=$src FLYPIN_SKIP_DEPS=1

# A release tree: <www>/<tag>/<asset> holding four fake programs that say
# which version they are.
make_asset() {  # [version the programs say]
  local pkg="$tmp/pkg" p says=${1:-$version}
  mkdir -p "$pkg" "$tmp/www/$tag"
  for p in build-image pin-image smoke-machine roll-machines; do
    printf '#!/bin/sh\necho "%s %s (prebuilt)"\n' "$p" "$says" >"$pkg/$p"
    chmod +x "$pkg/$p"
  done
  tar -czf "$tmp/www/$tag/$asset" -C "$pkg" build-image pin-image smoke-machine roll-machines
}

# release/<tag>.sha256 as scripts/build-release.sh writes it: the sums and the
# hash of the source the assets were built from.
write_checksums() {  # sha
  printf '%s  %s\n# source %s\n' "$1" "$asset" "$("$install_sh" --source-hash)" >"$src/release/$tag.sha256"
}
asset_sum() { sha256sum "$tmp/www/$tag/$asset" | cut -d' ' -f1; }

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

builds() { [[ -f $tmp/builds ]] && wc -l <"$tmp/builds" || echo 0; }

run_install() {  # [ref] -> $status, $tmp/out, $tmp/err
  set +e
  FLYPIN_ACTION_REF=${1:-$tag} FLYPIN_INSTALL_DIR="$tmp/bin" GITHUB_ACTIONS=true \
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

# The prebuilt release for each ref that names it: @v1, @v1.2, @v1.2.0 and the
# release commit's SHA.
case_prebuilt() {  # ref
  make_asset
  write_checksums "$(asset_sum)"
  start_server
  run_install "$1"
  expect_status 0
  for p in build-image pin-image smoke-machine roll-machines; do expect_program_says "$p" "$p $version (prebuilt)"; done
  [[ $(builds) -eq 0 ]] || die "built from source although a verified asset existed"
  grep -q "release asset $asset (SHA-256 verified)" "$tmp/out" || die "no 'how' line: $(cat "$tmp/out")"
  ! grep -q "building from source" "$tmp/out" "$tmp/err" || die "a notice about building: $(cat "$tmp/out")"
  grep -qx "$tmp/bin" "$tmp/github_path" || die "install dir not appended to GITHUB_PATH"
  grep -qx "method=release" "$tmp/github_output" || die "method output missing"
  grep -q "GET /$tag/$asset " "$tmp/server.log" || die "the asset was not fetched from /$tag/: $(cat "$tmp/server.log")"
}

# A ref that does not name the release builds from source, says why in one
# notice line, and never asks the release server.
case_builds() {  # ref why-regex [tree-change]
  make_asset
  write_checksums "$(asset_sum)"
  if [[ -n ${3:-} ]]; then "$3"; fi
  start_server
  run_install "$1"
  expect_status 0
  [[ $(builds) -eq 1 ]] || die "expected one build for ref '$1', got $(builds)"
  expect_program_says build-image built
  local notices
  notices=$(grep -c "building from source" "$tmp/out" "$tmp/err" | awk -F: '{n += $2} END {print n}')
  [[ $notices -eq 1 ]] || die "want one notice line, got $notices: $(cat "$tmp/out" "$tmp/err")"
  grep -Eq "^::notice title=flypin install::building from source: $2\$" "$tmp/out" ||
    die "notice for ref '$1' does not match /$2/: $(cat "$tmp/out")"
  ! grep -q "$asset" "$tmp/server.log" || die "fetched the asset for ref '$1'"
}

# A commit after the release: same VERSION and checksum file, other source.
change_source() { echo "// a fix after the release" >>"$src/src/core/main.cc"; }

# Programs that say another version than the tree are refused.
case_wrong_version() {
  make_asset 1.1.0
  write_checksums "$(asset_sum)"
  start_server
  run_install v1
  expect_status 1
  grep -q "says 'build-image 1.1.0 (prebuilt)', not version $version" "$tmp/err" || die "no version message: $(cat "$tmp/err")"
  [[ ! -s $tmp/github_path ]] || die "GITHUB_PATH written after a failure"
}

case_bad_checksum() {
  make_asset
  write_checksums "$(printf '0%.0s' {1..64})"
  start_server
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
  run_install
  expect_status 0
  grep -q "HTTP 404" "$tmp/err" || die "404 not reported: $(cat "$tmp/err")"
  [[ $(builds) -eq 1 ]] || die "expected one build, got $(builds)"
  expect_program_says build-image built
  grep -q "from source build" "$tmp/out" || die "no 'how' line: $(cat "$tmp/out")"
}

# No checksum file for the version: the asset is never fetched (nothing to verify it against).
case_unvouched_ref() {
  make_asset
  start_server
  run_install
  expect_status 0
  [[ $(builds) -eq 1 ]] || die "expected a build, got $(builds)"
  ! grep -q "$asset" "$tmp/server.log" || die "fetched an asset it could not verify"
  grep -q "building from source: version $version has not been released: no release/$tag.sha256" "$tmp/out" ||
    die "no notice: $(cat "$tmp/out")"
}

case_cache_hit() {
  mkdir -p "$tmp/www"
  start_server
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
  local out
  out=$(FLYPIN_ACTION_REF=v1 "$install_sh" --plan)
  grep -qx "source=build" <<<"$out" || die "plan without checksum file: $out"
  grep -qE '^cache-key=flypin-Linux-[a-z0-9_]+-[0-9a-f]{32}$' <<<"$out" || die "cache key: $out"
  write_checksums "$(printf 'a%.0s' {1..64})"
  out=$(FLYPIN_ACTION_REF=v1 "$install_sh" --plan)
  grep -qx "source=release" <<<"$out" || die "plan with checksum file: $out"
  grep -qx "why=" <<<"$out" || die "a reason although the release is installed: $out"
  out=$(FLYPIN_ACTION_REF='../etc' "$install_sh" --plan)
  grep -qx "source=build" <<<"$out" || die "path-like ref accepted: $out"
  out=$(FLYPIN_ACTION_REF=$'v1\n::error::x' "$install_sh" --plan)
  grep -qx "why=ref 'v1???error??x' does not name this tree's version $version" <<<"$out" ||
    die "a ref with a newline is not shown on one line: $out"
  echo 1.2 >"$src/VERSION"
  set +e
  out=$(FLYPIN_ACTION_REF=v1 "$install_sh" --plan 2>&1)
  local rc=$?
  set -e
  [[ $rc -eq 1 && $out == *"VERSION holds '1.2', not MAJOR.MINOR.PATCH"* ]] || die "bad VERSION accepted ($rc): $out"
}

# The real release assets (scripts/build-release.sh, fixture release.build):
# install.sh fetches, verifies against the sums build-release.sh wrote, and
# installs them, within the 2 s target.
case_release_asset() {
  local dist=${FLYPIN_RELEASE_DIST:-} p
  tag=${FLYPIN_RELEASE_TAG:-$tag}
  asset="flypin-$tag-linux-x64.tar.gz"
  [[ -f $dist/$asset && -f $dist/$tag.sha256 ]] || die "no release assets in '$dist' (run scripts/build-release.sh)"
  # This checkout is the release: its VERSION, its source, the sums build-release.sh wrote.
  export FLYPIN_SOURCE_DIR=$root FLYPIN_CHECKSUM_DIR="$tmp/checksums"
  mkdir -p "$tmp/www/$tag" "$tmp/checksums"
  cp "$dist/$asset" "$tmp/www/$tag/"
  cp "$dist/$tag.sha256" "$tmp/checksums/"
  start_server
  run_install "${tag%.*}"
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
  prebuilt-v1) case_prebuilt v1 ;;
  prebuilt-v1.2) case_prebuilt v1.2 ;;
  prebuilt-v1.2.0) case_prebuilt v1.2.0 ;;
  prebuilt-sha) case_prebuilt "$release_sha" ;;
  builds-branch) case_builds main "ref 'main' is not a release \(@vMAJOR, @vMAJOR.MINOR, @vX.Y.Z or a release commit's SHA\)" ;;
  builds-other-major) case_builds v2 "ref 'v2' does not name this tree's version $version" ;;
  builds-other-minor) case_builds v1.3 "ref 'v1.3' does not name this tree's version $version" ;;
  builds-later-commit)
    case_builds "$release_sha" "this tree's source differs from release $tag's \(a commit after the release\)" \
      change_source ;;
  wrong-version) case_wrong_version ;;
  bad-checksum) case_bad_checksum ;;
  missing-asset) case_missing_asset ;;
  unvouched-ref) case_unvouched_ref ;;
  cache-hit) case_cache_hit ;;
  plan) case_plan ;;
  *) echo "usage: $0 CASE (see the case list at the end of $0)" >&2; exit 2 ;;
esac
echo "ok: $1"
