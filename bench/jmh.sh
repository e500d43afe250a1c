#!/usr/bin/env bash
# Microbenchmarks (JMH) of the codec and SSE hot paths: bench/jmh.sh [JMH options, e.g. a benchmark regex or -h]
# Builds gatehouse-jmh and its modules, then runs org.openjdk.jmh.Main on the Temurin JDK (BENCH_JAVA_HOME).
# Results are nanoseconds per operation on this machine: compare runs of the same machine, before and after a change.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$repo"
./mvnw -q -pl gatehouse-jmh -am install -DskipTests
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -pl gatehouse-jmh dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
exec "$JAVA_HOME/bin/java" -cp "gatehouse-jmh/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "$@"
