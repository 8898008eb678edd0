#!/usr/bin/env bash
# The whole chain on one machine, no cloud account: installs what is missing,
# builds the emulators, starts the local stack (registry, Fly, Supabase and
# GitHub emulators) and runs the workflow users copy, examples/workflows/deploy.yml,
# unchanged (install -> build-image -> smoke-machine -> pin-image, recorded as a
# GitHub Deployment -> roll-machines' report) with the test suite's workflow
# runner; its install action builds the four programs from source as it does for
# every user until a release exists (ccache makes a second demo quick). Then the
# Supabase Edge Function of examples/edge-function under Deno creates a user's
# machine from the pinned secret, the same workflow on a broken app (wrong COPY
# path) stops at the smoke job and leaves the secret untouched, and
# `pin-image --status` shows the live image and the history.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A tree of its own (scripts/test.sh's is the sanitizer tree); local-stack.sh
# finds the emulators through FLYPIN_BUILD_DIR.
export FLYPIN_BUILD_DIR="${FLYPIN_DEMO_BUILD_DIR:-$root/build-demo}"
build=$FLYPIN_BUILD_DIR
export FLYPIN_LOCAL_DIR="${FLYPIN_LOCAL_DIR:-$root/.flypin-local}"
logs="$FLYPIN_LOCAL_DIR/demo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$logs"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { printf '\ndemo: FAILED: %s (logs: %s)\n' "$*" "$logs" >&2; exit 1; }

say "1/7 installing what is missing and building the emulators"
"$root/scripts/install-deps.sh"
"$root/tests/workflow/setup.sh"
deno=$("$root/tests/support/deno/setup.sh")
# Only the emulators the demo runs, lightly: a unity build (each module's files
# compiled together, the heavy headers parsed once per batch), -O1 without
# debug information; the install action builds the programs as a user's would.
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" -DCMAKE_UNITY_BUILD=ON \
  "${launcher[@]}" >"$logs/cmake.log"
started=$SECONDS
cmake --build "$build" -j"$(nproc)" --target flypin-fly-emulator flypin-supabase-emulator flypin-github-emulator \
  >>"$logs/cmake.log" 2>&1 || fail "build (see $logs/cmake.log)"
echo "built in $((SECONDS - started)) s"

say "2/7 starting the local stack"
"$root/scripts/local-stack.sh" stop >/dev/null 2>&1 || true
"$root/scripts/local-stack.sh" start
function_pid=
cleanup() {
  if [[ -n $function_pid ]]; then kill "$function_pid" 2>/dev/null || true; wait "$function_pid" 2>/dev/null || true; fi
  "$root/scripts/local-stack.sh" stop >/dev/null 2>&1 || true
  rm -f "$root"/examples/*/busybox
}
trap cleanup EXIT
# shellcheck disable=SC1091
source "$FLYPIN_LOCAL_DIR/env"
cp /bin/busybox "$root/examples/sample-app/busybox"
cp /bin/busybox "$root/examples/broken-app/busybox"

secret_sha() {  # what the Management API lists for DOCKER_IMAGE (sha256 of the value)
  curl -sf -H "Authorization: Bearer $SUPABASE_ACCESS_TOKEN" \
    "$SUPABASE_API_URL/v1/projects/$SUPABASE_PROJECT_REF/secrets" |
    python3 -c 'import json,sys; print(next((s["value"] for s in json.load(sys.stdin) if s["name"]=="DOCKER_IMAGE"), "(unset)"))'
}

# deploy.yml as act would run it here: the stack's secrets and variables, the
# emulators' URLs as the machine's environment, the GitHub emulator as the
# runner's GitHub, flypin/flypin@v1 this checkout. The install action's source
# build is kept by actions/cache in the runner's cache directory (act's cache
# server does the same), so the later jobs and runs restore it.
actions_cache="$FLYPIN_LOCAL_DIR/actions-cache"
deploy() {  # app-dir label
  node "$root/tests/workflow/run-workflow.mjs" --workspace "$root" \
    --secret-file "$FLYPIN_LOCAL_DIR/act.secrets" --var-file "$FLYPIN_LOCAL_DIR/act.vars" \
    --env-file "$FLYPIN_LOCAL_DIR/act.env" --github-api-url "$GITHUB_API_URL" --repository "$GITHUB_REPOSITORY" \
    --cache-dir "$actions_cache" --var FLY_REGION=sin --var "IMAGE_CONTEXT=$1" \
    --env FLYPIN_BUILDAH_STORAGE_DRIVER=vfs --env "FLYPIN_BUILDAH_ROOT=$FLYPIN_LOCAL_DIR/buildah" \
    --report "$logs/$2.json" "$root/examples/workflows/deploy.yml" 2>&1 | tee "$logs/$2.log" |
    { grep -vE '^\[[a-z]+\] +\| (Copying|Getting image|Writing manifest|Storing signatures|\[[0-9]/[0-9]\] STEP)' || true; }
  return "${PIPESTATUS[0]}"
}

report() {  # label python-expression on the report `r`
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$logs/$1.json" "$2"
}

say "3/7 deploy.yml on the sample app: install, build, smoke, pin"
deploy examples/sample-app good || fail "deploy.yml did not pass on the healthy sample app"
pinned_image=$(report good 'r["jobs"]["build"]["outputs"]["image"]')
pinned_digest=$(report good 'r["jobs"]["build"]["outputs"]["digest"]')

say "4/7 a user arrives: the Edge Function (Deno) creates their machine from DOCKER_IMAGE"
# Supabase hands the function its secrets as the environment; the emulator's
# admin API reads DOCKER_IMAGE's plain value the way the Edge Runtime does.
from_secret=$(curl -sf "$SUPABASE_API_URL/_admin/secrets/$SUPABASE_PROJECT_REF" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["DOCKER_IMAGE"])')
echo "DOCKER_IMAGE = $from_secret"
[[ $from_secret == "$pinned_image" ]] || fail "secret holds '$from_secret', expected '$pinned_image'"
env -i PATH="$PATH" HOME="$FLYPIN_LOCAL_DIR" DENO_DIR="$FLYPIN_LOCAL_DIR/deno" NO_COLOR=1 \
  DENO_SERVE_ADDRESS=tcp:127.0.0.1:0 DOCKER_IMAGE="$from_secret" FLY_API_TOKEN="$FLY_API_TOKEN" \
  FLY_APP="$FLY_APP" FLY_REGION=sin FLY_API_URL="$FLY_API_URL" \
  "$deno" run --no-prompt --allow-net=127.0.0.1 --allow-env "$root/examples/edge-function/index.ts" \
  >"$logs/edge-function.log" 2>&1 &
function_pid=$!
for _ in $(seq 600); do
  function_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$logs/edge-function.log" | head -1 || true)
  [[ -n $function_url ]] && break
  kill -0 "$function_pid" 2>/dev/null || fail "the Edge Function did not start (see $logs/edge-function.log)"
  sleep 0.1
done
[[ -n $function_url ]] || fail "the Edge Function did not start within 60 s"
# A verified user JWT as Supabase passes it on: the function reads only its `sub`.
jwt="$(printf '{"alg":"HS256"}' | base64 -w0 | tr '+/' '-_' | tr -d =).$(printf '{"sub":"demo-user"}' | base64 -w0 | tr '+/' '-_' | tr -d =).sig"
answer=$(curl -sS -X POST -H "Authorization: Bearer $jwt" "$function_url") || fail "the Edge Function did not answer"
echo "Edge Function: $answer"
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["machine_id"])' "$answer") ||
  fail "the Edge Function created no machine: $answer"
running_digest=$(curl -sf -H "Authorization: Bearer $FLY_API_TOKEN" "$FLY_API_URL/v1/apps/$FLY_APP/machines/$id" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["image_ref"]["digest"])')
version=$(curl -sf -H "fly-force-instance-id: $id" "$FLY_PROXY_URL/version" || true)
echo "user machine $id runs $running_digest (app reports IMAGE_TAG=$version)"
curl -sf -X DELETE -H "Authorization: Bearer $FLY_API_TOKEN" "$FLY_API_URL/v1/apps/$FLY_APP/machines/$id?force=true" >/dev/null
[[ $running_digest == "$pinned_digest" ]] || fail "user machine runs $running_digest, pinned $pinned_digest"
echo "OK: the user's machine runs exactly the pinned digest"

say "5/7 deploy.yml on the broken app (wrong COPY path)"
before=$(secret_sha)
status=0
deploy examples/broken-app broken || status=$?
after=$(secret_sha)
[[ $status == 1 ]] || fail "expected deploy.yml to fail, it ended with status $status"
jobs=$(report broken '", ".join(j + " " + v["result"] for j, v in r["jobs"].items())')
[[ $jobs == "build success, smoke failure, pin skipped" ]] || fail "expected the smoke job to fail and pin to be skipped: $jobs"
echo "the run stopped at the smoke job ($jobs); cause:"
cause=$(report broken '"\n".join("    " + a["message"] for a in r["annotations"] if a["job"] == "smoke")')
echo "$cause"
# The cause in the app's own words: the line its shell printed before it died (issue 12).
[[ $cause == *"the app's last line: sh: can't open '/app/start.sh'"* ]] ||
  fail "the smoke failure does not name the app's own error line: $cause"
[[ $before == "$after" ]] || fail "DOCKER_IMAGE changed although the smoke failed"
echo "OK: DOCKER_IMAGE untouched (sha256 $after)"

say "6/7 pin-image --status: the live image and the pins before it (GitHub Deployments)"
# The programs the workflow installed, from the same cache (scripts/install.sh: a cached source build).
key=$("$root/scripts/install.sh" --plan | sed -n 's/^cache-key=//p')
FLYPIN_CACHE_DIR="$actions_cache/$key" FLYPIN_INSTALL_DIR="$FLYPIN_LOCAL_DIR/bin" "$root/scripts/install.sh" >/dev/null ||
  fail "installing the programs the workflow built"
"$FLYPIN_LOCAL_DIR/bin/pin-image" --status --project-ref "$SUPABASE_PROJECT_REF" --image-repository "$IMAGE_REPOSITORY" ||
  fail "pin-image --status"

say "7/7 done"
echo "pinned: $pinned_image"
echo "logs:   $logs"
