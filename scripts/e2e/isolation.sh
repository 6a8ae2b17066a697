#!/usr/bin/env bash
# Proves that one app's image of a workspace holds nothing of another app: lists every file
# in the image and fails on any under a forbidden path. A FORBIDDEN-PATH is either absolute
# (`/app/apps/web`: that folder in the image) or relative (`apps/web`, `node_modules/pino`):
# then any file at that path below any folder of the image (the workspace root may sit at
# `/app` or elsewhere; a dependency may be hoisted or nested). Prints what it found; exits 1
# on any, 2 on bad usage.
#
# Usage: scripts/e2e/isolation.sh IMAGE FORBIDDEN-PATH...    (as root; podman)
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: $0 IMAGE FORBIDDEN-PATH..." >&2
  exit 2
fi
image=$1
shift
container=
listing=$(mktemp)
cleanup() {
  [ -z "$container" ] || podman rm --force "$container" >/dev/null 2>&1 || true
  rm -f "$listing"
}
trap cleanup EXIT

container=$(podman create "$image")
# every entry of the image's filesystem, as `/path`, folders without their trailing slash
podman export "$container" | tar -t | sed -e 's|^\./||' -e 's|/$||' -e 's|^|/|' | sort -u >"$listing"
total=$(wc -l <"$listing")

failed=0
for forbidden in "$@"; do
  forbidden=${forbidden%/}
  if [ "${forbidden#/}" != "$forbidden" ]; then
    hits=$(awk -v p="$forbidden" '$0 == p || index($0, p "/") == 1' "$listing")
  else
    hits=$(awk -v p="/$forbidden" '{ s = $0 "/" } index(s, p "/") > 0' "$listing")
  fi
  if [ -n "$hits" ]; then
    failed=1
    echo "isolation: FAIL: $image holds $forbidden ($(echo "$hits" | wc -l) entries), e.g.:"
    echo "$hits" | head -5 | sed 's|^|  |'
  fi
done
if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "isolation: ok: none of $* among the $total entries of $image"
