#!/usr/bin/env bash
# Takes down a stack `dockgen verify --compose --keep` left running: its containers, volumes
# and networks go now (found by Compose's project label), while the images the stack built are
# only listed in KEPT, for scripts/e2e.sh to remove when no build runs. Removing an image while
# another build looks its cache up fails that build ("layer not known"), which Compose's own
# `down --rmi local` would do at any moment.
#
# Usage: scripts/e2e/stack-down.sh PROJECT DIR KEPT   (DIR: the folder verified)
set -uo pipefail
project=$1 dir=$2 kept=$3
label=label=com.docker.compose.project=$project

podman ps -aq --filter "$label" | xargs -r podman rm --force --volumes --time 10 >/dev/null 2>&1
podman volume ls -q --filter "$label" | xargs -r podman volume rm --force >/dev/null 2>&1
podman network ls -q --filter "$label" | xargs -r podman network rm --force >/dev/null 2>&1
file=
for name in compose.yaml compose.yml docker-compose.yaml docker-compose.yml; do
  if [ -f "$dir/$name" ]; then file=$dir/$name && break; fi
done
[ -n "$file" ] || exit 0
# the images of the services Compose builds: `image:` where one names it, else Compose's
# `<project>-<service>`
python3 -c 'import sys, yaml
project, path = sys.argv[1], sys.argv[2]
services = (yaml.safe_load(open(path)) or {}).get("services") or {}
for name, s in services.items():
    if (s or {}).get("build") is not None:
        print(s.get("image") or f"{project}-{name}")' "$project" "$file" >>"$kept"
