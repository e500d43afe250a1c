#!/usr/bin/env bash
# What the thread model and the web server cost: nginx, Gatehouse and minimal Java proxies (bench/reference) at 1 and 64
# connections on the bench's mock, and a stream's first byte through those that relay a stream as it comes, pinned as
# the main bench's pinned runs. Prints a markdown table (~25 min).
# Usage: bench/floor.sh [--build] [--repeats N] [--duration S] [--warmup S] [--prime S] [--rate N] [--streams N] [--contenders KEYS]
set -euo pipefail
# shellcheck source=lib/deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deps.sh"

passthrough=()
while (($#)); do
  case $1 in
    --build) build_gatehouse; shift ;;
    --repeats|--duration|--warmup|--prime|--rate|--streams|--contenders) (($# >= 2)) || { echo "missing value for $1" >&2; exit 2; }
      passthrough+=("$1" "$2"); shift 2 ;;
    *) echo "usage: bench/floor.sh [--build] [--repeats N] [--duration S] [--warmup S] [--prime S] [--rate N] [--streams N] [--contenders KEYS]" >&2; exit 2 ;;
  esac
done
ensure_apt_packages
ensure_loadgen
raise_nofile
run_dir="$(mktemp -d /tmp/gatehouse-floor.XXXXXX)"
trap 'rm -rf "$run_dir"' EXIT
python3 "$BENCH_DIR/lib/floor.py" --run-dir "$run_dir" "${passthrough[@]}"
