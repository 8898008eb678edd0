#!/usr/bin/env bash
# The local stack: a real OCI registry (Debian's docker-registry, htpasswd auth)
# and the Fly Machines, Supabase secrets and GitHub Deployments emulators, all
# on 127.0.0.1.
#   scripts/local-stack.sh start   start everything, write $FLYPIN_LOCAL_DIR/env
#   scripts/local-stack.sh stop    stop everything started by `start`
#   scripts/local-stack.sh status  print the endpoints
# `start` prints the endpoints; `source "$FLYPIN_LOCAL_DIR/env"` exports them
# (FLY_API_URL, SUPABASE_API_URL, GITHUB_API_URL, REGISTRY, tokens) for the four
# programs: pin-image records each pin as a Deployment of $GITHUB_REPOSITORY there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FLYPIN_BUILD_DIR:-$root/build}"
state="${FLYPIN_LOCAL_DIR:-$root/.flypin-local}"
app="${FLYPIN_LOCAL_APP:-flypin-demo}"
project_ref="${FLYPIN_LOCAL_PROJECT_REF:-flypinlocaldemoprojx}"
# The repository a workflow run here belongs to (the workflow runner's default).
repository="${FLYPIN_LOCAL_REPOSITORY:-flypin/flypin}"

log() { printf 'local-stack: %s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() {  # host port seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    ((SECONDS < deadline)) || { log "nothing listens on $1:$2 after $3 s"; return 1; }
    sleep 0.05
  done
}

# Start a server that prints "... listening on http://127.0.0.1:PORT" lines; echo those lines.
start_server() {  # name lines-expected cmd...
  local name=$1 lines=$2
  shift 2
  "$@" >"$state/$name.out" 2>"$state/$name.log" &
  echo $! >"$state/$name.pid"
  local deadline=$((SECONDS + 30))
  until [[ $(grep -c 'listening on http' "$state/$name.out" 2>/dev/null || true) -ge $lines ]]; do
    kill -0 "$(cat "$state/$name.pid")" 2>/dev/null || { log "$name exited; see $state/$name.log"; tail -5 "$state/$name.log" >&2; return 1; }
    ((SECONDS < deadline)) || { log "$name did not start; see $state/$name.log"; return 1; }
    sleep 0.05
  done
}

url_of() { grep "$2" "$state/$1.out" | head -1 | grep -o 'http://[^ ]*'; }

start() {
  if [[ -f "$state/env" ]] && kill -0 "$(cat "$state/registry.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
    log "already running"; status; return 0
  fi
  mkdir -p "$state"
  local need=("$build/bin/flypin-fly-emulator" "$build/bin/flypin-supabase-emulator" "$build/bin/flypin-github-emulator")
  for b in "${need[@]}"; do
    [[ -x $b ]] || { log "missing $b: build first (cmake --build $build)"; exit 2; }
  done

  local reg_user=flypin reg_pass fly_token supa_token github_token
  reg_pass="reg-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  fly_token="fly-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  supa_token="sbp_$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  github_token="ghs_$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"

  # Registry: distribution 2.8 with htpasswd (bcrypt) auth on a free loopback port.
  local reg_port
  reg_port=$(free_port)
  mkdir -p "$state/registry-data"
  htpasswd -Bbn "$reg_user" "$reg_pass" >"$state/htpasswd"
  cat >"$state/registry.yml" <<YML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $state/registry-data}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$reg_port}
auth:
  htpasswd: {realm: flypin-local, path: $state/htpasswd}
YML
  /usr/bin/docker-registry serve "$state/registry.yml" >"$state/registry.log" 2>&1 &
  echo $! >"$state/registry.pid"
  wait_for_port 127.0.0.1 "$reg_port" 30

  start_server supabase 1 "$build/bin/flypin-supabase-emulator" --listen 127.0.0.1:0 \
    --token "$supa_token" --project "$project_ref" --state "$state/supabase-state.json"
  # The job's GITHUB_TOKEN with `deployments: write`, as deploy.yml asks for it.
  GITHUB_EMULATOR_TOKENS="$github_token:deployments=write" \
    start_server github 1 "$build/bin/flypin-github-emulator" --listen 127.0.0.1:0 --repo "$repository" \
    --state "$state/github-state.json"
  REGISTRY_USERNAME=$reg_user REGISTRY_PASSWORD=$reg_pass \
    start_server fly 2 "$build/bin/flypin-fly-emulator" --listen 127.0.0.1:0 --proxy-listen 127.0.0.1:0 \
    --token "$fly_token" --app "$app" --work-dir "$state/machines" --registry-insecure

  local fly_url proxy_url supa_url github_url
  fly_url=$(url_of fly 'api listening')
  proxy_url=$(url_of fly 'proxy listening')
  supa_url=$(url_of supabase 'listening')
  github_url=$(url_of github 'listening')
  cat >"$state/env" <<ENV
export FLYPIN_LOCAL_DIR='$state'
export REGISTRY='127.0.0.1:$reg_port'
export IMAGE_REPOSITORY='127.0.0.1:$reg_port/$app'
export REGISTRY_USERNAME='$reg_user'
export REGISTRY_PASSWORD='$reg_pass'
export FLY_API_URL='$fly_url'
export FLY_LOGS_API_URL='$fly_url'
export FLY_PROXY_URL='$proxy_url'
export FLY_API_TOKEN='$fly_token'
export FLY_APP='$app'
export SUPABASE_API_URL='$supa_url'
export SUPABASE_ACCESS_TOKEN='$supa_token'
export SUPABASE_PROJECT_REF='$project_ref'
export GITHUB_API_URL='$github_url'
export GITHUB_REPOSITORY='$repository'
export GITHUB_TOKEN='$github_token'
ENV
  # The same values for act (or tests/workflow/run-workflow.mjs) running the
  # workflows of examples/workflows and .github/workflows unchanged: the tokens and the registry
  # password as --secret-file; where the APIs are (the emulators instead of
  # api.machines.dev and api.supabase.com) as the runner machine's environment,
  # --env-file, which no workflow sets; everything else as --var-file (a value
  # given as a secret is masked wherever it appears, "flypin" included).
  # GITHUB_TOKEN is the secret act and the runner make the job's token of; where
  # GitHub is the runner says itself (GITHUB_API_URL, GITHUB_REPOSITORY):
  # run-workflow.mjs --github-api-url "$GITHUB_API_URL".
  local secret_names='^(FLY_API_TOKEN|SUPABASE_ACCESS_TOKEN|REGISTRY_PASSWORD|GITHUB_TOKEN)='
  local env_names='^(FLY_API_URL|FLY_LOGS_API_URL|SUPABASE_API_URL)='
  local runner_names='^(GITHUB_API_URL|GITHUB_REPOSITORY)='
  local plain
  plain=$(sed -e 's/^export //' -e "s/'//g" "$state/env")
  grep -E "$secret_names" <<<"$plain" >"$state/act.secrets"
  grep -E "$env_names" <<<"$plain" >"$state/act.env"
  grep -vE "$secret_names|$env_names|$runner_names" <<<"$plain" >"$state/act.vars"
  chmod 600 "$state/env" "$state/act.secrets" "$state/act.env" "$state/act.vars"
  status
}

stop() {
  local name pid
  for name in fly supabase github registry; do
    [[ -f $state/$name.pid ]] || continue
    pid=$(cat "$state/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$state/$name.pid"
  done
  rm -f "$state/env" "$state/act.secrets" "$state/act.env" "$state/act.vars"
  log "stopped (logs kept in $state)"
}

status() {
  [[ -f $state/env ]] || { log "not running"; return 1; }
  # shellcheck disable=SC1091
  (source "$state/env"
   printf 'registry          http://%s  (user %s, htpasswd auth)\n' "$REGISTRY" "$REGISTRY_USERNAME"
   printf 'Fly Machines API  %s  (app %s; proxy %s)\n' "$FLY_API_URL" "$FLY_APP" "$FLY_PROXY_URL"
   printf 'Supabase API      %s  (project %s)\n' "$SUPABASE_API_URL" "$SUPABASE_PROJECT_REF"
   printf 'GitHub API        %s  (deployments of %s)\n' "$GITHUB_API_URL" "$GITHUB_REPOSITORY"
   printf 'environment       source %s/env   (act: --secret-file %s/act.secrets --env-file %s/act.env --var-file %s/act.vars;\n' \
     "$state" "$state" "$state" "$state"
   printf '                  run-workflow.mjs: the same and --github-api-url %s)\n' "$GITHUB_API_URL")
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
