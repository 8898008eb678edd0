#!/usr/bin/env bash
# Installs everything a fresh Debian/Ubuntu machine needs to build flypin,
# run its tests and run the local demo. Idempotent; safe to run again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl ccache clang libclang-rt-dev
  libcurl4-openssl-dev libssl-dev rapidjson-dev libspdlog-dev libfmt-dev
  libmbedtls-dev libc-ares-dev
  libgtest-dev libgmock-dev libcli11-dev libcpp-httplib-dev
  docker-registry apache2-utils buildah skopeo busybox-static openssl
  uidmap fuse-overlayfs python3 python3-yaml jq strace clang-format shellcheck time
  docker.io containerd runc iptables
)
# --build-only: just what building the four programs needs (the install
# action, scripts/build-release.sh); libmbedtls-dev and libc-ares-dev for the
# minimal libcurl of scripts/build-curl.sh.
if [[ ${1:-} == --build-only ]]; then
  packages=(
    build-essential cmake pkg-config ca-certificates curl
    libcurl4-openssl-dev libssl-dev rapidjson-dev libspdlog-dev libfmt-dev
    libmbedtls-dev libc-ares-dev libcli11-dev libcpp-httplib-dev
  )
fi
# Node (for the workflow and action linters) may come from elsewhere with its own npm.
if [[ ${1:-} != --build-only ]] && ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "all build and test packages present" >&2
fi

# The packaged registry and Docker engine start system services; flypin's tests run their own
# (tests/support/testbed: a registry, and dockerd on a private socket and data root).
for service in docker-registry docker docker.socket; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    "${sudo_cmd[@]}" systemctl stop "$service" || true
  fi
done
