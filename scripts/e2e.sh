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
# Usage: scripts/e2e.sh [FIXTURE...]     (default: every fixture not listed in SKIP below;
#                                         e.g. `scripts/e2e.sh node-planted-secrets`)
# Env:   DOCKGEN_E2E_ENGINE  engine for verify (default buildah)
#        DOCKGEN_E2E_OUT     where logs, JSON reports and the table go (default target/e2e)
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
)

suite_start=$SECONDS
bash scripts/e2e/setup.sh
bash scripts/e2e/standins.sh
cargo build --locked --quiet
dockgen=$repo/target/debug/dockgen
# Builds run chroot-isolated: nested user namespaces are not available in CI sandboxes.
export BUILDAH_ISOLATION=chroot

rm -rf "$out"
mkdir -p "$out/work" "$out/reports"
if [ $# -gt 0 ]; then
  fixtures=("$@")
else
  fixtures=()
  for dir in examples/*/; do
    # examples/presets holds presets, not projects
    [ "$(basename "$dir")" = presets ] || fixtures+=("$(basename "$dir")")
  done
fi

failures=0
# runc on some kernels fails now and then while cloning itself ("sealing memfd copy: Device
# or resource busy"); that is the test machine, not the Dockerfile: such a run is retried (twice
# at most), whatever its expected result. So is a build whose cached layer another build on the
# same machine removed meanwhile ("layer not known": a concurrent `podman image prune`), and
# Buildah 1.28's own loss of a stage image while it builds stages in parallel ("creating build
# container: … image not known"), seen alone on the machine.
ENGINE_FLAKE='sealing memfd copy: Device or resource busy|layer not known|creating build container: [0-9a-f]+: image not known'

run_fixture() { # name source-dir expected(pass|fail) [attempt]; INIT_ARGS: extra init flags
  local name=$1 src=$2 expected=$3 attempt=${4:-1}
  local dir=$out/work/$name
  cp -r "$src" "$dir"
  echo "=== $name (expect $expected)"
  # shellcheck disable=SC2086 # INIT_ARGS is a list of flags
  if ! "$dockgen" init --yes ${INIT_ARGS:-} "$dir" >"$out/reports/$name.init.log" 2>&1; then
    echo "FAILED: dockgen init on $name:"
    cat "$out/reports/$name.init.log"
    failures=$((failures + 1))
    return
  fi
  # a project with planted secrets keeps its image, to be searched for them
  local planted=
  if grep -rqF PLANTED-SECRET- "$src"; then planted=1; fi
  # the JSON report goes to a file; progress to the log, and its step lines to the console
  local status
  set +e
  "$dockgen" verify --engine "$engine" --network host --json ${planted:+--keep} "$dir" 2>&1 >"$out/reports/$name.json" \
    | tee "$out/reports/$name.log" \
    | grep --line-buffered -E '^(building|waiting|stopping|rebuilding|  \[)' >&2
  status=${PIPESTATUS[0]} # read before any other command resets it
  set -e
  local got=pass
  [ "$status" -eq 0 ] || got=fail
  if [ "$attempt" -lt 3 ] && grep -qE "$ENGINE_FLAKE" "$out/reports/$name.json"; then
    echo "retrying $name: the container runtime failed ($ENGINE_FLAKE)"
    rm -rf "$dir"
    run_fixture "$name" "$src" "$expected" $((attempt + 1))
    return
  fi
  if [ "$got" != "$expected" ] || [ "$status" -gt 1 ]; then
    echo "UNEXPECTED: $name should $expected verification, got exit $status. Report:"
    python3 scripts/e2e/table.py --explain "$out/reports/$name.json" || tail -40 "$out/reports/$name.log"
    failures=$((failures + 1))
  else
    echo "ok: $name ${got}ed as expected"
  fi
  if [ -n "$planted" ]; then
    local image
    image=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["image"])' "$out/reports/$name.json")
    if ! bash scripts/e2e/planted-secrets.sh "$image" "$dir" | tee "$out/reports/$name.secrets.log"; then
      echo "UNEXPECTED: $name: its image holds planted secrets, or lacks its environment templates"
      failures=$((failures + 1))
    fi
    # verify --keep left the container and the tagged image; the untagged ones go with the prune
    local container=${image#localhost/}
    podman rm --force "${container%:latest}" >/dev/null 2>&1 || true
    podman rmi --force "$image" >/dev/null 2>&1 || true
  fi
  # keep the disk in check: drop the layer cache of this fixture (stand-ins stay tagged)
  podman image prune --force >/dev/null 2>&1 || true
  rm -rf "$dir"
}

for name in "${fixtures[@]}"; do
  if [ -n "${SKIP[$name]:-}" ]; then
    echo "=== $name: skipped: ${SKIP[$name]}"
    echo "$name	${SKIP[$name]}" >>"$out/skipped.tsv"
    continue
  fi
  run_fixture "$name" "examples/$name" pass
done

# An organisation's preset (examples/presets/acme-node) on a plain npm project: its base image
# comes from ACME's registry (a stand-in tag here), its CA is copied in, npm runs with the
# `npmrc` build secret mount (absent here, so npm uses the public registry).
if [ $# -eq 0 ]; then
  INIT_ARGS="--preset-dir $repo/examples/presets --preset acme-node" \
    run_fixture acme-node-preset examples/node-express-npm pass
fi

# The broken fixture proves that failure is visible: verify must fail and say why.
if [ $# -eq 0 ]; then
  run_fixture broken-never-healthy tests/e2e/broken-never-healthy fail
  if ! grep -q "DATABASE_URL is not set" "$out/reports/broken-never-healthy.json"; then
    echo "UNEXPECTED: the broken fixture's report does not show the container's error"
    failures=$((failures + 1))
  fi
fi

python3 scripts/e2e/table.py "$out/reports" "$out/skipped.tsv" | tee "$out/table.md"
echo "suite time: $(((SECONDS - suite_start) / 60)) min $(((SECONDS - suite_start) % 60)) s; unexpected results: $failures"
[ "$failures" -eq 0 ]
