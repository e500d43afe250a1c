#!/usr/bin/env bash
# Gatehouse benchmark harness: direct / nginx / Gatehouse (policies on, off) / peer gateway against one loopback mock.
# Usage: bench/run.sh [--smoke] [--repeats N] [--duration S] [--build] [other options of bench/lib/bench.py]
# See bench/README.md for the method and how to read the report (docs/BENCHMARKS.md, docs/benchmarks.json).
set -euo pipefail

# shellcheck source=lib/deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deps.sh"

usage() {
  cat <<'USAGE'
bench/run.sh [options]
  --smoke            correctness only (status, body shape, stream bytes), a few seconds per contender;
                     writes bench/.out/smoke/BENCHMARKS.md + benchmarks.json unless --out is given
  --repeats N        rounds, default 3
  --duration S       seconds per load measurement, default 10
  --build            build gatehouse-app/target/gatehouse.jar first (./mvnw -q -DskipTests package)
  --pin auto|on|off  placement: auto compares pinned and unpinned once and keeps the steadier (default auto)
  --contenders LIST  subset of direct,nginx,gatehouse,gatehouse-off,gatehouse-threads,peer
  --rates LIST       fixed request rates, default 1000,5000
  --streams N        sequential streams per contender and round, default 20
  --idle-streams N   concurrent idle streams, default 10000 (capped by ulimit -n)
  --warmup S         warm-up seconds per contender and round, default 15
  --out DIR          report directory, default docs/
USAGE
}

command_line="bench/run.sh${*:+ $*}"
build=0
passthrough=()
while (($#)); do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --build) build=1; shift ;;
    --smoke) passthrough+=("$1"); shift ;;
    --*) (($# >= 2)) || { echo "missing value for $1" >&2; exit 2; }
         passthrough+=("$1" "$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

ensure_apt_packages
ensure_peer
ensure_loadgen
if ((build)); then
  build_gatehouse
fi
raise_nofile

run_dir="$(mktemp -d /tmp/gatehouse-bench.XXXXXX)"
log "logs and generated configs: $run_dir"

bench_pid=""
cleanup() {
  # The orchestrator stops every process it started (each in its own process group) when it exits.
  if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

python3 "$BENCH_DIR/lib/bench.py" --run-dir "$run_dir" --command "$command_line" "${passthrough[@]}" &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=""
exit "$status"
