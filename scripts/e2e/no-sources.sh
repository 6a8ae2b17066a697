#!/usr/bin/env bash
# Proves that a Node image running compiled output ships no sources beside it: the image's
# application folder (its WORKDIR, node_modules aside) holds no TypeScript source (`.ts`,
# `.tsx`, `.mts`, `.cts`; declaration files `.d.ts` aside), no tsconfig, no `*.tsbuildinfo`
# and no `.dockgen.toml`. A config file the framework's server reads at start
# (`next.config.ts`) is allowed, and so is Prisma's `prisma.config.ts` at the root, which the
# Prisma CLI reads when the image runs `prisma migrate deploy`. Prints what it found; exits 1 on any.
#
# Usage: scripts/e2e/no-sources.sh IMAGE    (as root; podman)
set -euo pipefail

image=$1
tmp=$(mktemp -d)
container=
cleanup() {
  [ -z "$container" ] || podman rm --force "$container" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

workdir=$(podman image inspect --format '{{.Config.WorkingDir}}' "$image")
container=$(podman create "$image")
mkdir "$tmp/app"
podman export "$container" | tar -x -C "$tmp/app" --wildcards "${workdir#/}/*" 2>/dev/null || true
root="$tmp/app$workdir"
if [ ! -d "$root" ]; then
  echo "no-sources: FAIL: $image has no $workdir" >&2
  exit 1
fi
found=$(cd "$root" && find . -path ./node_modules -prune -o -type f \
  \( \( \( -name '*.ts' -o -name '*.tsx' -o -name '*.mts' -o -name '*.cts' \) \
        ! -name '*.d.ts' ! -name '*.d.mts' ! -name '*.d.cts' ! -name 'next.config.ts' \
        ! -path './prisma.config.ts' ! -path './prisma.config.mts' ! -path './prisma.config.cts' \) \
     -o -name 'tsconfig*.json' -o -name '*.tsbuildinfo' -o -name '.dockgen.toml' \) \
  -print | sed 's|^\./||' | sort)
files=$(cd "$root" && find . -path ./node_modules -prune -o -type f -print | wc -l)
if [ -n "$found" ]; then
  echo "no-sources: FAIL: $image ships sources beside its compiled output, in $workdir:"
  echo "$found" | sed 's|^|  |'
  exit 1
fi
echo "no-sources: ok: $image ships no TypeScript source, tsconfig, tsbuildinfo or .dockgen.toml in $workdir ($files files outside node_modules)"
