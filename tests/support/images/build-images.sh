#!/usr/bin/env bash
# Builds the flypin test images (FROM scratch + Debian's static busybox) with
# buildah (vfs storage) and pushes them over plain HTTP to
#   <REGISTRY_HOST>/flypin-test/<name>:deployment-test
# printing one "name digest" line per image on stdout.
# Images are built once per buildah storage root (cached by a hash of this
# script); later runs only push.
#
# usage: tests/support/images/build-images.sh REGISTRY_HOST USER PASS [NAME...]
set -euo pipefail

if [[ $# -lt 3 ]]; then
  echo "usage: $0 REGISTRY_HOST USER PASS [NAME...]" >&2
  exit 2
fi
registry=$1 user=$2 pass=$3
shift 3
all=(healthy missing-entrypoint wrong-port needs-env slow-boot dies-after-healthy out-of-memory)
names=("${@:-${all[@]}}")
[[ $# -eq 0 ]] && names=("${all[@]}")

busybox=/bin/busybox
[[ -x $busybox ]] || { echo "missing $busybox (apt-get install busybox-static)" >&2; exit 2; }
b() { buildah --storage-driver vfs "$@"; }
cache_tag="cache-$(sha256sum "$0" | cut -c1-12)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Credentials through an auth file, never on a command line.
printf '{"auths":{"%s":{"auth":"%s"}}}' "$registry" "$(printf '%s:%s' "$user" "$pass" | base64 -w0)" >"$work/auth.json"
chmod 600 "$work/auth.json"

httpd_cmd() { echo "[\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"$1\",\"-h\",\"/www\"]"; }

# Root filesystem shared by every image: busybox, a few applet links, /www/health.
stage_base() {
  local root=$1
  mkdir -p "$root/bin" "$root/www" "$root/app" "$root/tmp"
  cp "$busybox" "$root/bin/busybox"
  for applet in sh sleep httpd echo cat; do ln -sf busybox "$root/bin/$applet"; done
  printf 'ok' >"$root/www/health"
  printf 'flypin test image\n' >"$root/www/index.html"
}

script_for() {
  case $1 in
    needs-env) cat <<'SH'
if [ -z "$REQUIRED_SECRET" ]; then echo "REQUIRED_SECRET is not set" >&2; exit 1; fi
exec /bin/busybox httpd -f -p 8080 -h /www
SH
    ;;
    slow-boot) cat <<'SH'
echo "booting for ${BOOT_DELAY:-3}s"
/bin/busybox sleep "${BOOT_DELAY:-3}"
exec /bin/busybox httpd -f -p 8080 -h /www
SH
    ;;
    dies-after-healthy) cat <<'SH'
/bin/busybox httpd -f -p 8080 -h /www &
/bin/busybox sleep 3
echo "fatal: lost connection to the database" >&2
exit 1
SH
    ;;
    out-of-memory) cat <<'SH'
echo "loading the whole dataset into memory"
x=a; while true; do x="$x$x"; done
SH
    ;;
  esac
}

build() {
  local name=$1 image="localhost/flypin-test/$1:$cache_tag"
  if b images --quiet "$image" >/dev/null 2>&1; then return 0; fi
  local root="$work/$name"
  stage_base "$root"
  local entrypoint='[]' cmd
  case $name in
    healthy) cmd=$(httpd_cmd 8080) ;;
    wrong-port) cmd=$(httpd_cmd 3000) ;;
    missing-entrypoint) entrypoint='["/app/server"]'; cmd='[]' ;;
    *) script_for "$name" >"$root/app/start.sh"; chmod 755 "$root/app/start.sh"
       entrypoint='["/bin/sh","/app/start.sh"]'; cmd='[]' ;;
  esac
  local ctr
  ctr=$(b from --quiet scratch)
  b copy --quiet "$ctr" "$root/" / >/dev/null
  b config --entrypoint "$entrypoint" --cmd "$cmd" --env PATH=/bin --port 8080 --os linux --arch amd64 \
    --label org.opencontainers.image.title="flypin-test-$name" "$ctr"
  b commit --quiet --format oci "$ctr" "$image" >/dev/null
  b rm "$ctr" >/dev/null
}

for name in "${names[@]}"; do
  build "$name"
  b push --quiet --tls-verify=false --authfile "$work/auth.json" --digestfile "$work/$name.digest" \
    "localhost/flypin-test/$name:$cache_tag" "docker://$registry/flypin-test/$name:deployment-test"
  echo "$name $(cat "$work/$name.digest")"
done
