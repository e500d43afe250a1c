#!/usr/bin/env bash
# Tests of the launcher's start-up cache choice (./gatehouse with GATEHOUSE_DRY_RUN=1: the java command it would run).
# Run by .ci/run; needs a JDK 25+ (JAVA_HOME or Temurin 25), not a build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lib"
jar="$work/gatehouse.jar"
cache="$work/gatehouse.aot"
failures=0

# Prints the cache option the launcher picks for `serve` (or "none").
cache_option() {
    GATEHOUSE_DRY_RUN=1 GATEHOUSE_JAR="$jar" "$root/gatehouse" "${1:-serve}" \
        | grep -E '^-XX:AOTCache(Output)?=' | sed 's/=.*//' || echo none
}

expect() {
    local name="$1" want="$2" got
    got="$(cache_option "${3:-serve}")"
    if [[ "$got" == "$want" ]]; then
        echo "ok   $name"
    else
        echo "FAIL $name: expected $want, got $got"
        failures=$((failures + 1))
    fi
}

# Files in the order of their times: older first (the launcher compares modification times).
touch -d '-3 minutes' "$jar" "$work/lib/dep.jar"

rm -f "$cache" "$cache.config"
expect "no cache: the first run writes one" -XX:AOTCacheOutput

: > "$cache"
expect "an empty cache (a write that was stopped) is made again" -XX:AOTCacheOutput

printf 'cache' > "$cache"
: > "$cache.config"
expect "a cache whose write left its config behind is made again" -XX:AOTCacheOutput

rm -f "$cache.config"
expect "a finished cache newer than the jar and its libraries is used" -XX:AOTCache
[[ -s "$cache" ]] || { echo "FAIL the dry run removed the cache"; failures=$((failures + 1)); }

touch "$work/lib/dep.jar"
expect "a library newer than the cache makes it again" -XX:AOTCacheOutput

touch -d '-3 minutes' "$work/lib/dep.jar"
touch "$jar"
expect "a jar newer than the cache makes it again" -XX:AOTCacheOutput

touch -d '-3 minutes' "$jar"
expect "commands other than serve take no cache" none version

if ((failures)); then
    echo "$failures launcher test(s) failed" >&2
    exit 1
fi
