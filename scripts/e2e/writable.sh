#!/usr/bin/env bash
# Proves that the folders an image's app writes at run time (Node or Python) are writable by the image's
# user, also as compose runs it: a read-only root file system with compose's tmpfs mounts and
# volumes. Reads the `/app/…` mounts from the project's compose.yaml (tmpfs entries and
# `name:/app/path` volumes), runs the image read-only with them (a fresh volume each), and
# writes a file in each as the image's user.
#
# Usage: scripts/e2e/writable.sh IMAGE PROJECT_DIR [SERVICE]    (as root; podman; SERVICE: the
# app's service in compose.yaml, `app` unless a workspace names it after the app)
set -euo pipefail

image=$1
project=$2
service=${3:-app}
mapfile -t dirs < <(python3 - "$project/compose.yaml" "$service" <<'PY'
import sys, yaml
app = yaml.safe_load(open(sys.argv[1]))["services"][sys.argv[2]]
for t in app.get("tmpfs", []) or []:
    if t.startswith("/app/"):
        print("tmpfs", t)
for v in app.get("volumes", []) or []:
    name, _, path = v.partition(":")
    if path.startswith("/app/"):
        print("volume", path)
PY
)
if [ ${#dirs[@]} -eq 0 ]; then
  echo "writable: $project/compose.yaml mounts nothing under /app"
  exit 0
fi
args=(--rm --read-only --tmpfs /tmp)
paths=()
vols=()
for entry in "${dirs[@]}"; do
  kind=${entry%% *} path=${entry#* }
  if [ "$kind" = tmpfs ]; then
    # compose's `path:options`, as podman takes them
    args+=(--tmpfs "$path")
    path=${path%%:*}
  else
    vol=dockgen-writable-$RANDOM$RANDOM
    vols+=("$vol")
    podman volume create "$vol" >/dev/null
    args+=(-v "$vol:$path")
  fi
  paths+=("$path")
done
cleanup() { for v in "${vols[@]}"; do podman volume rm --force "$v" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT
probe='const fs = require("fs"); for (const d of process.argv.slice(1)) { fs.writeFileSync(d + "/.dockgen-probe", "ok"); console.log("writable: " + d); }'
# the image's own interpreter writes: node (on PATH, or distroless's), else Python
node=node
if podman image inspect --format '{{.Config.Entrypoint}}' "$image" | grep -q '^\[/tini'; then node=/nodejs/bin/node; fi
run=(--entrypoint "$node" "$image" -e "$probe")
if ! podman run --rm --entrypoint "$node" "$image" -e 0 >/dev/null 2>&1; then
  probe='import sys
for d in sys.argv[1:]:
    open(d + "/.dockgen-probe", "w").write("ok")
    print("writable: " + d)'
  run=(--entrypoint python "$image" -c "$probe")
fi
if ! podman run "${args[@]}" "${run[@]}" "${paths[@]}"; then
  echo "writable: FAIL: $image cannot write ${paths[*]} as its user under a read-only root"
  exit 1
fi
echo "writable: ok: $image writes ${paths[*]} as its user, read-only root, compose's mounts"
