#!/usr/bin/env bash
# End-to-end suite: for every fixture in examples/ that can be built on this machine, run
# `dockgen init --yes` in a copy and `dockgen verify` on it, then print a table. A
# deliberately broken fixture (tests/e2e/broken-never-healthy) must FAIL verification, with
# its cause in the log. Exit status is non-zero when any result differs from what is
# expected.
#
# Machines without an image registry (like this project's CI) cannot pull the official
# base images, so scripts/e2e/standins.sh builds stand-ins from Debian packages under the
# exact names the generated Dockerfiles use. They are a test device, not the real images:
# Debian's runtimes (Node.js 20, Python 3.13, Go 1.24, Debian's nginx) behind official tags.
# What differs is listed in scripts/e2e/standins/README.md.
#
# A fixture that plants secrets (files holding the marker PLANTED-SECRET-) keeps its image, and
# scripts/e2e/planted-secrets.sh searches the image's whole file system and every layer for
# the marker: one found fails the fixture.
#
# A Node fixture with TypeScript sources whose image runs compiled output (a build stage, a
# Node final stage, no TypeScript runner in CMD) keeps its image too, and
# scripts/e2e/no-sources.sh lists its application folder: a TypeScript source, tsconfig,
# tsbuildinfo or .dockgen.toml there fails the fixture.
#
# A fixture whose compose.yaml mounts folders under /app (a tmpfs for `.next/cache`, a volume
# for a SQLite folder) keeps its image as well, and scripts/e2e/writable.sh writes in each as
# the image's user, run read-only with those mounts as compose runs it.
#
# A Turborepo fixture's app is built twice up to its install, another app's dependencies
# changed in between: scripts/e2e/turbo-cache.sh fails unless the install came from the cache.
#
# A fixture whose generated compose.yaml has services besides `app` is verified as a whole
# stack instead (`verify --compose`, Docker Compose v2 against podman's API service: see
# scripts/e2e/standins/README.md), with stand-ins for postgres, redis, mariadb and rabbitmq;
# the table lists such stacks in a second table, a row per stack.
#
# Usage: scripts/e2e.sh [FIXTURE...]     (default: every fixture not listed in SKIP below;
#                                         e.g. `scripts/e2e.sh node-planted-secrets`)
# Env:   DOCKGEN_E2E_ENGINE  engine for verify (default buildah)
#        DOCKGEN_E2E_OUT     where logs, JSON reports and the table go (default target/e2e),
#                            and timings.tsv: each fixture, when it began and ended (s)
#        DOCKGEN_E2E_PRUNE   0 keeps the layer cache (default 1: prune it when disk runs low;
#                            set 0 when other suites build on the same machine at the same time)
#        DOCKGEN_E2E_MIN_FREE_GB  free space below which the cache is pruned (default 15)
#        DOCKGEN_E2E_JOBS    fixtures verified at once (default 4)
#        DOCKGEN_E2E_KEPT_MAX  kept images (and their earlier builds') removed once this many
#                            are listed (default 45), while no build runs
#
# Fixtures run in parallel, DOCKGEN_E2E_JOBS at a time. verify runs the app on the host's
# network, so fixtures whose apps listen on the same port take turns (a lock per port), and the
# list is ordered to interleave ports. The layer cache is pruned when free space runs low,
# between verifications: a prune removes the intermediate images a running build uses, so it
# waits for the running ones to end and holds new ones back meanwhile (a turnstile). So does
# the removal of the images the verifications keep, with the prune and at the end: Buildah's
# cache lookup fails on an image removed under it. Each fixture's console output is printed
# whole when it ends.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
engine=${DOCKGEN_E2E_ENGINE:-buildah}
out=${DOCKGEN_E2E_OUT:-$repo/target/e2e}

# Fixtures that cannot be built here, and why. Everything else in examples/ is built.
# (Go fixtures build only with the standard library or local modules: no module proxy.)
declare -A SKIP=(
  [go-cobra-serve]="needs Go modules (cobra) that cannot be downloaded here: checked by its snapshot and tests/cli/go.rs"
  [go-urfave-cli]="needs Go modules (urfave/cli) that cannot be downloaded here: checked by its snapshot and tests/cli/go.rs"
  [node-express-prisma-sqlite]="Prisma 6: its install's \`prisma generate\` (the prisma-client-js generator) downloads the query engine library from binaries.prisma.sh, unreachable here (the node stand-in's PRISMA_SCHEMA_ENGINE_BINARY stub stands in for the schema engine only), and its start's \`prisma migrate deploy\` needs the schema engine: checked by its snapshot and tests/cli/node_install.rs (Prisma 7's generate is built in node-express-prisma7-sqlite)"
  [go-sqlite3-bookmarks]="needs Go modules (mattn/go-sqlite3) that cannot be downloaded here: checked by its snapshot and tests/cli/go.rs (cgo on, C compiler, glibc runtime)"
  [node-express-mongodb]="MongoDB is not packaged by Debian, so no stand-in: checked by its snapshot, the Compose schema and tests/cli/services.rs"
  [node-prisma-postgres-migrate]="Prisma 6: \`prisma migrate deploy\` (its start and its compose migrate service) needs the schema engine and @prisma/client 6 its query engine, both downloaded from binaries.prisma.sh, unreachable here: checked by its snapshot and tests/cli/processes.rs (the migrate service)"
  [go-pgx-migrate]="needs Go modules (golang-migrate, pgx) that cannot be downloaded here: checked by its snapshot and tests/cli/processes.rs (the migrate service running cmd/migrate from the app's image)"
)

# Fixtures whose image is built here but cannot run, and why: the suite builds the image's
# production stage end to end (the install, the build, every COPY), runs the image checks
# below that apply (sources beside compiled output), and the command given here in the built
# image, as its user, instead of the app's start; the table says "built, not run".
declare -A BUILD_ONLY=(
  [node-express-prisma7-sqlite]="its start runs \`prisma migrate deploy\`, which needs Prisma's schema engine (a binary from binaries.prisma.sh, unreachable here; the node stand-in's PRISMA_SCHEMA_ENGINE_BINARY is a stub that fails): the server, its health check and requests are not run"
)
# and how far its start gets here: the image run as it is fails, with each of these lines
# (one a line) in its output. Prisma relays none of the stub engine's message: it says
# "Schema engine error:" after loading prisma.config.ts and naming the SQLite file.
declare -A BUILD_ONLY_START_FAILS_WITH=(
  [node-express-prisma7-sqlite]='Datasource "db": SQLite database "reading-list.db" at "file:./data/reading-list.db"
Error: Schema engine error:'
)
declare -A BUILD_ONLY_CHECK=(
  # the native module loads with its shared libraries, and the compiled app's generated client
  # with the driver adapter (no database opened)
  [node-express-prisma7-sqlite]="node -e require('better-sqlite3')(':memory:').pragma('user_version');require('@prisma/adapter-better-sqlite3');require('./dist/generated/prisma/client.js')"
)

# Fixtures whose copy gets what its users commit but this repository does not, before
# `dockgen init`: Yarn's own release (.yarn/releases and yarnPath, as `yarn set version`
# writes them) is Yarn's code, fetched from npm (@yarnpkg/cli-dist, the same bundle).
declare -A PREPARE=(
  [node-express-yarn3-plugin]="yarn_release 3.8.7"
)
yarn_release() { # version dir
  local version=$1 dir=$2 tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "@yarnpkg/cli-dist@$version" >/dev/null) \
    && tar -xzf "$tmp"/yarnpkg-cli-dist-"$version".tgz -C "$tmp" package/bin/yarn.js \
    && mkdir -p "$dir/.yarn/releases" \
    && cp "$tmp/package/bin/yarn.js" "$dir/.yarn/releases/yarn-$version.cjs" \
    && printf 'yarnPath: .yarn/releases/yarn-%s.cjs\n' "$version" >>"$dir/.yarnrc.yml"
  local status=$?
  rm -rf "$tmp"
  return $status
}

suite_start=$SECONDS
bash scripts/e2e/setup.sh
bash scripts/e2e/standins.sh
cargo build --locked --quiet
dockgen=$repo/target/debug/dockgen
# Builds run chroot-isolated: nested user namespaces are not available in CI sandboxes.
export BUILDAH_ISOLATION=chroot

jobs_max=${DOCKGEN_E2E_JOBS:-4}
[ "$jobs_max" -ge 1 ] 2>/dev/null || { echo "DOCKGEN_E2E_JOBS must be a number, 1 or more" >&2; exit 2; }
# Django stacks' compose.yaml requires the app's secret key from the environment
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-e2e-only-not-a-secret-$RANDOM$RANDOM$RANDOM}
# the layer cache is pruned when the image store's file system has less free than this
min_free_gb=${DOCKGEN_E2E_MIN_FREE_GB:-15}
low_on_disk() {
  local store
  store=$(podman info --format '{{.Store.GraphRoot}}' 2>/dev/null || echo /var/lib/containers)
  [ "$(df --output=avail -BG "$store" 2>/dev/null | tail -1 | tr -dc 0-9)" -lt "$min_free_gb" ]
}
rm -rf "$out"
mkdir -p "$out/work" "$out/reports" "$out/results" "$out/console"
# machine-wide, so that suites running side by side (other checkouts) share the port locks
locks=${DOCKGEN_E2E_LOCKS:-/tmp/dockgen-e2e-locks}
mkdir -p "$locks"
if [ $# -gt 0 ]; then
  fixtures=("$@")
else
  fixtures=()
  for dir in examples/*/; do
    # examples/presets holds presets, not projects
    [ "$(basename "$dir")" = presets ] || fixtures+=("$(basename "$dir")")
  done
fi

# the port a fixture's app listens on, as its Dockerfile will EXPOSE it, and how long it takes
# to build, both read from the plan: a Next.js app (or a workspace holding one) builds longest
# (weight 2), a workspace's apps next (1), a single project of another kind least (0)
port_and_weight() { # source-dir
  "$dockgen" plan --json "$1" 2>/dev/null | python3 -c 'import json, sys
plan = json.load(sys.stdin)
apps = plan.get("apps") or [plan]
weight = 2 if any(a.get("framework") == "nextjs" for a in apps) else 1 if "apps" in plan else 0
print(plan.get("port") or "none", weight, sep="\t")' 2>/dev/null || printf 'none\t0\n'
}

# the services `docker compose up` starts from a project's compose file (none without one),
# one a line: those under a profile (the `dev` service) start only when it is named
compose_services() { # dir
  local file
  for file in compose.yaml compose.yml docker-compose.yaml docker-compose.yml; do
    [ -f "$1/$file" ] || continue
    python3 -c 'import sys, yaml
services = (yaml.safe_load(open(sys.argv[1])) or {}).get("services") or {}
print("\n".join(n for n, s in services.items() if not (s or {}).get("profiles")))' "$1/$file"
    return
  done
}

# a result of one fixture: "ok" or why it is unexpected; counted at the end
result() { # name text
  echo "$2" >>"$out/results/$1"
}
# runc on some kernels fails now and then while cloning itself ("sealing memfd copy: Device
# or resource busy"); that is the test machine, not the Dockerfile: such a run is retried (twice
# at most), whatever its expected result. So is a build whose cached layer another build on the
# same machine removed meanwhile ("layer not known": another suite's removal on the same
# machine; this suite removes images only in `remove_kept`, while no build runs), and
# Buildah 1.28's own loss of a stage image while it builds stages in parallel ("creating build
# container: … image not known"), seen alone on the machine.
ENGINE_FLAKE='sealing memfd copy: Device or resource busy|layer not known|creating build container: [0-9a-f]+: image not known'

run_fixture() { # name source-dir expected(pass|fail) [attempt]; INIT_ARGS: extra init flags;
  # APP: an app of the workspace in source-dir (its folder), verified from the root
  local name=$1 src=$2 expected=$3 attempt=${4:-1}
  local dir=$out/work/$name app=${APP:-}
  # the folder verified: the project, or the workspace app's (its Dockerfile, the root as context)
  local target=$dir${app:+/$app}
  cp -r "$src" "$dir"
  echo "=== $name (expect $expected)"
  if [ -n "${PREPARE[$name]:-}" ]; then
    echo "prepared: ${PREPARE[$name]}"
    # shellcheck disable=SC2086 # a function and its arguments
    if ! ${PREPARE[$name]} "$dir"; then
      echo "FAILED: preparing $name (${PREPARE[$name]})"
      result "$name" "preparing it failed"
      return
    fi
  fi
  # shellcheck disable=SC2086 # INIT_ARGS is a list of flags
  if ! "$dockgen" init --yes ${INIT_ARGS:-} "$dir" >"$out/reports/$name.init.log" 2>&1; then
    echo "FAILED: dockgen init on $name:"
    cat "$out/reports/$name.init.log"
    result "$name" "init failed"
    return
  fi
  # a project with planted secrets keeps its image, to be searched for them
  local planted=
  if grep -rqF PLANTED-SECRET- "$src"; then planted=1; fi
  # a Node image that runs compiled TypeScript keeps its image, to be searched for sources (not
  # a Go or Python image whose assets stage alone is Node)
  local compiled=
  if [ -f "$src/${app:+$app/}package.json" ] && grep -q '^FROM .* AS build$' "$target/Dockerfile" \
    && grep -qE '^FROM (docker\.io/library/node|docker\.io/oven/bun|gcr\.io/distroless/nodejs)' "$target/Dockerfile" \
    && ! grep '^FROM ' "$target/Dockerfile" | tail -1 | grep -qE 'nginx|python|golang|distroless/(static|base)' \
    && ! grep -E '^CMD ' "$target/Dockerfile" | grep -qE 'tsx|ts-node|\.(ts|tsx|mts)"' \
    && [ -n "$(find "$src" -path "$src/node_modules" -prune -o -type f \( -name 'tsconfig*.json' -o -name '*.ts' -o -name '*.tsx' \) -print -quit)" ]; then
    compiled=1
  fi
  # an image whose compose mounts folders the app writes: written as its user, read-only root
  local writable=
  if [ -f "$dir/compose.yaml" ] && grep -qE '"/app/|:/app/' "$dir/compose.yaml"; then writable=1; fi
  # a workspace app's image is searched for the other apps' files (scripts/e2e/isolation.sh)
  local isolated=${app:+1}
  local keep=${planted}${compiled}${writable}${isolated}
  # the requests tests/e2e/requests.toml lists for this fixture, as `--request` flags
  local requests=()
  while IFS= read -r line; do
    [ -n "$line" ] && requests+=(--request "$line")
  done < <(python3 -c 'import sys, tomllib
for r in tomllib.load(open(sys.argv[1], "rb")).get(sys.argv[2], {}).get("requests", []): print(r)' \
    tests/e2e/requests.toml "$name")
  # the JSON report goes to a file; progress to the log, and its step lines to the console
  local status port
  port=$(sed -n 's/^EXPOSE \([0-9]*\).*/\1/p' "$target/Dockerfile" | head -1)
  # one app at a time per host port; no prune while this verification builds (see the header)
  exec 7>"$locks/port-${port:-none}"
  flock 7
  exec 8>"$locks/turnstile"
  flock 8
  exec 9>"$locks/cache"
  flock -s 9
  flock -u 8
  if [ -n "${BUILD_ONLY[$name]:-}" ]; then
    build_only "$name" "$dir" "$compiled"
    exec 9>&- 7>&-
    rm -rf "$dir"
    return
  fi
  # A stack with services besides `app` (a database, a cache, a broker, a migration, a
  # worker) is brought up whole with `verify --compose`: the app alone cannot become healthy
  # without its stores. Compose publishes the app's port on 127.0.0.1 (the port lock above
  # holds); the backing services publish nothing.
  local mode=()
  if [ -z "$app" ] && [ -n "$(compose_services "$dir" | grep -vx app)" ]; then
    # the stack is kept, taken down below and its images removed with the kept ones; the image
    # checks (planted secrets, sources, writable folders) run in single-image runs
    mode=(--compose --keep)
    planted= keep=
    echo "compose stack: $(compose_services "$dir" | tr '\n' ' ')"
  else
    # the first build reuses the layers other fixtures' builds left (a base stage's tools,
    # the runtime's tini): the suite's time goes to what differs between fixtures. The image
    # is kept, and removed only while no build runs (see `remove_kept`).
    mode=(--network host --layer-cache --keep)
  fi
  set +e
  # the locks stay with this shell: verify's children (Compose's podman API service) would hold
  # them past a killed run
  "$dockgen" verify --engine "$engine" --json "${mode[@]}" "${requests[@]}" "$target" 2>&1 >"$out/reports/$name.json" 7>&- 8>&- 9>&- \
    | tee "$out/reports/$name.log" \
    | grep --line-buffered -E '^(building|bringing|taking|waiting|stopping|rebuilding|  \[)' >&2
  status=${PIPESTATUS[0]} # read before any other command resets it
  set -e
  # verify --keep left the container and the tagged image (or the stack and its images): the
  # containers go now, the images with the next removal of the kept ones (the untagged ones
  # with the prune)
  # the report's `image`: the kept image, or a stack's Compose project
  local reported image=
  reported=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("image") or "")' "$out/reports/$name.json" || true)
  if [ "${mode[0]}" = --compose ]; then
    local project=$reported
    # no report (verify killed or failed early): the project its log named as it kept it
    [ -n "$project" ] || project=$(sed -n 's/^kept the stack: project //p' "$out/reports/$name.log" | tail -1)
    [ -z "$project" ] || bash scripts/e2e/stack-down.sh "$project" "$dir" "$out/kept-images"
  else
    image=$reported
    [ -n "$image" ] || image=$(sed -n 's/^kept image \([^ ]*\) and container .*/\1/p' "$out/reports/$name.log" | tail -1)
  fi
  if [ -n "$image" ]; then
    local container
    container=$(sed -n 's/^kept image [^ ]* and container \(.*\)$/\1/p' "$out/reports/$name.log" | tail -1)
    [ -n "$container" ] || { container=${image#localhost/}; container=${container%:latest}; }
    podman rm --force "$container" >/dev/null 2>&1 || true
    echo "$image" >>"$out/kept-images"
    # and the earlier builds' images the rebuild untagged, with the layers only they hold
    sed -n "s/^left the earlier builds' images: //p" "$out/reports/$name.log" | tr ' ' '\n' | sed '/^$/d' >>"$out/kept-images"
  fi
  # the port is free again; the kept image stays until its checks below have ended (shared lock)
  exec 7>&-
  local got=pass
  [ "$status" -eq 0 ] || got=fail
  if [ "$attempt" -lt 3 ] && grep -qE "$ENGINE_FLAKE" "$out/reports/$name.json"; then
    echo "retrying $name: the container runtime failed ($ENGINE_FLAKE)"
    exec 9>&-
    rm -rf "$dir"
    run_fixture "$name" "$src" "$expected" $((attempt + 1))
    return
  fi
  if [ "$got" != "$expected" ] || [ "$status" -gt 1 ]; then
    echo "UNEXPECTED: $name should $expected verification, got exit $status. Report:"
    python3 scripts/e2e/table.py --explain "$out/reports/$name.json" || tail -40 "$out/reports/$name.log"
    result "$name" "verify exited $status, expected to $expected"
  else
    echo "ok: $name ${got}ed as expected"
    result "$name" ok
  fi
  if [ -n "$keep" ]; then
    if [ -z "$image" ]; then
      echo "UNEXPECTED: $name: no image was built to search"
      result "$name" "no image to search"
    else
      if [ -n "$planted" ] && ! bash scripts/e2e/planted-secrets.sh "$image" "$dir" | tee "$out/reports/$name.secrets.log"; then
        echo "UNEXPECTED: $name: its image holds planted secrets, or lacks its environment templates"
        result "$name" "planted secrets in the image"
      fi
      if [ -n "$compiled" ] && ! bash scripts/e2e/no-sources.sh "$image" | tee "$out/reports/$name.sources.log"; then
        echo "UNEXPECTED: $name: its image ships sources beside its compiled output"
        result "$name" "sources beside the compiled output"
      fi
      if [ -n "$isolated" ]; then
        local forbidden=()
        mapfile -t forbidden < <(python3 scripts/e2e/forbidden.py "$dir" "$app")
        if [ "${#forbidden[@]}" -gt 0 ] && ! bash scripts/e2e/isolation.sh "$image" "${forbidden[@]}" | tee "$out/reports/$name.isolation.log"; then
          echo "UNEXPECTED: $name: its image holds another app's files or dependencies"
          result "$name" "another app's files in the image"
        fi
      fi
      if [ -n "$writable" ] && ! bash scripts/e2e/writable.sh "$image" "$dir" "${app:+${app##*/}}" | tee "$out/reports/$name.writable.log"; then
        echo "UNEXPECTED: $name: its app cannot write the folders it writes at run time"
        result "$name" "folders the app writes are not writable"
      fi
    fi
  fi
  exec 9>&-
  rm -rf "$dir"
  # keep the disk in check: when space runs low, drop the kept images and the layer cache
  # (stand-ins stay tagged)
  if [ "${DOCKGEN_E2E_PRUNE:-1}" != 0 ] && low_on_disk; then
    remove_kept prune
  # and the image store small: Buildah looks every cached step up among all its images, and
  # a store of thousands made every build several times slower
  elif [ "$(wc -l <"$out/kept-images" 2>/dev/null || echo 0)" -ge "${DOCKGEN_E2E_KEPT_MAX:-45}" ]; then
    remove_kept
  fi
}

# Removes the images the verifications kept (and with `prune`, the layer cache) once the
# verifications running now have ended, holding new ones back at the turnstile. An image
# removed while another build looks its cache up fails that build ("checking if cached image
# exists from a previous build: getting top layer info: layer not known": Buildah 1.28 reads
# every image's top layer), so no image is removed while a build runs.
remove_kept() { # [prune]
  (
    exec 8>"$locks/turnstile"
    flock 8
    exec 9>"$locks/cache"
    flock 9
    if [ -s "$out/kept-images" ]; then
      # --ignore: a name listed for a service Compose did not build (under a profile) is no error
      xargs podman rmi --force --ignore <"$out/kept-images" >/dev/null 2>&1 || true
      : >"$out/kept-images"
    fi
    # another fixture's prune may have freed the space while this one waited
    if [ "${1:-}" = prune ] && low_on_disk; then podman image prune --force >/dev/null 2>&1 || true; fi
  )
}

# A fixture that cannot run here (BUILD_ONLY): its production stage built, the image checks
# run, and its BUILD_ONLY_CHECK command in the image as its user; "ok" when all pass.
build_only() { # name dir compiled
  local name=$1 dir=$2 compiled=$3 image=localhost/dockgen-e2e-built-only-$1:latest
  echo "built only: ${BUILD_ONLY[$name]}"
  local start=$SECONDS
  if ! buildah bud --network host --layers --format docker --target runtime -t "$image" "$dir" \
    >"$out/reports/$name.build.log" 2>&1 7>&- 8>&- 9>&-; then
    echo "UNEXPECTED: $name: the image does not build:"
    tail -40 "$out/reports/$name.build.log"
    result "$name" "the image does not build"
    return
  fi
  echo "image built in $((SECONDS - start)) s"
  local ok=1
  if [ -n "$compiled" ] && ! bash scripts/e2e/no-sources.sh "$image" | tee "$out/reports/$name.sources.log"; then
    echo "UNEXPECTED: $name: its image ships sources beside its compiled output"
    result "$name" "sources beside the compiled output"
    ok=
  fi
  local check=${BUILD_ONLY_CHECK[$name]:-}
  if [ -n "$check" ]; then
    # the words of the check: `node -e SCRIPT` (the script holds no spaces)
    # shellcheck disable=SC2086
    if podman run --rm --network none --entrypoint '' "$image" $check >"$out/reports/$name.check.log" 2>&1; then
      echo "in the image: \`$check\` passed"
    else
      echo "UNEXPECTED: $name: \`$check\` failed in the image:"
      cat "$out/reports/$name.check.log"
      result "$name" "the check in the built image failed"
      ok=
    fi
  fi
  local fails=${BUILD_ONLY_START_FAILS_WITH[$name]:-}
  if [ -n "$fails" ]; then
    # its own entrypoint and command, without a network: it must stop where this machine
    # stops it, and nowhere before
    local code=0 line missing=
    timeout 120 podman run --rm --network none "$image" >"$out/reports/$name.start.log" 2>&1 || code=$?
    while IFS= read -r line; do
      grep -qF -- "$line" "$out/reports/$name.start.log" || missing+="$line; "
    done <<<"$fails"
    if [ "$code" -ne 0 ] && [ -z "$missing" ]; then
      echo "its start stops here as expected (exit $code): $(echo "$fails" | tr '\n' ' ')"
    else
      echo "UNEXPECTED: $name: its start (exit $code) did not stop where expected; missing: ${missing:-none}"
      tail -30 "$out/reports/$name.start.log"
      result "$name" "its start did not stop where this machine stops it"
      ok=
    fi
  fi
  printf '%s\t%s\n' "$name" "${BUILD_ONLY[$name]}" >>"$out/built-only.tsv"
  echo "$image" >>"$out/kept-images"
  if [ -n "$ok" ]; then
    echo "ok: $name built (not run)"
    result "$name" ok
  fi
}

# Runs a fixture in the background, at most $jobs_max at once; its console output is printed
# whole when it ends.
start_fixture() { # name source-dir expected; INIT_ARGS as for run_fixture
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
    wait -n || true
  done
  echo "$1" >>"$out/started"
  (
    local began=$SECONDS
    run_fixture "$@" >"$out/console/$1.log" 2>&1 || result "$1" "the suite failed: see its log"
    # when it ran, in seconds from the suite's start: where the suite's time goes
    printf '%s\t%s\t%s\n' "$1" $((began - suite_start)) $((SECONDS - suite_start)) >>"$out/timings.tsv"
    exec 6>"$locks/print"
    flock 6
    cat "$out/console/$1.log"
  ) &
}

# Interleaves the fixtures by the port their apps listen on, so that those running at the
# same time seldom wait for each other's port, the longest builds first within each round of
# ports, so that the suite does not end on one.
interleave() { # names… → names, one per line
  local name
  for name in "$@"; do
    printf '%s\t%s\n' "$(port_and_weight "examples/$name")" "$name"
  done | sort -t$'\t' -k1,1 -k2,2nr -k3,3 | awk -F'\t' '{ n = seen[$1]++; print n "\t" $2 "\t" $3 }' \
    | sort -t$'\t' -s -k1,1n -k2,2nr | cut -f3
}

# Started first, as the longest runs (each takes a job's place while it runs). The dev loop:
# `docker compose --profile dev watch dev` syncs an edit into the running dev server, with no
# rebuild, for a Node and a Python fixture (scripts/e2e/watch.sh)
if [ $# -eq 0 ]; then
  echo "watch" >>"$out/started"
  (
    # its builds hold the kept images' removal back, as the fixtures' do
    exec 9>"$locks/cache"
    flock -s 9
    if DOCKGEN_E2E_KEPT_IMAGES=$out/kept-images bash scripts/e2e/watch.sh "$dockgen" >"$out/console/watch.log" 2>&1 9>&-; then
      result watch ok
    else
      result watch "the dev loop did not reach the running container (see console/watch.log)"
    fi
    exec 9>&-
    exec 6>"$locks/print"
    flock 6
    echo "=== watch (the dev loop)"
    cat "$out/console/watch.log"
  ) &
fi
# A Turborepo app's install layer stays cached when another app's dependencies change
# (`turbo prune --docker`: scripts/e2e/turbo-cache.sh), with the Turborepo fixture or the whole suite
if [ $# -eq 0 ] || [[ " $* " == *" node-turborepo-pnpm "* ]]; then
  echo "turbo-cache" >>"$out/started"
  (
    exec 9>"$locks/cache"
    flock -s 9
    if bash scripts/e2e/turbo-cache.sh "$dockgen" >"$out/console/turbo-cache.log" 2>&1 9>&-; then
      result turbo-cache ok
    else
      result turbo-cache "another app's dependency change rebuilt the install layer (see console/turbo-cache.log)"
    fi
    exec 9>&-
    exec 6>"$locks/print"
    flock 6
    echo "=== turbo-cache (one app's dependency change, another app's install layer)"
    cat "$out/console/turbo-cache.log"
  ) &
fi
runnable=()
for name in "${fixtures[@]}"; do
  if [ -n "${SKIP[$name]:-}" ]; then
    echo "=== $name: skipped: ${SKIP[$name]}"
    echo "$name	${SKIP[$name]}" >>"$out/skipped.tsv"
    continue
  fi
  runnable+=("$name")
done
# a workspace of apps (an image per app, built from its root): one run per app
workspace_apps() { # name → its apps' folders, none for a single project
  "$dockgen" plan --json "examples/$1" 2>/dev/null | python3 -c 'import json, sys
plan = json.load(sys.stdin)
apps = [a["path"] for a in plan.get("apps", [])]
# a go.work of one service builds from its root as one project
if len(apps) > 1 or (apps and plan["workspace"]["tool"] != "go-work"):
    print("\n".join(apps))' 2>/dev/null || true
}
while IFS= read -r name; do
  apps=$(workspace_apps "$name")
  if [ -z "$apps" ]; then
    start_fixture "$name" "examples/$name" pass
    continue
  fi
  while IFS= read -r app_dir; do
    app_name="$name--${app_dir//\//-}"
    if [ -n "${SKIP[$app_name]:-}" ]; then
      echo "=== $app_name: skipped: ${SKIP[$app_name]}"
      echo "$app_name	${SKIP[$app_name]}" >>"$out/skipped.tsv"
      continue
    fi
    APP=$app_dir start_fixture "$app_name" "examples/$name" pass
  done <<<"$apps"
done < <(interleave "${runnable[@]}")

# An organisation's preset (examples/presets/acme-node) on a plain npm project: its base image
# comes from ACME's registry (a stand-in tag here), its CA is copied in, npm runs with the
# `npmrc` build secret mount (absent here, so npm uses the public registry).
if [ $# -eq 0 ]; then
  INIT_ARGS="--preset-dir $repo/examples/presets --preset acme-node" \
    start_fixture acme-node-preset examples/node-express-npm pass
fi

# The broken fixture proves that failure is visible: verify must fail and say why.
if [ $# -eq 0 ]; then
  start_fixture broken-never-healthy tests/e2e/broken-never-healthy fail
fi
wait
remove_kept
if [ $# -eq 0 ] && ! grep -q "DATABASE_URL is not set" "$out/reports/broken-never-healthy.json"; then
  echo "UNEXPECTED: the broken fixture's report does not show the container's error"
  result broken-never-healthy "its report lacks the container's error"
fi

# every fixture started left its results; any but "ok" is unexpected, and so is none
while IFS= read -r name; do
  [ -s "$out/results/$name" ] || result "$name" "no result: the run ended early (see console/$name.log)"
done <"$out/started"
failures=$(cat "$out"/results/* | grep -vcx ok || true)

python3 scripts/e2e/table.py "$out/reports" "$out/skipped.tsv" "$out/built-only.tsv" | tee "$out/table.md"
echo "suite time: $(((SECONDS - suite_start) / 60)) min $(((SECONDS - suite_start) % 60)) s; unexpected results: $failures"
[ "$failures" -eq 0 ]
