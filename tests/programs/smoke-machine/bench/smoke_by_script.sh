#!/usr/bin/env bash
# The smoke test the way a hand-written workflow step does it: curl create,
# fixed sleeps, poll the check status every 5 s, curl delete. The baseline for
# smoke_machine_bench. Usage: smoke_by_script.sh API_URL APP IMAGE (FLY_API_TOKEN in env).
set -euo pipefail
api="$1"; app="$2"; image="$3"
auth=(-H "Authorization: Bearer ${FLY_API_TOKEN}")
body=$(cat <<JSON
{"name":"script-$$-$RANDOM","region":"sin","config":{"image":"$image",
 "guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256},"env":{"BOOT_DELAY":"1"},
 "restart":{"policy":"no"},"auto_destroy":false,
 "checks":{"health":{"type":"http","port":8080,"path":"/health","interval":"1s","timeout":"2s"}}}}
JSON
)
id=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d "$body" "$api/v1/apps/$app/machines" |
     sed -n 's/^{"id":"\([0-9a-f]*\)".*/\1/p')
[[ -n "$id" ]] || { echo "create failed" >&2; exit 1; }
sleep 5
healthy=0
for _ in $(seq 1 24); do
  if curl -fsS "${auth[@]}" "$api/v1/apps/$app/machines/$id" | grep -q '"status":"passing"'; then healthy=1; break; fi
  sleep 5
done
curl -fsS "${auth[@]}" -X DELETE "$api/v1/apps/$app/machines/$id?force=true" >/dev/null
[[ "$healthy" == 1 ]] || { echo "never healthy" >&2; exit 1; }
echo "$id"
