#!/usr/bin/env bash
# Builds the release assets: fully static, stripped linux-x64 binaries of the
# three programs, a tarball the install action downloads, and SHA-256 sums.
# Meant for an Alpine (musl) container, as .github/workflows/release.yml runs it.
#
#   scripts/build-release.sh --tag v1.2.3 [--out dist] [--no-static] [--curl-root DIR] [--from-bin DIR]
#
# --no-static links normally, for trying the packaging on a glibc machine.
# --curl-root links the static HTTP(S)-only libcurl that scripts/build-curl.sh
#   built in DIR instead of the system's static libcurl and its dependencies.
# --from-bin packages the programs already built in DIR instead of building.
# Writes into --out: <program>-linux-x64 (x3), flypin-<tag>-linux-x64.tar.gz,
# SHA256SUMS and <tag>.sha256 (the file to commit as release/<tag>.sha256).
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
programs=(build-image pin-image smoke-machine)
size_limit=$((4 * 1024 * 1024))

tag="${GITHUB_REF_NAME:-}"
out="$root/dist"
linking=static
from_bin=
curl_root=
while (($#)); do
  case $1 in
    --tag) tag=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-static) linking=dynamic; shift ;;
    --from-bin) from_bin=$2; shift 2 ;;
    --curl-root) curl_root=$2; shift 2 ;;
    *) echo "usage: $0 --tag TAG [--out DIR] [--no-static] [--curl-root DIR] [--from-bin DIR]" >&2; exit 2 ;;
  esac
done
[[ $tag =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || { echo "build-release: bad or missing --tag '$tag'" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"

log() { printf 'build-release: %s\n' "$*" >&2; }

build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

cmake_args=(-S "$root" -B "$build" -DCMAKE_BUILD_TYPE=MinSizeRel -DFLYPIN_BUILD_TESTS=OFF -DFLYPIN_WERROR=ON)
if [[ -n $curl_root ]]; then
  cmake_args+=("-DFLYPIN_CURL_ROOT=$curl_root")
  [[ $linking == static ]] && cmake_args+=(-DFLYPIN_STATIC=ON)
elif [[ $linking == static ]]; then
  # Static archives only, and libcurl's own dependencies (TLS, nghttp2, zlib,
  # brotli, ...) appended after everything else on the link line.
  curl_static_libs=$(pkg-config --static --libs libcurl)
  curl_archive="$(pkg-config --variable=libdir libcurl)/libcurl.a"
  [[ -f $curl_archive ]] || { echo "build-release: no static libcurl ($curl_archive)" >&2; exit 1; }
  # CURL_NO_CURL_CMAKE: curl's own CMake package would name the shared library.
  cmake_args+=(-DFLYPIN_STATIC=ON -DCMAKE_FIND_LIBRARY_SUFFIXES=.a -DOPENSSL_USE_STATIC_LIBS=TRUE
    -DCURL_NO_CURL_CMAKE=ON "-DCURL_LIBRARY_RELEASE=$curl_archive" "-DCURL_LIBRARY=$curl_archive"
    "-DCMAKE_CXX_STANDARD_LIBRARIES=$curl_static_libs")
fi

bin="$build/bin"
if [[ -n $from_bin ]]; then
  bin=$from_bin
  log "packaging the programs in $bin (no build)"
else
  start=$SECONDS
  log "configuring ($linking linking, tag $tag)"
  cmake "${cmake_args[@]}" >/dev/null
  cmake --build "$build" -j"$(nproc)" --target "${programs[@]}"
  log "built in $((SECONDS - start)) s"
fi

stage="$build/stage"
mkdir -p "$stage"
over_limit=0
for p in "${programs[@]}"; do
  strip --strip-all -o "$stage/$p" "$bin/$p"
  if [[ $linking == static ]] && readelf -l "$stage/$p" | grep -q 'Requesting program interpreter'; then
    log "$p is dynamically linked; a release binary must be static"
    exit 1
  fi
  "$stage/$p" --version >/dev/null || { log "$p --version failed"; exit 1; }
  cp "$stage/$p" "$out/$p-linux-x64"
  size=$(stat -c %s "$stage/$p")
  printf '%-16s %9d bytes  %5.2f MiB\n' "$p" "$size" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')"
  if ((size > size_limit)); then
    log "warning: $p is over the 4 MiB target"
    over_limit=1
  fi
done

# A reproducible tarball: fixed order, owner and times, no gzip timestamp.
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}"
asset="flypin-$tag-linux-x64.tar.gz"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
  -C "$stage" -cf - "${programs[@]}" | gzip -9n >"$out/$asset"

(cd "$out" && sha256sum "$asset" "${programs[@]/%/-linux-x64}" >SHA256SUMS)
cp "$out/SHA256SUMS" "$out/$tag.sha256"
log "assets in $out:"
(cd "$out" && ls -l "$asset" "${programs[@]/%/-linux-x64}" SHA256SUMS "$tag.sha256") >&2
cat "$out/SHA256SUMS"
((over_limit == 0)) || log "some binaries exceed 4 MiB (see above)"
