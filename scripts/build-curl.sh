#!/usr/bin/env bash
# Builds a static libcurl that speaks only HTTP and HTTPS, resolves names with
# c-ares and has no CA bundle path compiled in (core::TlsTrust finds the
# system's), from the Debian source of the libcurl this machine has installed
# (Debian's security patches included), and prints its install prefix.
#   --tls mbedtls   what the release programs and source installs link
#                   (scripts/build-release.sh, scripts/install.sh)
#   --tls openssl   (default) what the test build links (scripts/test.sh)
#
# Why: the distribution's shared libcurl loads ~30 libraries (LDAP, Kerberos,
# SSH, RTMP, GnuTLS) at every start; flypin needs none of them. c-ares instead
# of getaddrinfo, because a static glibc program's getaddrinfo loads shared NSS
# modules at run time. mbedTLS (Apache-2.0) for the static release programs: a
# static program with OpenSSL is 6.7 MiB, with mbedTLS 2.8 MiB. The tests keep
# OpenSSL: Debian's mbedTLS 2.28 does not verify IP-address names in
# certificates, which the hostile-network tests use on 127.0.0.1.
#
# Only curl is compiled: the TLS library and c-ares are Debian's own static
# archives (libmbedtls-dev or libssl-dev, libc-ares-dev; position independent,
# so the tests' PIE programs link them too). The prefix holds flypin-curl.cmake,
# which names the archives to link after libcurl.a (read by CMakeLists.txt).
#
# The source comes through apt (signed indexes, checked hashes) using a private
# list directory: the machine's apt configuration is not changed. The result is
# cached under $FLYPIN_CACHE_DIR (default ~/.cache/flypin), keyed on the Debian
# versions of curl and of the TLS and resolver libraries, the TLS choice and
# this script, so a machine (or a CI cache) pays for it once.
#   scripts/build-curl.sh [--tls openssl|mbedtls]    build if needed, print the prefix
set -euo pipefail

log() { printf 'build-curl: %s\n' "$*" >&2; }

tls=openssl
while (($#)); do
  case $1 in
    --tls) tls=${2:-}; shift 2 ;;
    *) echo "usage: $0 [--tls openssl|mbedtls]" >&2; exit 2 ;;
  esac
done

installed() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
require() {  # package -> its version
  local v
  v=$(installed "$1")
  [[ -n $v ]] || { log "$1 is not installed (scripts/install-deps.sh)"; exit 1; }
  printf '%s' "$v"
}
# Full path of a static archive the compiler finds, or nothing.
archive() { local p; p=$(${CC:-cc} -print-file-name="lib$1.a"); [[ $p == /* ]] && realpath "$p"; }

version=$(dpkg-query -W -f='${source:Version}' libcurl4-openssl-dev 2>/dev/null || true)
[[ -n $version ]] || { log "libcurl4-openssl-dev is not installed (scripts/install-deps.sh)"; exit 1; }
case $tls in
  mbedtls)
    tls_version=$(require libmbedtls-dev)
    tls_cmake=(-DCURL_USE_MBEDTLS=ON -DCURL_USE_OPENSSL=OFF)
    tls_libs=(mbedtls mbedx509 mbedcrypto) ;;
  openssl)
    tls_version=$(require libssl-dev)
    tls_cmake=(-DCURL_USE_OPENSSL=ON -DOPENSSL_USE_STATIC_LIBS=ON)
    tls_libs=(ssl crypto) ;;
  *) echo "build-curl: --tls must be mbedtls or openssl, not '$tls'" >&2; exit 2 ;;
esac
cares_version=$(require libc-ares-dev)

cache="${FLYPIN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/flypin}"
key="curl-$version-$tls-$tls_version-cares-$cares_version-$(sha256sum "$0" | cut -c1-12)"
prefix="$cache/${key//[^A-Za-z0-9._+-]/_}"
if [[ -f $prefix/lib/libcurl.a && -f $prefix/flypin-curl.cmake ]]; then
  echo "$prefix"
  exit 0
fi

deps=()
for lib in "${tls_libs[@]}" cares; do
  a=$(archive "$lib") || true
  [[ -n $a ]] || { log "no static lib$lib.a found (scripts/install-deps.sh)"; exit 1; }
  deps+=("$a")
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/sources.list.d" "$work/src"

# The machine's own Debian/Ubuntu archives, as source entries.
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [[ -f $f ]] && sed -n 's/^deb \(.*\)$/deb-src \1/p' "$f" >>"$work/sources.list.d/src.list"
done
for f in /etc/apt/sources.list.d/*.sources; do
  [[ -f $f ]] && sed 's/^Types: deb$/Types: deb-src/' "$f" >"$work/sources.list.d/$(basename "$f")"
done
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/sources.list.d"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root" -qq)

started=$SECONDS
log "fetching the Debian source of curl $version"
# Third-party archives (a CI runner has several) publish no sources: their
# failures are not ours, and `apt-get source` below says if curl's is missing.
apt-get "${apt_opts[@]}" update >"$work/update.log" 2>&1 ||
  log "some source indexes could not be fetched (ignored): $(grep -c '^[EW]:' "$work/update.log") messages"
(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only "curl=$version" >&2)
# apt has checked every file against the signed index; the .dsc signature adds nothing here.
dpkg-source --no-check -x "$work"/src/curl_*.dsc "$work/src/curl" >/dev/null

log "building a static HTTP(S)-only libcurl ($tls, c-ares)"
# Features flypin does not use are left out: fewer bytes, less attack surface.
cmake -S "$work/src/curl" -B "$work/build" -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_C_FLAGS="-ffunction-sections -fdata-sections" \
  -DBUILD_SHARED_LIBS=OFF -DBUILD_CURL_EXE=OFF -DBUILD_TESTING=OFF -DENABLE_MANUAL=OFF -DHTTP_ONLY=ON \
  "${tls_cmake[@]}" -DENABLE_ARES=ON -DCURL_CA_BUNDLE=none -DCURL_CA_PATH=none -DCURL_CA_FALLBACK=OFF \
  -DCURL_ZLIB=OFF -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DUSE_LIBIDN2=OFF -DCURL_USE_LIBPSL=OFF \
  -DCURL_USE_LIBSSH2=OFF -DCURL_USE_GSSAPI=OFF -DUSE_NGHTTP2=OFF -DENABLE_UNIX_SOCKETS=OFF \
  -DCURL_DISABLE_LDAP=ON -DCURL_DISABLE_NTLM=ON -DCURL_DISABLE_COOKIES=ON -DCURL_DISABLE_MIME=ON \
  -DCURL_DISABLE_NETRC=ON -DCURL_DISABLE_ALTSVC=ON -DCURL_DISABLE_HSTS=ON -DCURL_DISABLE_DOH=ON \
  -DCURL_DISABLE_PROGRESS_METER=ON -DCURL_DISABLE_GETOPTIONS=ON >"$work/cmake.log" 2>&1 ||
  { tail -20 "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" -j"$(nproc)" >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 1; }
rm -rf "$prefix"
cmake --install "$work/build" >/dev/null
# What to link after libcurl.a, for the top CMakeLists.txt.
{
  echo "# Written by scripts/build-curl.sh: how to link this libcurl."
  echo "set(FLYPIN_CURL_TLS $tls)"
  echo "set(FLYPIN_CURL_DEPS \"$(IFS=';'; echo "${deps[*]}")\")"
} >"$prefix/flypin-curl.cmake"
log "libcurl ready in $((SECONDS - started)) s: $prefix"
echo "$prefix"
