#!/usr/bin/env bash
# Benchmark of dockgen's read-only commands (`plan --json`, `init --dry-run`).
#
# What it measures: wall-clock time of each command on two Node projects that
# differ only in an installed dependency tree:
#   small      package.json (express), package-lock.json, server.js
#   synthetic  the same files plus 200,000 files under node_modules
#              (2,000 package dirs x 100 files) and a .gitignore that does NOT
#              mention node_modules.
# Why: detection must stay cheap whatever sits in dependency directories. The
# tool has to prune node_modules by itself (it cannot lean on .gitignore), so
# the synthetic project must cost about the same as the small one. The run
# fails if any median exceeds DOCKGEN_BENCH_MAX_MS (default 10 ms).
#
# Usage: bench/run.sh   (as root on Debian; installs hyperfine if missing)
# Output: bench/results.md, bench/results.json
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
MAX_MS="${DOCKGEN_BENCH_MAX_MS:-10}"
BIN="$ROOT/target/release/dockgen"
JSON_OUT="$BENCH_DIR/results.json"
MD_OUT="$BENCH_DIR/results.md"

# 1. Tools and binary.
if ! command -v hyperfine >/dev/null 2>&1; then
    apt-get install -y hyperfine || { apt-get update && apt-get install -y hyperfine; }
fi
(cd "$ROOT" && cargo build --release)

# 2. Fixture projects in a temp dir.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

make_node_project() {
    local dir="$1"
    mkdir -p "$dir"
    cat >"$dir/package.json" <<'EOF'
{ "name": "bench-app", "version": "1.0.0", "private": true, "main": "server.js",
  "scripts": { "start": "node server.js" }, "dependencies": { "express": "^5.1.0" } }
EOF
    # Minimal lockfile v3: only the root package entry, nothing installed.
    cat >"$dir/package-lock.json" <<'EOF'
{ "name": "bench-app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": { "": { "name": "bench-app", "version": "1.0.0", "dependencies": { "express": "^5.1.0" } } } }
EOF
    cat >"$dir/server.js" <<'EOF'
const express = require("express");
const app = express();
app.get("/health", (_req, res) => res.send("ok"));
app.listen(process.env.PORT || 3000);
EOF
}

SMALL="$WORK/small"
SYNTH="$WORK/synthetic"
make_node_project "$SMALL"
make_node_project "$SYNTH"
printf '# deliberately silent about dependency directories\n*.log\n.env\n' >"$SYNTH/.gitignore"
python3 - "$SYNTH/node_modules" <<'EOF'
import os, sys
root = sys.argv[1]
for p in range(2000):
    d = os.path.join(root, f"pkg-{p:04d}")
    os.makedirs(d)
    for f in range(100):
        with open(os.path.join(d, f"file-{f:03d}.js"), "w"):
            pass
EOF
count="$(find "$SYNTH/node_modules" -type f | wc -l)"
echo "synthetic node_modules: $count files"

# 3. Benchmark (no shell: -N).
hyperfine --warmup 5 --runs 50 -N \
    --export-json "$JSON_OUT" --export-markdown "$MD_OUT" \
    -n "plan small"     "$BIN plan $SMALL --json" \
    -n "init small"     "$BIN init $SMALL --dry-run" \
    -n "plan synthetic" "$BIN plan $SYNTH --json" \
    -n "init synthetic" "$BIN init $SYNTH --dry-run"

# 4. Medians and threshold.
python3 - "$JSON_OUT" "$MAX_MS" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
limit = float(sys.argv[2])
print(f"\n{'command':<16} {'median ms':>10}")
failed = False
for r in results:
    ms = r["median"] * 1000
    over = ms > limit
    failed |= over
    print(f"{r['command']:<16} {ms:>10.2f}{'  > ' + str(limit) + ' ms' if over else ''}")
print(f"threshold: {limit} ms -> {'FAIL' if failed else 'ok'}")
sys.exit(1 if failed else 0)
EOF
