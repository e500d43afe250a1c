"""The contenders and the processes behind them: start, wait for the first good answer, stop."""
import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import probe
import procstat
import upstream

BENCH = Path(__file__).resolve().parent.parent
REPO = BENCH.parent
JAVA_HOME = Path(os.environ.get("BENCH_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"))
GATEHOUSE_JAR = Path(os.environ.get("GATEHOUSE_BENCH_JAR", REPO / "gatehouse-app" / "target" / "gatehouse.jar"))
PEER_DIR = BENCH / "peer"
PEER_VERSION = "1.15.2"

# Fixed loopback ports; the Gatehouse YAML files name the same ones.
MOCK_PORT, IDLE_MOCK_PORT, NGINX_PORT, GATEHOUSE_PORT, GATEHOUSE_OFF_PORT, PEER_PORT = 4080, 4081, 4090, 4100, 4101, 4110
GATEHOUSE_THREADS_PORT = 4102
ALL_PORTS = (MOCK_PORT, IDLE_MOCK_PORT, NGINX_PORT, GATEHOUSE_PORT, GATEHOUSE_OFF_PORT, GATEHOUSE_THREADS_PORT,
             PEER_PORT)


@dataclass
class Contender:
    key: str
    label: str
    port: int
    check: str                      # 'bytes' (must equal the mock's bytes) or 'shape' (re-encoded JSON / SSE)
    headers: dict
    model: str = "bench-gpt"
    idle_model: str = "bench-gpt"
    idle_path: str = "/idle/v1/chat/completions"
    idle_port: int | None = None    # where the idle-stream test connects (default: port)
    auth: bool = False              # must refuse a wrong key (checked with every answer check)
    skip: str | None = None         # reason the contender cannot run in this checkout
    launch: callable = None         # (Procs, cpus) -> Proc, or None for "direct" (the mock itself)
    proc: "Proc | None" = field(default=None, repr=False)


class Proc:
    def __init__(self, name: str, argv: list, env: dict, cwd: Path, log: Path, cpus: set | None):
        self.name, self.log = name, log
        self.started = time.perf_counter()
        self.popen = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: stop() signals exactly what we started
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def pids(self) -> list[int]:
        return procstat.tree(self.pid) if self.alive() else []

    def stop(self, grace: float = 10.0) -> None:
        if self.popen.poll() is not None:
            return
        try:
            os.killpg(self.pid, signal.SIGTERM)
            os.killpg(self.pid, signal.SIGCONT)  # in case it was paused
        except ProcessLookupError:
            return
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.popen.wait(5)

    def pause(self) -> None:
        if self.alive():
            os.killpg(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.alive():
            os.killpg(self.pid, signal.SIGCONT)

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


class Procs:
    """Every process the harness started, so that one call stops them all."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        self.all: list[Proc] = []

    def start(self, name, argv, env=None, cwd=None, cpus=None) -> Proc:
        full_env = dict(os.environ)
        full_env.update(env or {})
        proc = Proc(name, [str(a) for a in argv], full_env, cwd or self.run_dir, self.run_dir / f"{name}.log", cpus)
        self.all.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.all):
            proc.stop(grace=5.0)
        self.all.clear()


@contextlib.contextmanager
def only(c: "Contender | None", others: list["Contender"]):
    """Pause (SIGSTOP) every other contender's processes while c is started or measured, so that their idle
    JIT, GC and timer threads cannot take CPU from it; resume them afterwards. The mock is never paused."""
    paused = [o.proc for o in others if o is not c and o.launch is not None and o.proc is not None and o.proc.alive()]
    for p in paused:
        p.pause()
    try:
        yield
    finally:
        for p in paused:
            p.resume()


def port_in_use(port: int) -> bool:
    import socket
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_first_answer(c: Contender, proc: Proc | None, body: bytes, canned: bytes, timeout: float) -> float:
    """Poll with a real chat completion until one comes back right. Returns seconds since the process was spawned."""
    started = proc.started if proc else time.perf_counter()
    deadline = started + timeout
    last = "no answer"
    while time.perf_counter() < deadline:
        if proc and not proc.alive():
            raise RuntimeError(f"{c.label} exited with {proc.popen.returncode}:\n{proc.log_tail()}")
        client = probe.Client(c.port, timeout=5)
        try:
            reply = client.post("/v1/chat/completions", body, c.headers)
            problems = probe.check_completion(reply, c.check, canned)
            if not problems:
                return time.perf_counter() - started
            last = "; ".join(problems)
        except OSError as e:
            last = str(e)
        finally:
            client.close()
        time.sleep(0.005)
    raise RuntimeError(f"{c.label} gave no correct answer within {timeout:.0f} s (last: {last})\n"
                       + (proc.log_tail() if proc else ""))


# -- the five contenders

def _yaml_value(path: Path, key: str) -> str:
    m = re.search(rf"^\s*{key}:\s*(\S+)", path.read_text(), re.M)
    return m.group(1) if m else ""


def snapshot_jar(run_dir: Path) -> tuple[Path, str] | None:
    """Copy the Gatehouse jar and the lib/ beside it (its manifest Class-Path) into the run directory, so that a
    rebuild during the run cannot mix two builds in one report. (copy, sha256 over all the jars) or None."""
    if not GATEHOUSE_JAR.is_file():
        return None
    home = run_dir / "gatehouse-build"
    home.mkdir(exist_ok=True)
    copy = home / GATEHOUSE_JAR.name
    shutil.copyfile(GATEHOUSE_JAR, copy)
    if (GATEHOUSE_JAR.parent / "lib").is_dir():
        shutil.copytree(GATEHOUSE_JAR.parent / "lib", home / "lib", dirs_exist_ok=True)
    digest = hashlib.sha256()
    for jar in [copy, *sorted((home / "lib").glob("*.jar"))]:
        digest.update(jar.read_bytes())
    return copy, digest.hexdigest()


def launcher_takes_cache(jar: Path) -> bool:
    """Whether the launcher would start `serve` on jar with the start-up cache beside it, rather than (re)make it:
    asked of the launcher itself (GATEHOUSE_DRY_RUN), which alone decides what a cache that will do is."""
    out = subprocess.run([REPO / "gatehouse", "serve"], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "GATEHOUSE_DRY_RUN": "1", "GATEHOUSE_JAR": str(jar),
                              "JAVA_HOME": str(JAVA_HOME)})
    return out.returncode == 0 and any(line.startswith("-XX:AOTCache=") for line in out.stdout.splitlines())


def build(run_dir: Path, master_key: str, upstream_key: str, nofile: int, jar: Path | None) -> list[Contender]:
    bearer_upstream = {"Authorization": f"Bearer {upstream_key}"}
    peer_headers = {"Authorization": f"Bearer {upstream_key}", "x-portkey-provider": "openai",
                    "x-portkey-custom-host": f"http://127.0.0.1:{MOCK_PORT}/v1"}

    def launch_nginx(procs: Procs, cpus):
        workers = len(cpus) if cpus else (os.cpu_count() or 1)  # one worker per CPU it may use
        conf = upstream.write_proxy_conf(run_dir, NGINX_PORT, MOCK_PORT, IDLE_MOCK_PORT, workers, nofile)
        return procs.start("nginx-proxy", ["nginx", "-p", run_dir, "-c", conf, "-e", run_dir / "proxy-error.log"],
                           cpus=cpus)

    def launch_gatehouse(config: Path, name: str):
        def launch(procs: Procs, cpus):
            data_dir = _yaml_value(config, "data_dir")
            if data_dir.startswith("/tmp/"):
                shutil.rmtree(data_dir, ignore_errors=True)  # every start is a cold start on an empty data dir
            # Started the way a user starts it: through the launcher, with its JVM options (start-up cache
            # beside the jar, compact headers); the launcher execs java, so the pid is the JVM's.
            return procs.start(name, [REPO / "gatehouse", "serve", "--config", config],
                               env={"GATEHOUSE_MASTER_KEY": master_key, "BENCH_UPSTREAM_KEY": upstream_key,
                                    "JAVA_HOME": str(JAVA_HOME), "GATEHOUSE_JAR": str(jar),
                                    "GATEHOUSE_JAVA_OPTS": os.environ.get("GATEHOUSE_BENCH_JAVA_OPTS", "")},
                               cwd=REPO, cpus=cpus)
        return launch

    def launch_peer(procs: Procs, cpus):
        server = PEER_DIR / "node_modules" / "@portkey-ai" / "gateway" / "build" / "start-server.js"
        return procs.start("peer", ["node", "--require", PEER_DIR / "loopback.cjs", server,
                                    f"--port={PEER_PORT}", "--headless"],
                           env={"NODE_ENV": "production"}, cwd=PEER_DIR, cpus=cpus)

    jar_skip = None if jar else "SKIPPED: jar not built (gatehouse-app/target/gatehouse.jar)"
    peer_skip = None if (PEER_DIR / "node_modules" / "@portkey-ai" / "gateway").is_dir() else "SKIPPED: peer not installed"
    gh_headers = {"Authorization": f"Bearer {master_key}"}
    return [
        Contender("direct", "direct to mock (ceiling)", MOCK_PORT, "bytes", bearer_upstream, idle_port=IDLE_MOCK_PORT),
        Contender("nginx", "nginx reverse proxy (floor)", NGINX_PORT, "bytes", bearer_upstream, launch=launch_nginx),
        Contender("gatehouse", "Gatehouse, policies on", GATEHOUSE_PORT, "shape", gh_headers, auth=True,
                  idle_model="bench-idle", idle_path="/v1/chat/completions", skip=jar_skip,
                  launch=launch_gatehouse(BENCH / "gatehouse-bench.yaml", "gatehouse")),
        Contender("gatehouse-off", "Gatehouse, policies off", GATEHOUSE_OFF_PORT, "shape", gh_headers,
                  idle_model="bench-idle", idle_path="/v1/chat/completions", skip=jar_skip,
                  launch=launch_gatehouse(BENCH / "gatehouse-bench-off.yaml", "gatehouse-off")),
        Contender("gatehouse-threads", "Gatehouse, policies on, threads engine", GATEHOUSE_THREADS_PORT, "shape",
                  gh_headers, auth=True, idle_model="bench-idle", idle_path="/v1/chat/completions", skip=jar_skip,
                  launch=launch_gatehouse(BENCH / "gatehouse-bench-threads.yaml", "gatehouse-threads")),
        Contender("peer", f"Portkey gateway {PEER_VERSION} (peer)", PEER_PORT, "shape",
                  peer_headers, idle_path="/v1/chat/completions", skip=peer_skip, launch=launch_peer),
    ]


def idle_headers(c: Contender) -> dict:
    """Headers for the idle-stream test: the peer is pointed at the idle mock by its custom-host header."""
    if c.key == "peer":
        return {**c.headers, "x-portkey-custom-host": f"http://127.0.0.1:{IDLE_MOCK_PORT}/idle/v1"}
    return c.headers
