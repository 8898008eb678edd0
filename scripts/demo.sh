#!/usr/bin/env bash
# The whole chain on one machine, no cloud account: installs what is missing,
# builds flypin, starts the local stack (registry, Fly and Supabase emulators)
# and runs what deploy.yml runs: build-image -> smoke-machine -> pin-image,
# then boots a machine from the pinned secret as the Edge Function would.
# Then the same chain on a broken app (wrong COPY path) stops at smoke-machine
# and leaves the secret untouched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FLYPIN_BUILD_DIR:-$root/build}"
export FLYPIN_LOCAL_DIR="${FLYPIN_LOCAL_DIR:-$root/.flypin-local}"
logs="$FLYPIN_LOCAL_DIR/demo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$logs"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { printf '\ndemo: FAILED: %s (logs: %s)\n' "$*" "$logs" >&2; exit 1; }

say "1/6 installing what is missing and building flypin"
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$logs/cmake.log"
cmake --build "$build" -j"$(nproc)" --target build-image pin-image smoke-machine \
  flypin-fly-emulator flypin-supabase-emulator >>"$logs/cmake.log" 2>&1 || fail "build (see $logs/cmake.log)"
export PATH="$build/bin:$PATH"

say "2/6 starting the local stack"
"$root/scripts/local-stack.sh" stop >/dev/null 2>&1 || true
"$root/scripts/local-stack.sh" start
trap '"$root/scripts/local-stack.sh" stop >/dev/null 2>&1 || true; rm -f "$root"/examples/*/busybox' EXIT
# shellcheck disable=SC1091
source "$FLYPIN_LOCAL_DIR/env"
export FLYPIN_BUILDAH_STORAGE_DRIVER=vfs
export FLYPIN_BUILDAH_ROOT="$FLYPIN_LOCAL_DIR/buildah"
cp /bin/busybox "$root/examples/sample-app/busybox"
cp /bin/busybox "$root/examples/broken-app/busybox"

secret_sha() {  # what the Management API lists for DOCKER_IMAGE (sha256 of the value)
  curl -sf -H "Authorization: Bearer $SUPABASE_ACCESS_TOKEN" \
    "$SUPABASE_API_URL/v1/projects/$SUPABASE_PROJECT_REF/secrets" |
    python3 -c 'import json,sys; print(next((s["value"] for s in json.load(sys.stdin) if s["name"]=="DOCKER_IMAGE"), "(unset)"))'
}

chain() {  # app-dir label
  local dir=$1 label=$2 out="$logs/$2"
  mkdir -p "$out"
  say "build-image ($label)"
  build-image --repository "$REGISTRY/flypin-demo/app" --context "$dir" --builder buildah --json \
    2> >(tee "$out/build.log" >&2) >"$out/build.json" || return 10
  local image digest
  image=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["image"])' "$out/build.json")
  digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$out/build.json")
  echo "built $image ($digest)"
  say "smoke-machine ($label)"
  smoke-machine --app "$FLY_APP" --image "$image" --region sin --cpu-kind shared --cpus 1 --memory-mb 256 \
    --port 8080 --health-path /health --timeout 60s --expect-digest "$digest" --json \
    2> >(tee "$out/smoke.log" >&2) >"$out/smoke.json" || return 20
  say "pin-image ($label)"
  pin-image --image "$image" --project-ref "$SUPABASE_PROJECT_REF" --json \
    2> >(tee "$out/pin.log" >&2) >"$out/pin.json" || return 30
  echo "$image $digest" >"$out/pinned"
}

say "3/6 the chain on the sample app"
chain "$root/examples/sample-app" good || fail "the chain stopped on the healthy sample app (status $?)"
read -r pinned_image pinned_digest <"$logs/good/pinned"

say "4/6 booting a machine from the secret, as the Edge Function does"
# The Edge Function reads DOCKER_IMAGE; the emulator's admin API plays that part.
from_secret=$(curl -sf "$SUPABASE_API_URL/_admin/secrets/$SUPABASE_PROJECT_REF" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["DOCKER_IMAGE"])')
echo "DOCKER_IMAGE = $from_secret"
[[ $from_secret == "$pinned_image" ]] || fail "secret holds '$from_secret', expected '$pinned_image'"
machine=$(curl -sf -X POST -H "Authorization: Bearer $FLY_API_TOKEN" -H 'Content-Type: application/json' \
  "$FLY_API_URL/v1/apps/$FLY_APP/machines" \
  -d "{\"region\":\"sin\",\"config\":{\"image\":\"$from_secret\",\"guest\":{\"cpu_kind\":\"shared\",\"cpus\":1,\"memory_mb\":256},\"auto_destroy\":true}}")
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$machine")
curl -sf -H "Authorization: Bearer $FLY_API_TOKEN" "$FLY_API_URL/v1/apps/$FLY_APP/machines/$id/wait?state=started&timeout=30" >/dev/null ||
  fail "user machine $id did not start"
running_digest=$(curl -sf -H "Authorization: Bearer $FLY_API_TOKEN" "$FLY_API_URL/v1/apps/$FLY_APP/machines/$id" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["image_ref"]["digest"])')
version=$(curl -sf -H "fly-force-instance-id: $id" "$FLY_PROXY_URL/version" || true)
echo "user machine $id runs $running_digest (app reports IMAGE_TAG=$version)"
curl -sf -X DELETE -H "Authorization: Bearer $FLY_API_TOKEN" "$FLY_API_URL/v1/apps/$FLY_APP/machines/$id?force=true" >/dev/null
[[ $running_digest == "$pinned_digest" ]] || fail "user machine runs $running_digest, pinned $pinned_digest"
echo "OK: the user's machine runs exactly the pinned digest"

say "5/6 the same chain on the broken app (wrong COPY path)"
before=$(secret_sha)
status=0
chain "$root/examples/broken-app" broken || status=$?
after=$(secret_sha)
[[ $status == 20 ]] || fail "expected the chain to stop at smoke-machine, it ended with status $status"
echo "the chain stopped at smoke-machine; cause:"
grep -E 'exit code|error' "$logs/broken/smoke.log" | head -3 | sed 's/^/    /'
[[ $before == "$after" ]] || fail "DOCKER_IMAGE changed although the smoke failed"
echo "OK: DOCKER_IMAGE untouched (sha256 $after)"

say "6/6 done"
echo "pinned: $pinned_image"
echo "logs:   $logs"
