# What the bench's entry scripts share: where things are, the JDK, and idempotent installs of what the bench needs.
# Sourced by bench/run.sh and bench/floor.sh; sets BENCH_DIR, REPO_DIR and JAVA_HOME_BENCH (exported as BENCH_JAVA_HOME).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
JAVA_HOME_BENCH="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export BENCH_JAVA_HOME="$JAVA_HOME_BENCH"

PEER_GATEWAY_VERSION=1.15.2
PEER_NODE_SERVER_VERSION=1.14.1
ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so

log() { printf '[bench] %s\n' "$*" >&2; }

ensure_apt_packages() {
  local missing=()
  command -v nginx >/dev/null 2>&1 && [[ -f $ECHO_MODULE ]] || missing+=(nginx-light)  # nginx-light brings the echo module
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) != 0 ]]; then
    log "missing ${missing[*]}: run as root or install them with apt-get"
    return 1
  fi
  log "installing ${missing[*]} from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian package starts no daemon here (no systemd), but if one was started, the bench never uses it:
  # the mock and the proxy run from their own configs on their own loopback ports.
}

_node_pkg_version() {  # prints the version of an installed npm package, or nothing
  local f="$BENCH_DIR/peer/node_modules/$1/package.json"
  [[ -f $f ]] && node -p "require('$f').version" 2>/dev/null || true
}

ensure_peer() {
  if [[ $(_node_pkg_version @portkey-ai/gateway) == "$PEER_GATEWAY_VERSION" &&
        $(_node_pkg_version @hono/node-server) == "$PEER_NODE_SERVER_VERSION" ]]; then
    return 0
  fi
  log "installing the peer gateway (@portkey-ai/gateway $PEER_GATEWAY_VERSION) from package-lock.json"
  # --ignore-scripts: the package's postinstall (patch-package) has nothing to patch in the published build.
  (cd "$BENCH_DIR/peer" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  [[ $(_node_pkg_version @hono/node-server) == "$PEER_NODE_SERVER_VERSION" ]] || {
    log "@hono/node-server is not $PEER_NODE_SERVER_VERSION after npm ci (overrides not applied?)"
    return 1
  }
}

ensure_loadgen() {
  local src="$BENCH_DIR/loadgen/LoadGen.java" out="$BENCH_DIR/.build/loadgen"
  if [[ -f $out/LoadGen.class && $out/LoadGen.class -nt $src ]]; then
    return 0
  fi
  [[ -x $JAVA_HOME_BENCH/bin/javac ]] || { log "no JDK at $JAVA_HOME_BENCH (set BENCH_JAVA_HOME)"; return 1; }
  log "compiling the load generator"
  mkdir -p "$out"
  "$JAVA_HOME_BENCH/bin/javac" --release 21 -d "$out" "$src"
}

raise_nofile() {
  # 10,000 idle streams need ~20,000 sockets in one proxy process: take the hard limit (or 1 Mi, if higher).
  local hard
  hard=$(ulimit -Hn)
  [[ $hard == unlimited ]] && hard=1048576
  ulimit -n "$hard" || true
  if (($(ulimit -n) < 20600)); then
    log "ulimit -n is $(ulimit -n) (hard limit $(ulimit -Hn)); the idle-stream test is scaled down to fit"
  fi
}

build_gatehouse() {
  log "building the Gatehouse jar"
  (cd "$REPO_DIR" && JAVA_HOME="$JAVA_HOME_BENCH" ./mvnw -q -DskipTests package)
}
