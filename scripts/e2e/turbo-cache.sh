#!/usr/bin/env bash
# Proves that `turbo prune --docker` keeps one app's dependency install cached when another
# app's dependencies change: in a copy of a Turborepo fixture, `dockgen init`, then the `deps`
# stage of app A built with the layer cache; then app B gains a dependency (its package.json
# and the lockfile's entry for it, as `pnpm add` writes them) and A's `deps` stage is built
# again. A's install step must come from the cache, and its prune step must have run again
# (the context changed: the check sees the change, not a build that read nothing new). Without
# the prune, the lockfile copied before the install changed, and the install ran again.
#
# Usage: scripts/e2e/turbo-cache.sh [DOCKGEN]   (as root; buildah, and the stand-ins of
#        scripts/e2e/standins.sh). Exits 1 when the install ran again, 2 on a failed build.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dockgen=${1:-$repo/target/debug/dockgen}
fixture=node-turborepo-pnpm app=apps/api other=apps/web
work=$(mktemp -d /tmp/dockgen-turbo-cache.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
export BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}

cp -r "$repo/examples/$fixture" "$work/repo"
"$dockgen" init --yes "$work/repo" >"$work/init.log" 2>&1 || { cat "$work/init.log"; exit 2; }
build() { # log
  if ! buildah bud --network host --layers --format docker --target deps \
    -f "$app/Dockerfile" "$work/repo" >"$1" 2>&1; then
    echo "the $app deps stage does not build:"
    tail -30 "$1"
    exit 2
  fi
}
# whether the step whose command holds TEXT came from the layer cache, in a build's log
# (`[2/4] STEP 3/3: RUN …` then `--> Using cache …`; the stage prefix when there are several)
cached() { # log text
  awk -v text="$2" '
    /^(\[[0-9]+\/[0-9]+\] )?STEP [0-9]+\/[0-9]+: / { in_step = index($0, text) > 0; next }
    in_step && /^--> Using cache/ { found = 1 }
    END { exit found ? 0 : 1 }' "$1"
}
cd "$work/repo"
build "$work/first.log"
echo "built $app's deps stage: $(grep -cE '^(\[[0-9]+/[0-9]+\] )?STEP ' "$work/first.log") steps"

# app B gains a dependency the lockfile already resolves for A (express), as `pnpm add` writes
# it; its description names this run, so that the context differs from any earlier run's on
# this machine (whose layers the cache holds)
python3 - "$other" "$(date +%s%N)" <<'PY'
import json, sys
other, run = sys.argv[1], sys.argv[2]
manifest = f"{other}/package.json"
pkg = json.load(open(manifest))
pkg["description"] = f"web front end (turbo-cache run {run})"
pkg["dependencies"]["express"] = "^5.1.0"
pkg["dependencies"] = dict(sorted(pkg["dependencies"].items()))
open(manifest, "w").write(json.dumps(pkg, indent=2) + "\n")
lock = open("pnpm-lock.yaml").read()
anchor = f"  {other}:\n    dependencies:\n"
assert anchor in lock, f"no importer {other} in pnpm-lock.yaml"
version = lock.split("  apps/api:\n", 1)[1].split("      express:\n", 1)[1].split("\n", 2)[1].split("version: ")[1]
lock = lock.replace(anchor, anchor + f"      express:\n        specifier: ^5.1.0\n        version: {version}\n", 1)
open("pnpm-lock.yaml", "w").write(lock)
PY
git diff --no-index --stat "$repo/examples/$fixture/pnpm-lock.yaml" pnpm-lock.yaml || true
build "$work/second.log"

status=0
if cached "$work/second.log" "turbo prune"; then
  echo "FAILED: the prune step came from the cache, though the context changed: the check saw no change"
  status=1
fi
if cached "$work/second.log" "pnpm install"; then
  echo "ok: $other's new dependency left $app's install layer cached (the prune's lockfile for $app is unchanged)"
else
  echo "FAILED: $other's new dependency ran $app's install again:"
  grep -A3 'pnpm install' "$work/second.log" | head -20
  status=1
fi
exit $status
