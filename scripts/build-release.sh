#!/usr/bin/env bash
# Builds the release assets on Debian or Ubuntu (x86-64): fully static,
# stripped programs linked with the HTTP(S)-only libcurl of
# scripts/build-curl.sh (mbedTLS, c-ares: no shared library, no NSS module, no
# file but a CA bundle needed at run time), a tarball the install action
# downloads, and SHA-256 sums. .github/workflows/release.yml and the release
# test (tests/release) run it.
#
#   scripts/build-release.sh --tag v1.2.3 [--out dist] [--build-dir DIR] [--from-bin DIR]
#
# --build-dir keeps the CMake build there (incremental; default: a temporary one).
# --from-bin packages the programs already built in DIR instead of building
#   (any linking: for trying the packaging; no static check, no size targets).
# The tag must be v<VERSION>: the tree names its own version.
# Writes into --out: <program>-linux-x64 (x4), flypin-<tag>-linux-x64.tar.gz,
# SHA256SUMS and <tag>.sha256 (the file to commit as release/<tag>.sha256: the
# sums and "# source <hash>", the hash scripts/install.sh compares with the
# tree it runs from), and prints each size against its target.
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
programs=(build-image pin-image smoke-machine roll-machines)
program_limit=$((4 * 1024 * 1024))

tag="${GITHUB_REF_NAME:-}"
out="$root/dist"
from_bin=
build=
while (($#)); do
  case $1 in
    --tag) tag=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --build-dir) build=$2; shift 2 ;;
    --from-bin) from_bin=$2; shift 2 ;;
    *) echo "usage: $0 --tag TAG [--out DIR] [--build-dir DIR] [--from-bin DIR]" >&2; exit 2 ;;
  esac
done
version=$(head -n 1 "$root/VERSION")
[[ $tag == "v$version" ]] || { echo "build-release: --tag '$tag' is not v$version, the version VERSION names" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"

log() { printf 'build-release: %s\n' "$*" >&2; }
mib() { awk -v s="$1" 'BEGIN { printf "%.2f MiB", s / 1048576 }'; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
[[ -n $build ]] || build="$scratch/build"

if [[ -n $from_bin ]]; then
  bin=$from_bin
  log "packaging the programs in $bin (no build)"
else
  bin="$build/bin"
  start=$SECONDS
  curl_root=$("$root/scripts/build-curl.sh" --tls mbedtls)
  log "libcurl and its dependencies ready in $((SECONDS - start)) s"
  # A unity build: a module's files compiled together parse the heavy headers
  # (RapidJSON, spdlog, the standard library) once per batch instead of once per
  # file, a quarter of the CPU time. The test tree compiles each file alone.
  cmake_args=(-S "$root" -B "$build" -DCMAKE_BUILD_TYPE=MinSizeRel -DFLYPIN_BUILD_TESTS=OFF -DFLYPIN_WERROR=ON
    -DCMAKE_UNITY_BUILD=ON -DFLYPIN_STATIC=ON "-DFLYPIN_CURL_ROOT=$curl_root" -DFLYPIN_CRYPTO=
    "-DCMAKE_CXX_FLAGS=-ffunction-sections -fdata-sections" "-DCMAKE_EXE_LINKER_FLAGS=-Wl,--gc-sections")
  if command -v ccache >/dev/null; then cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake "${cmake_args[@]}" >/dev/null
  start=$SECONDS
  # A static glibc program that calls getaddrinfo, getpwnam and the like loads
  # shared NSS modules at run time; the linker names each such call. c-ares has
  # two that flypin never reaches: getservbyname (ares_getaddrinfo, only for a
  # service *name*; libcurl passes the port with ARES_AI_NUMERICSERV) and
  # getservbyport_r (ares_getnameinfo, which libcurl does not call). The release
  # test (tests/release) watches a run with strace. Any other is an error.
  cmake --build "$build" -j"$(nproc)" --target "${programs[@]}" 2>&1 | tee "$scratch/build.log" >&2
  if grep "statically linked applications requires at runtime" "$scratch/build.log" |
    grep -vE "Using '(getservbyname|getservbyport_r)' in" >&2; then
    log "a program needs glibc's shared NSS modules at run time (see above)"
    exit 1
  fi
  log "programs built in $((SECONDS - start)) s"
fi

stage="$scratch/stage"
mkdir -p "$stage"
over=0
printf '%-16s %10s  %-9s  %s\n' program bytes size "target (each program <= 4 MiB, stripped)"
for p in "${programs[@]}"; do
  strip --strip-all -o "$stage/$p" "$bin/$p"
  if [[ -z $from_bin ]] && readelf -d "$stage/$p" 2>/dev/null | grep -q NEEDED; then
    log "$p needs shared libraries; a release program must be static"
    readelf -d "$stage/$p" | grep NEEDED >&2
    exit 1
  fi
  "$stage/$p" --version >/dev/null || { log "$p --version failed"; exit 1; }
  cp "$stage/$p" "$out/$p-linux-x64"
  size=$(stat -c %s "$stage/$p")
  verdict=ok
  if ((size > program_limit)); then verdict=OVER; over=1; fi
  printf '%-16s %10d  %-9s  %s\n' "$p" "$size" "$(mib "$size")" "$verdict"
done

# A reproducible tarball: fixed order, owner and times, no gzip timestamp.
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}"
asset="flypin-$tag-linux-x64.tar.gz"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
  -C "$stage" -cf - "${programs[@]}" | gzip -9n >"$out/$asset"
size=$(stat -c %s "$out/$asset")
printf '%-16s %10d  %-9s  %s\n' tarball "$size" "$(mib "$size")" "(what the install action downloads)"

(cd "$out" && sha256sum "$asset" "${programs[@]/%/-linux-x64}" >SHA256SUMS)
{ cat "$out/SHA256SUMS"; echo "# source $(FLYPIN_SOURCE_DIR=$root "$root/scripts/install.sh" --source-hash)"; } >"$out/$tag.sha256"
log "assets in $out: $asset, ${programs[*]/%/-linux-x64}, SHA256SUMS, $tag.sha256"
if [[ -z $from_bin ]] && ((over)); then
  log "a program is over its size target"
  exit 1
fi
