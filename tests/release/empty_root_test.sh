#!/usr/bin/env bash
# The release programs (scripts/build-release.sh output) run the chain against
# the local stack, pin-image and smoke-machine inside an empty root filesystem:
# a chroot holding only the programs, /etc/hosts, /etc/resolv.conf and a CA
# bundle. Proves that they need no shared library, NSS module or other file,
# find a distribution's bundle with no SSL_CERT_FILE, reach an HTTPS registry
# by a name only the chroot's /etc/hosts knows, and refuse a certificate the
# bundle does not vouch for.
#
# What runs where:
#   build-image    on the host: it drives a builder (buildah), which cannot run
#                  in an empty root; it pushes to the plain-HTTP loopback registry.
#   smoke-machine  in the chroot, against the Fly emulator (which pulls the image
#                  from the loopback registry).
#   pin-image      in the chroot, against the same registry storage served over
#                  HTTPS (test CA) as registry.flypin.test, and the Supabase emulator.
#
#   empty_root_test.sh DIST_DIR BUILD_DIR     (root: chroot; strace)
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dist=${1:?dist dir}
build=${2:?build dir}
name=registry.flypin.test

die() { echo "FAIL: $*" >&2; exit 1; }
say() { echo "-- $*"; }
[[ $(id -u) -eq 0 ]] || { echo "SKIP: needs root (chroot)"; exit 77; }
for p in build-image pin-image smoke-machine roll-machines; do
  [[ -x $dist/$p-linux-x64 ]] || die "no $dist/$p-linux-x64: run scripts/build-release.sh (ctest fixture release.build)"
done
command -v strace >/dev/null || die "strace is missing (scripts/install-deps.sh)"
chroot=$(command -v chroot)

tmp=$(mktemp -d)
tls_pid=
legacy_pid=
cleanup() {
  local pid
  for pid in $tls_pid $legacy_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  FLYPIN_LOCAL_DIR="$tmp/stack" FLYPIN_BUILD_DIR="$build" "$root/scripts/local-stack.sh" stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- the local stack, plus the same registry storage over HTTPS -------------
FLYPIN_LOCAL_DIR="$tmp/stack" FLYPIN_BUILD_DIR="$build" "$root/scripts/local-stack.sh" start >/dev/null
# shellcheck disable=SC1091
source "$tmp/stack/env"

pki="$tmp/pki"
mkdir -p "$pki"
make_ca() {  # name
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=flypin $1 test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
    -keyout "$pki/$1.key" -out "$pki/$1.pem" 2>/dev/null
}
make_ca trusted
make_ca stranger
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
  -keyout "$pki/server.key" -out "$pki/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$name" >"$pki/server.ext"
openssl x509 -req -in "$pki/server.csr" -CA "$pki/trusted.pem" -CAkey "$pki/trusted.key" -CAcreateserial \
  -days 2 -extfile "$pki/server.ext" -out "$pki/server.pem" 2>/dev/null

tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/registry-tls.yml" <<YML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $FLYPIN_LOCAL_DIR/registry-data}
http:
  addr: 127.0.0.1:$tls_port
  tls: {certificate: $pki/server.pem, key: $pki/server.key}
auth:
  htpasswd: {realm: flypin-release-test, path: $FLYPIN_LOCAL_DIR/htpasswd}
YML
/usr/bin/docker-registry serve "$tmp/registry-tls.yml" >"$tmp/registry-tls.log" 2>&1 &
tls_pid=$!
# A server with the trusted certificate that speaks only TLS 1.1.
legacy_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$legacy_port" -cert "$pki/server.pem" -key "$pki/server.key" -www \
  -min_protocol TLSv1 -max_protocol TLSv1.1 -cipher 'DEFAULT@SECLEVEL=0' >"$tmp/legacy.log" 2>&1 </dev/null &
legacy_pid=$!
wait_port() {  # pid port log
  local deadline=$((SECONDS + 30))
  until (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; do
    kill -0 "$1" 2>/dev/null || die "a server exited: $(cat "$3")"
    ((SECONDS < deadline)) || die "nothing listens on $2: $(cat "$3")"
    sleep 0.05
  done
}
wait_port "$tls_pid" "$tls_port" "$tmp/registry-tls.log"
wait_port "$legacy_pid" "$legacy_port" "$tmp/legacy.log"

# --- empty roots -------------------------------------------------------------
make_root() {  # dir bundle-path-inside ca-pem...
  local dir=$1 bundle=$2
  shift 2
  mkdir -p "$dir/bin" "$dir/etc" "$dir$(dirname "$bundle")"
  for p in pin-image smoke-machine roll-machines; do install -m 0755 "$dist/$p-linux-x64" "$dir/bin/$p"; done
  printf '127.0.0.1 %s\n' "$name" >"$dir/etc/hosts"
  # Only loopback: a DNS query, if any were made, could go nowhere else.
  printf 'nameserver 127.0.0.1\n' >"$dir/etc/resolv.conf"
  cat "$@" >"$dir$bundle"
}
debian_root="$tmp/root-debian"
make_root "$debian_root" /etc/ssl/certs/ca-certificates.crt "$pki/stranger.pem" "$pki/trusted.pem"
fedora_root="$tmp/root-fedora"
make_root "$fedora_root" /etc/pki/tls/certs/ca-bundle.crt "$pki/trusted.pem"
stranger_root="$tmp/root-stranger"
make_root "$stranger_root" /etc/ssl/certs/ca-certificates.crt "$pki/stranger.pem"
say "empty root: $(cd "$debian_root" && find . -type f | sort | tr '\n' ' ')"

# Only what a program needs, never the caller's environment.
in_root() {  # root-dir out-prefix env... -- program args...
  local dir=$1 out=$2 envs=()
  shift 2
  while [[ $1 != -- ]]; do envs+=("$1"); shift; done
  shift
  local status=0
  env -i "${envs[@]}" "$chroot" "$dir" "/bin/$1" "${@:2}" >"$out.out" 2>"$out.err" || status=$?
  echo "$status"
}

# --- build-image on the host (it needs buildah) ------------------------------
say "build-image (static, on the host, buildah) -> $REGISTRY"
app="$tmp/app"
cp -r "$root/examples/sample-app" "$app"
cp /bin/busybox "$app/busybox"
env REGISTRY_USERNAME="$REGISTRY_USERNAME" REGISTRY_PASSWORD="$REGISTRY_PASSWORD" \
  FLYPIN_BUILDAH_STORAGE_DRIVER=vfs FLYPIN_BUILDAH_ROOT="$tmp/buildah" \
  "$dist/build-image-linux-x64" --repository "$REGISTRY/flypin-release/app" --context "$app" --builder buildah \
  --json >"$tmp/build.json" 2>"$tmp/build.err" || die "build-image failed: $(cat "$tmp/build.err")"
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
image=$(json "$tmp/build.json" image)
tag=$(json "$tmp/build.json" tag)
digest=$(json "$tmp/build.json" digest)
echo "built $image ($digest)"

# --- smoke-machine in the empty root ------------------------------------------
say "smoke-machine (chroot) against the Fly emulator"
status=$(in_root "$debian_root" "$tmp/smoke" FLY_API_TOKEN="$FLY_API_TOKEN" FLY_API_URL="$FLY_API_URL" FLY_LOGS_API_URL="$FLY_API_URL" -- \
  smoke-machine --app "$FLY_APP" --image "$image" --region sin --cpu-kind shared --cpus 1 --memory-mb 256 \
  --port 8080 --health-path /health --timeout 60s --check-interval 250ms --expect-digest "$digest" --json)
[[ $status == 0 ]] || die "smoke-machine exited $status: $(cat "$tmp/smoke.err")"
[[ $(json "$tmp/smoke.out" image-digest) == "$digest" ]] || die "smoke-machine saw another digest: $(cat "$tmp/smoke.out")"
echo "healthy in $(json "$tmp/smoke.out" healthy-ms) ms, machine destroyed"

# --- pin-image in the empty root, over HTTPS by name ---------------------------
https_image="$name:$tls_port/flypin-release/app:$tag"
pin_env=(SUPABASE_ACCESS_TOKEN="$SUPABASE_ACCESS_TOKEN" SUPABASE_API_URL="$SUPABASE_API_URL"
  REGISTRY_USERNAME="$REGISTRY_USERNAME" REGISTRY_PASSWORD="$REGISTRY_PASSWORD")
secret() {
  curl -sf "$SUPABASE_API_URL/_admin/secrets/$SUPABASE_PROJECT_REF" |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("DOCKER_IMAGE", "(unset)"))'
}

say "pin-image (chroot, a bundle the registry's CA is not in) is refused"
before=$(secret)
status=$(in_root "$stranger_root" "$tmp/refused" "${pin_env[@]}" -- \
  pin-image --image "$https_image" --project-ref "$SUPABASE_PROJECT_REF")
[[ $status == 1 ]] || die "an unvouched certificate gave exit $status, want 1: $(cat "$tmp/refused.err")"
# The last line says why, naming the certificate and the registry.
why=$(tail -1 "$tmp/refused.err")
[[ $why == *[Cc]ertificate* && $why == *"$name:$tls_port"* ]] || die "unclear refusal: $(cat "$tmp/refused.err")"
[[ ! -s $tmp/refused.out ]] || die "output on stdout after a refusal: $(cat "$tmp/refused.out")"
[[ $(secret) == "$before" ]] || die "the secret changed although the registry was not trusted"
echo "refused: $why"

say "pin-image (chroot) refuses a registry that speaks only TLS 1.1"
status=$(in_root "$debian_root" "$tmp/legacy" "${pin_env[@]}" -- \
  pin-image --image "$name:$legacy_port/flypin-release/app:$tag" --project-ref "$SUPABASE_PROJECT_REF" --check-only)
why=$(tail -1 "$tmp/legacy.err")
[[ $status == 1 && $why =~ SSL|TLS ]] || die "TLS 1.1 not refused at the handshake (exit $status): $(cat "$tmp/legacy.err")"
echo "refused: $why"

say "pin-image (chroot, Debian's bundle path, no SSL_CERT_FILE) over HTTPS by name"
status=$(in_root "$debian_root" "$tmp/pin" "${pin_env[@]}" -- \
  pin-image --image "$https_image" --project-ref "$SUPABASE_PROJECT_REF" --json)
[[ $status == 0 ]] || die "pin-image exited $status: $(cat "$tmp/pin.err")"
[[ $(json "$tmp/pin.out" digest) == "$digest" ]] || die "pin-image resolved another digest: $(cat "$tmp/pin.out")"
[[ $(secret) == "$https_image" ]] || die "DOCKER_IMAGE is '$(secret)', want $https_image"
echo "pinned $https_image"

say "roll-machines (chroot): a user's machine on the pin, the secret verified over HTTPS"
user=$(curl -sSf -H "Authorization: Bearer $FLY_API_TOKEN" -H "Content-Type: application/json" \
  -d "{\"region\":\"sin\",\"config\":{\"image\":\"$image\",\"guest\":{\"cpu_kind\":\"shared\",\"cpus\":1,\"memory_mb\":256}}}" \
  "$FLY_API_URL/v1/apps/$FLY_APP/machines" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') ||
  die "could not create a user's machine"
# A user's machine has booted before anyone rolls it: until then Fly may not know its digest.
curl -sSf -H "Authorization: Bearer $FLY_API_TOKEN" \
  "$FLY_API_URL/v1/apps/$FLY_APP/machines/$user/wait?state=started&timeout=60" >/dev/null ||
  die "the user's machine $user did not start"
status=$(in_root "$debian_root" "$tmp/roll" "${pin_env[@]}" FLY_API_TOKEN="$FLY_API_TOKEN" FLY_API_URL="$FLY_API_URL" -- \
  roll-machines --app "$FLY_APP" --image "$https_image" --project-ref "$SUPABASE_PROJECT_REF" --json)
curl -sSf -X DELETE -H "Authorization: Bearer $FLY_API_TOKEN" "$FLY_API_URL/v1/apps/$FLY_APP/machines/$user?force=true" \
  >/dev/null || die "could not destroy the user's machine $user"
[[ $status == 0 ]] || die "roll-machines exited $status: $(cat "$tmp/roll.err")"
roll_report=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print(" ".join(str(r[k]).lower() for k in ("digest", "pin-verified", "total", "current", "drifted")))' "$tmp/roll.out") ||
  die "roll-machines --json: $(cat "$tmp/roll.out")"
[[ $roll_report == "$digest true 1 1 0" ]] ||
  die "roll-machines reported '$roll_report', want '$digest true 1 1 0': $(cat "$tmp/roll.err")"
echo "roll-machines: 1 machine, on the pin ($digest)"

say "pin-image --check-only (chroot) under strace: no shared library, no NSS module"
# -f: every thread. The trace lists each file the program asks for.
env -i "${pin_env[@]}" "$(command -v strace)" -f -qq -e trace=%file,execve -o "$tmp/strace.log" "$chroot" "$debian_root" \
  /bin/pin-image --image "$https_image" --project-ref "$SUPABASE_PROJECT_REF" --check-only >/dev/null 2>"$tmp/check.err" ||
  die "pin-image --check-only under strace failed: $(cat "$tmp/check.err")"
# Files the program itself touched (after chroot executed it).
sed -n '/execve("\/bin\/pin-image"/,$p' "$tmp/strace.log" | grep -oE '"/[^"]*"' | tr -d '"' | sort -u >"$tmp/files"
echo "files it asked for: $(tr '\n' ' ' <"$tmp/files")"
# c-ares reads /etc/nsswitch.conf itself (for the lookup order); glibc's NSS would load libnss_*.so.
if grep -E '\.so($|\.)|^/lib|^/usr/lib|libnss' "$tmp/files"; then
  die "the program asked for a shared library or an NSS module (above)"
fi
grep -qx /etc/ssl/certs/ca-certificates.crt "$tmp/files" || die "the system bundle was not read"
grep -qx /etc/hosts "$tmp/files" || die "/etc/hosts was not read: the name was not resolved by c-ares"

say "pin-image (chroot, Fedora's bundle path) finds that distribution's bundle"
status=$(in_root "$fedora_root" "$tmp/fedora" "${pin_env[@]}" -- \
  pin-image --image "$https_image" --project-ref "$SUPABASE_PROJECT_REF" --check-only)
[[ $status == 0 ]] || die "pin-image with /etc/pki/tls/certs/ca-bundle.crt exited $status: $(cat "$tmp/fedora.err")"
echo "ok"
