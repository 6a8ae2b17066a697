#!/usr/bin/env bash
# The dev loop end to end: for Node fixtures and a Python fixture, `dockgen init`, then
# `docker compose --profile dev watch dev` (Docker Compose v2 against `podman system
# service`, as `verify --compose` runs it), a source file edited, and the dev server answering
# with the edit, with no second build: the file was synced into the running container and the
# dev server (`node --watch`, uvicorn `--reload`) reloaded it. Two of the Node apps run a
# build's output in production: one through its own `dev` script (`tsx watch`), one through
# `tsc --watch` recompiling beside `node --watch`.
#
# Usage: scripts/e2e/watch.sh [DOCKGEN]   (default: target/debug/dockgen)
# Needs what scripts/e2e/setup.sh installs and the stand-ins scripts/e2e/standins.sh builds.
# Each app runs on a port of its own (`--set port=…`), away from the suite's fixtures.
# With DOCKGEN_E2E_KEPT_IMAGES (a file), the dev images are listed there for the suite to
# remove while no build runs, instead of being removed here (scripts/e2e.sh: `remove_kept`).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dockgen=${1:-$repo/target/debug/dockgen}
work=$(mktemp -d /tmp/dockgen-watch.XXXXXX)
service_pid=
watch_pid=
project=

# Compose's `watch` stops on Ctrl-C (SIGINT) and may outlive a SIGTERM: one is sent, then a
# SIGKILL if it still runs after 5 s
stop_watch() {
  [ -n "$watch_pid" ] || return 0
  kill -INT "$watch_pid" 2>/dev/null || true
  for _ in $(seq 1 10); do
    kill -0 "$watch_pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL "$watch_pid" 2>/dev/null || true
  wait "$watch_pid" 2>/dev/null || true
  watch_pid=
}

cleanup() {
  stop_watch
  if [ -n "$project" ]; then take_down "$project"; fi
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# the fixture's dev stack down with its volumes, and its image removed or listed
take_down() { # fixture
  local kept=${DOCKGEN_E2E_KEPT_IMAGES:-} rmi=(--rmi local)
  [ -z "$kept" ] || rmi=()
  (cd "$work/$1" && docker-compose -p "dockgen-watch-$1" --profile dev down --volumes "${rmi[@]}" --timeout 5 >/dev/null 2>&1) || true
  if [ -n "$kept" ]; then
    echo "dockgen-watch-$1-dev" >>"$kept"
  else
    # Compose's `--rmi local` through podman's API leaves the built image
    podman rmi "dockgen-watch-$1-dev" >/dev/null 2>&1 || true
  fi
}

podman system service --time=0 "unix://$work/podman.sock" >/dev/null 2>&1 &
service_pid=$!
for _ in $(seq 1 100); do [ -S "$work/podman.sock" ] && break; sleep 0.1; done
export DOCKER_HOST="unix://$work/podman.sock" COMPOSE_BAKE=false DOCKER_BUILDKIT=0

# waits until GET / on the port answers with TEXT, for at most SECONDS
answers() { # port text seconds
  local until=$((SECONDS + $3))
  while [ $SECONDS -lt "$until" ]; do
    if curl -fsS --max-time 2 "http://127.0.0.1:$1/" 2>/dev/null | grep -qF "$2"; then return 0; fi
    sleep 1
  done
  return 1
}

failed=0
check() { # fixture port file before after
  local fixture=$1 port=$2 file=$3 before=$4 after=$5
  project=$fixture
  cp -r "$repo/examples/$fixture" "$work/$fixture"
  if ! "$dockgen" init --yes --set "port=$port" "$work/$fixture" >"$work/$fixture.init.log" 2>&1; then
    echo "FAIL  $fixture: dockgen init"
    cat "$work/$fixture.init.log"
    failed=1
    project=
    return
  fi
  local log=$work/$fixture.watch.log
  (cd "$work/$fixture" && exec docker-compose -p "dockgen-watch-$fixture" --profile dev watch dev) >"$log" 2>&1 &
  watch_pid=$!
  if ! answers "$port" "$before" 600; then
    echo "FAIL  $fixture: the dev service never answered \`$before\`"
    tail -20 "$log"
    failed=1
  else
    local builds
    builds=$(grep -c 'Successfully tagged' "$log" || true)
    # written in place (no temporary file renamed over it), as the sync then has no deletion
    python3 - "$work/$fixture/$file" "$before" "$after" <<'EOF'
import sys
path, before, after = sys.argv[1:]
with open(path, "r+") as f:
    text = f.read().replace(before, after)
    f.seek(0)
    f.write(text)
    f.truncate()
EOF
    local started=$SECONDS
    if ! answers "$port" "$after" 60; then
      echo "FAIL  $fixture: the edit of $file did not reach the running dev server"
      tail -20 "$log"
      failed=1
    elif [ "$(grep -c 'Successfully tagged' "$log" || true)" != "$builds" ]; then
      echo "FAIL  $fixture: the edit rebuilt the image instead of syncing the file"
      failed=1
    else
      echo "PASS  $fixture: the edit of $file answered after $((SECONDS - started)) s, no rebuild"
    fi
  fi
  stop_watch
  take_down "$fixture"
  project=
}

check node-express-npm 3997 server.js "Hello from node-express-npm" "Hello from a live edit"
check python-fastapi-pip 8997 app/main.py "Hello from FastAPI" "Hello from a live edit"
check node-express-ts-dev 3996 src/server.ts "greeter api" "greeter live edit"
check node-typescript-npm 3995 src/index.ts "Hello from node-typescript-npm" "Hello from a live edit"
exit "$failed"
