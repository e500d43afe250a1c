#!/usr/bin/env bash
# Re-records the SHA-256 of every artifact the build resolves (plugins included) after a dependency change.
# The build verifies each resolved artifact against .mvn/checksums/ (see .mvn/maven.config) and fails on a missing
# or different checksum. Recording runs against an empty local repository so that every artifact is downloaded
# and hashed; review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
rm -f .mvn/checksums/*.sha256
./mvnw clean install -Dmaven.repo.local="$repo" -Daether.artifactResolver.postProcessor.trustedChecksums.record=true
# Artifacts already in a local repository are attributed to the repository "local": same content, same checksums.
cp .mvn/checksums/checksums-central.sha256 .mvn/checksums/checksums-local.sha256
git --no-pager diff --stat -- .mvn/checksums
