#!/usr/bin/env bash
# Builds a static libcurl that speaks only HTTP and HTTPS (OpenSSL) from the
# Debian source of the libcurl this machine has installed (Debian's security
# patches included), and prints its install prefix on stdout.
#
# Why: the distribution's shared libcurl loads ~30 libraries (LDAP, Kerberos,
# SSH, RTMP and GnuTLS) at every program start; flypin needs none of them.
# Pass the prefix to CMake as -DFLYPIN_CURL_ROOT=<prefix>.
#
# The source comes through apt (signed indexes, checked hashes) using a private
# list directory: the machine's apt configuration is not changed. The result is
# cached under $FLYPIN_CACHE_DIR (default ~/.cache/flypin), keyed on the Debian
# version and this script.
#   scripts/build-curl.sh            build if needed, print the prefix
set -euo pipefail

log() { printf 'build-curl: %s\n' "$*" >&2; }

version=$(dpkg-query -W -f='${source:Version}' libcurl4-openssl-dev 2>/dev/null || true)
[[ -n $version ]] || { log "libcurl4-openssl-dev is not installed (scripts/install-deps.sh)"; exit 1; }
cache="${FLYPIN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/flypin}"
prefix="$cache/curl-$version-$(sha256sum "$0" | cut -c1-12)"
if [[ -f $prefix/lib/libcurl.a ]]; then
  echo "$prefix"
  exit 0
fi

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
apt-get "${apt_opts[@]}" update >&2
(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only "curl=$version" >&2)
# apt has checked every file against the signed index; the .dsc signature adds nothing here.
dpkg-source --no-check -x "$work"/src/curl_*.dsc "$work/src/curl" >/dev/null

log "building a static HTTP(S)-only libcurl"
cmake -S "$work/src/curl" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_SHARED_LIBS=OFF -DBUILD_CURL_EXE=OFF -DBUILD_TESTING=OFF \
  -DENABLE_MANUAL=OFF -DHTTP_ONLY=ON -DCURL_USE_OPENSSL=ON -DOPENSSL_USE_STATIC_LIBS=ON -DCURL_ZLIB=OFF \
  -DUSE_LIBIDN2=OFF -DCURL_USE_LIBPSL=OFF -DCURL_USE_LIBSSH2=OFF -DCURL_USE_GSSAPI=OFF -DUSE_NGHTTP2=OFF \
  -DCURL_DISABLE_LDAP=ON -DCURL_DISABLE_NTLM=ON >"$work/cmake.log" 2>&1 ||
  { tail -20 "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" -j"$(nproc)" >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 1; }
rm -rf "$prefix"
cmake --install "$work/build" >/dev/null
log "libcurl ready in $((SECONDS - started)) s: $prefix"
echo "$prefix"
