#!/usr/bin/env bash
# Proves that a built image holds none of the secrets planted in its project. Every planted
# value carries the marker below; the image must not contain it anywhere:
#   1. in its file system, as a container of the image sees it (`podman export`);
#   2. in any of its layers (a file a later layer deletes included) or in its configuration
#      (`podman save`).
# And when the final stage copies the sources (`COPY . .`), the environment templates
# (`.env.example` and the like) must be there: they document the settings and hold no values.
# Prints the paths that hold the marker, never the values.
#
# Usage: scripts/e2e/planted-secrets.sh IMAGE PROJECT_DIR    (as root; podman)
set -euo pipefail

marker=PLANTED-SECRET-
image=$1
project=$2
tmp=$(mktemp -d)
container=
cleanup() {
  [ -z "$container" ] || podman rm --force "$container" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

planted=$(grep -rlF "$marker" "$project" --exclude-dir=node_modules | sed "s|^$project/||" | sort)
if [ -z "$planted" ]; then
  echo "planted-secrets: $project plants no secret (no file holds $marker)" >&2
  exit 1
fi
failures=0

# 1. the file system
container=$(podman create "$image")
mkdir "$tmp/fs"
podman export "$container" | tar -x -C "$tmp/fs"
if hits=$(grep -rlaF "$marker" "$tmp/fs"); then
  echo "planted-secrets: FAIL: the image's file system holds planted secrets in:"
  echo "$hits" | sed "s|^$tmp/fs|  |"
  failures=$((failures + 1))
fi

# 2. every layer and the configuration
podman save --quiet --format docker-archive -o "$tmp/image.tar" "$image"
mkdir "$tmp/archive"
tar -x -C "$tmp/archive" -f "$tmp/image.tar"
layers=0
while IFS= read -r -d '' blob; do
  layers=$((layers + 1))
  if gzip -t "$blob" 2>/dev/null; then
    reader=(gzip -dc "$blob")
  else
    reader=(cat "$blob")
  fi
  if "${reader[@]}" | grep -qaF "$marker"; then
    echo "planted-secrets: FAIL: the image's archive holds planted secrets in ${blob#"$tmp/archive/"}"
    failures=$((failures + 1))
  fi
done < <(find "$tmp/archive" -type f -print0)

# 3. the templates, where the final stage copies the sources
templates=0
if awk '/^FROM /{copies=0} /^COPY (--[^ ]+ )*\. \.$/{copies=1} END{exit !copies}' "$project/Dockerfile"; then
  workdir=$(podman image inspect --format '{{.Config.WorkingDir}}' "$image")
  while IFS= read -r template; do
    templates=$((templates + 1))
    if [ ! -f "$tmp/fs$workdir/$template" ]; then
      echo "planted-secrets: FAIL: $template is not in the image (expected at $workdir/$template)"
      failures=$((failures + 1))
    fi
  done < <(cd "$project" && find . -path ./node_modules -prune -o -type f \
    \( -name '.env.example' -o -name '.env.sample' -o -name '.env.template' -o -name '.env.dist' \) \
    -print | sed 's|^\./||' | sort)
fi

count=$(echo "$planted" | wc -l)
if [ "$failures" -eq 0 ]; then
  echo "planted-secrets: ok: none of the $count planted files' values is in $image (its file system and the $layers files of its archive searched); $templates environment templates present"
else
  echo "planted-secrets: $failures problems; planted files: $(echo "$planted" | tr '\n' ' ')"
fi
[ "$failures" -eq 0 ]
