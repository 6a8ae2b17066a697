#!/usr/bin/env bash
# Runs every fuzz target in fuzz/fuzz_targets/ for a bounded time, each starting from its
# committed seed corpus (fuzz/corpus/<target>/), on the stable toolchain: libFuzzer (the
# libfuzzer-sys crate) over code built with the SanitizerCoverage flags cargo-fuzz passes for
# `--sanitizer none`, all of them stable (README, "Fuzzing"). Fails on any crash (a
# panic, an overflow, an allocation past 2 GB) or timeout (one input running longer than
# FUZZ_TIMEOUT seconds) of any target; the input is saved under fuzz/artifacts/<target>/ and
# printed in base64. Inputs found along the way go to a temporary folder: the committed corpus
# only changes by hand.
#
#   FUZZ_SECONDS  seconds per target (default 15: 12 targets, 90 s on 2 cores, after a build
#                 of 3 to 6 minutes from cold); 0 replays the seed corpus only
#   FUZZ_JOBS     targets fuzzed at once (default: one per core)
#   FUZZ_TIMEOUT  seconds one input may take before it counts as a timeout (default 2)
#   FUZZ_TARGETS  the targets to run, separated by spaces (default: all)
#
# Reproduce a finding: fuzz/target/<host>/release/<target> fuzz/artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-15}
timeout=${FUZZ_TIMEOUT:-2}
host=$(rustc -vV | sed -n 's/^host: //p')
targets=${FUZZ_TARGETS:-$(cd fuzz/fuzz_targets && ls -- *.rs | sed 's/\.rs$//')}

# cargo-fuzz's instrumentation, without a sanitizer (those need nightly); debug assertions on,
# so an overflow panics. `--target` keeps the flags off build scripts and proc macros.
export RUSTFLAGS="-Cpasses=sancov-module \
  -Cllvm-args=-sanitizer-coverage-level=4 \
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
  -Cllvm-args=-sanitizer-coverage-pc-table \
  -Cllvm-args=-sanitizer-coverage-trace-compares \
  -Cllvm-args=-sanitizer-coverage-stack-depth \
  -Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
  -Ccodegen-units=1 -Cdebug-assertions --cfg fuzzing"
cargo build --locked --release --manifest-path fuzz/Cargo.toml --target-dir fuzz/target \
  --target "$host" --bins
bin=fuzz/target/$host/release

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the targets' scratch projects live here, and go with it
mkdir "$work/tmp"
export TMPDIR=$work/tmp

# one target: its verdict in $work/<target>.verdict, libFuzzer's output in $work/<target>.log
run_target() { # target
  local target=$1 max_len=16384 limit log=$work/$1.log
  mkdir -p "$work/corpus/$target" "fuzz/artifacts/$target"
  # the merge is bounded (see fuzz_targets/merge.rs); manifests past 16 KiB add nothing
  [ "$target" = merge ] && max_len=65536
  # libFuzzer reads 0 as "no time limit"; here it means no fuzzing, only the seeds
  limit=-max_total_time=$seconds
  [ "$seconds" = 0 ] && limit=-runs=0
  if "$bin/$target" "$work/corpus/$target" "fuzz/corpus/$target" \
      "$limit" -timeout="$timeout" -rss_limit_mb=2048 -max_len="$max_len" \
      -artifact_prefix="fuzz/artifacts/$target/" -print_final_stats=1 >"$log" 2>&1; then
    echo ok >"$work/$target.verdict"
  else
    echo failed >"$work/$target.verdict"
  fi
}

# FUZZ_JOBS targets at a time (default: one per core)
jobs_max=${FUZZ_JOBS:-$(nproc)}
[ "$jobs_max" -ge 1 ] 2>/dev/null || { echo "fuzz: FUZZ_JOBS must be a number, 1 or more" >&2; exit 2; }
for target in $targets; do
  [ -d "fuzz/corpus/$target" ] || { echo "fuzz: no seed corpus fuzz/corpus/$target/" >&2; exit 2; }
done
for target in $targets; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  run_target "$target" &
done
wait

failed=()
for target in $targets; do
  log=$work/$target.log
  if [ "$(cat "$work/$target.verdict" 2>/dev/null)" = ok ]; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    echo "fuzz: $target: ${runs:-?} inputs, ${cov:-cov: ?}, no crash, no timeout"
  else
    failed+=("$target")
    echo "fuzz: $target FAILED; the end of libFuzzer's output:" >&2
    tail -n 60 "$log" >&2
    for found in "fuzz/artifacts/$target"/*; do
      [ -f "$found" ] || continue
      echo "fuzz: $found (base64; decode with \`base64 -d\`):" >&2
      base64 -w 0 "$found" >&2
      echo >&2
    done
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crash or timeout in: ${failed[*]}" >&2
  exit 1
fi
if [ "$seconds" = 0 ]; then
  echo "fuzz: every target replayed its seed corpus with no crash and no timeout"
else
  echo "fuzz: every target ran ${seconds}s with no crash and no timeout"
fi
