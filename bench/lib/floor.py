"""bench/floor.sh: what the thread model and the web server cost. nginx and Gatehouse beside minimal Java proxies
(bench/reference: one event-loop thread; a virtual thread per connection with the JDK's default pollers and with the
platform-thread pollers Gatehouse's launcher picks; a platform thread per connection; Helidon SE with Gatehouse's
server settings), at 1 and 64 connections on the bench's mock and, for those that pass a stream through as it comes,
on sequential streams (time to first byte), placed as the main bench's pinned runs. Prints a markdown table (medians
over rounds)."""
import argparse
import os
import resource
import secrets
import statistics
import subprocess
import sys
from pathlib import Path

import bench
import contenders as cs
import procstat
import upstream
from measure import JAVA, Runner

REFERENCE = cs.BENCH / "reference"
LOOP_PORT, VTHREAD_PORT, VTHREAD_POLLER_PORT, PLATFORM_PORT, HELIDON_PORT = 4201, 4202, 4203, 4204, 4205


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/floor.sh")
    p.add_argument("--run-dir", required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--duration", type=float, default=6)
    p.add_argument("--warmup", type=float, default=5, help="seconds at 64 connections before each measurement pair")
    p.add_argument("--rate", type=int, default=5000, help="fixed request rate of the open-loop measurement")
    p.add_argument("--contenders", default="", help="subset of the Java and Gatehouse contenders (keys), default all")
    p.add_argument("--prime", type=float, default=20, help="seconds at 64 connections after each start (JIT)")
    p.add_argument("--streams", type=int, default=20, help="sequential streams per streaming contender and round")
    return p.parse_args(argv)


# A platform thread per connection exits with its connection, and the context switches of exited threads are not in
# /proc: that contender's are not reported.
UNCOUNTED_SWITCHES = {"java-platform"}
# The contenders that relay an answer as it arrives; the other reference proxies read a whole Content-Length message
# before relaying it, so they have no stream column.
STREAMING = {"direct", "nginx", "java-loop", "gatehouse", "gatehouse-threads"}


def reference(run_dir: Path, key: str, label: str, port: int, argv_tail: list, jvm: list) -> cs.Contender:
    classes = os.pathsep.join(str(p) for p in [run_dir / "reference", *library(run_dir)])

    def launch(procs: cs.Procs, cpus):
        return procs.start(key, [JAVA, "-Xms64m", "-Xmx1g", "-XX:+UseCompactObjectHeaders", *jvm, "-cp", classes,
                                 *argv_tail], cpus=cpus)
    return cs.Contender(key, label, port, "bytes", {"Authorization": "Bearer sk-floor"}, launch=launch)


def library(run_dir: Path) -> list[Path]:
    """The jars of the Gatehouse build copied into the run directory (Helidon among them)."""
    return sorted((run_dir / "gatehouse-build" / "lib").glob("*.jar"))


def contenders(run_dir: Path, nofile: int) -> tuple[list[cs.Contender], Path]:
    """The contenders, and the copy of the Gatehouse jar they run."""
    jar = cs.snapshot_jar(run_dir)
    if jar is None:
        raise SystemExit("build the jar first: bench/floor.sh --build")
    subprocess.run([JAVA.parent / "javac", "-cp", os.pathsep.join(str(p) for p in library(run_dir)),
                    "-d", run_dir / "reference", *sorted(REFERENCE.glob("*.java"))], check=True)
    built = {c.key: c for c in cs.build(run_dir, secrets.token_hex(24), "sk-floor-upstream-" + secrets.token_hex(8),
                                        nofile, jar[0])}
    mock = str(cs.MOCK_PORT)
    return [
        built["direct"], built["nginx"],
        reference(run_dir, "java-loop", "Java, one event-loop thread", LOOP_PORT,
                  ["LoopProxy", LOOP_PORT, mock], []),
        reference(run_dir, "java-vthreads", "Java, virtual thread per connection (JDK default pollers)",
                  VTHREAD_PORT, ["ThreadProxy", VTHREAD_PORT, mock, "virtual"], []),
        reference(run_dir, "java-vthreads-pollers", "Java, virtual thread per connection (platform pollers)",
                  VTHREAD_POLLER_PORT, ["ThreadProxy", VTHREAD_POLLER_PORT, mock, "virtual"], ["-Djdk.pollerMode=1"]),
        reference(run_dir, "java-platform", "Java, platform thread per connection", PLATFORM_PORT,
                  ["ThreadProxy", PLATFORM_PORT, mock, "platform"], []),
        reference(run_dir, "java-helidon", "Helidon SE relaying bytes (Gatehouse's server settings and pollers)",
                  HELIDON_PORT, ["HelidonProxy", HELIDON_PORT, mock], ["-Djdk.pollerMode=1"]),
        built["gatehouse"], built["gatehouse-threads"],
    ], jar[0]


def per_request(c: cs.Contender, run, count) -> tuple[dict, float, float]:
    """run()'s result, and the contender's CPU µs and context switches per request (count(result) of them)."""
    pids = c.proc.pids() if c.proc else []
    cpu0, ctx0 = procstat.cpu_seconds(pids), procstat.context_switches(pids)
    result = run()
    requests = max(1, count(result))
    return (result, (procstat.cpu_seconds(pids) - cpu0) * 1e6 / requests,
            (procstat.context_switches(pids) - ctx0) / requests)


def measure(runner: Runner, c: cs.Contender, connections: int, duration: float) -> dict:
    r, cpu_us, ctx = per_request(c, lambda: runner.wrk(c, connections, duration), lambda w: w["requests"])
    return {"rps": r["rps"], "p50": r["latency_ms"]["p50"], "errors": r["error_count"], "cpu_us": cpu_us, "ctx": ctx}


def measure_rate(runner: Runner, c: cs.Contender, rps: int, duration: float) -> dict:
    """CPU and context switches per request at a fixed rate (open loop, 64 connections): every contender does the same
    work per second, so the counts compare costs without the feedback of a closed loop, where a server that is slower
    per request also finds fewer requests waiting each time it wakes."""
    r, cpu_us, ctx = per_request(c, lambda: runner.rate(c, rps, duration, 0), lambda o: o["ok"] + o["errors"])
    return {"errors": r["errors"] + r["dropped"], "cpu_us": cpu_us, "ctx": ctx}


def table(cons: list[cs.Contender], results: dict, rps: int) -> str:
    def med(key, conn, field):
        values = [r[field] for r in results[key][conn]]
        return statistics.median(values) if values else float("nan")
    nginx64 = med("nginx", 64, "rps")
    direct_p50 = med("direct", 1, "p50")
    direct_ttfb = med("direct", "stream", "ttfb_ms")
    lines = ["| contender | c64 req/s | ratio to nginx | c64 CPU µs/req | c64 context switches/req "
             f"| c1 added p50 µs | c1 CPU µs/req | c1 context switches/req | {rps:,} req/s CPU µs/req "
             f"| {rps:,} req/s context switches/req | stream first byte ms | added vs direct ms | errors |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for c in cons:
        errors = sum(r["errors"] for conn in (1, 64, "rate") for r in results[c.key][conn])
        errors += sum(r["count"] - r["ok"] for r in results[c.key]["stream"])
        own = c.launch is not None  # the mock itself has no process of its own to measure

        def cost(conn):
            if not own:
                return "– | –"
            switches = "–" if c.key in UNCOUNTED_SWITCHES else f"{med(c.key, conn, 'ctx'):.2f}"
            return f"{med(c.key, conn, 'cpu_us'):.0f} | {switches}"
        closed = med(c.key, 64, "rps")
        added = (med(c.key, 1, "p50") - direct_p50) * 1000
        if c.key in STREAMING:
            ttfb = med(c.key, "stream", "ttfb_ms")
            stream = f"{ttfb:.3f} | {ttfb - direct_ttfb:.3f}"
        else:
            stream = "– | –"
        lines.append(f"| {c.label} | {closed:,.0f} | {closed / nginx64:.2f} | {cost(64)} | {added:.0f} | {cost(1)} "
                     f"| {cost('rate')} | {stream} | {errors} |")
    return "\n".join(lines)


def main(argv):
    args = parse_args(argv)
    run_dir = Path(args.run_dir)
    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    pinned = (os.cpu_count() or 1) >= 2
    client_cpus, server_cpus = ({0}, {1}) if pinned else (None, None)
    procs = cs.Procs(run_dir)
    try:
        busy = [p for p in (*cs.ALL_PORTS, LOOP_PORT, VTHREAD_PORT, VTHREAD_POLLER_PORT, PLATFORM_PORT, HELIDON_PORT)
                if cs.port_in_use(p)]
        if busy:
            raise SystemExit(f"ports already in use on 127.0.0.1: {busy} (a bench running?)")
        conf = upstream.write_mock_conf(run_dir, cs.MOCK_PORT, 4.0, 60.0, nofile)
        mock = procs.start("mock", ["nginx", "-p", run_dir, "-c", conf, "-e", run_dir / "mock-error.log"],
                           cpus=server_cpus)
        cons, jar = contenders(run_dir, nofile)
        wanted = {k.strip() for k in args.contenders.split(",") if k.strip()}
        if wanted:
            cons = [c for c in cons if c.key in wanted or c.key in ("direct", "nginx")]
        runner = Runner(run_dir, client_cpus)
        body = runner.body_file("bench-gpt", False).read_bytes()
        cs.wait_first_answer(cons[0], mock, body, upstream.COMPLETION.read_bytes(), 15)
        # Gatehouse starts as a user's usual start does, with the start-up cache its first run wrote (as the bench).
        bench.prime_archive([c for c in cons if c.key.startswith("gatehouse")], procs, mock, jar, smoke=False)
        for c in cons:
            if c.launch is not None:
                c.proc = c.launch(procs, server_cpus)
                cs.wait_first_answer(c, c.proc, body, upstream.COMPLETION.read_bytes(), 120)
                with cs.only(c, cons):
                    runner.wrk(c, 64, args.prime)
                    if c.key in STREAMING:
                        runner.streams(c, args.streams)
        results = {c.key: {1: [], 64: [], "rate": [], "stream": []} for c in cons}
        for rnd in range(args.repeats):
            order = cons[rnd % len(cons):] + cons[:rnd % len(cons)]
            for c in order:
                with cs.only(c, cons):
                    runner.wrk(c, 64, args.warmup)
                    for conn in (64, 1):
                        results[c.key][conn].append(measure(runner, c, conn, args.duration))
                    results[c.key]["rate"].append(measure_rate(runner, c, args.rate, args.duration))
                    if c.key in STREAMING:
                        streamed = runner.streams(c, args.streams)
                        if streamed["problems"]:
                            print(f"[floor] {c.key} streams: {streamed['problems']}", file=sys.stderr, flush=True)
                        results[c.key]["stream"].append(streamed)
                print(f"[floor] round {rnd + 1}: {c.key} done", file=sys.stderr, flush=True)
        print(f"Placement: {'load generator on CPU 0, mock + contender on CPU 1' if pinned else 'unpinned'}; "
              f"{args.repeats} rounds of {args.duration:g} s per measurement after {args.warmup:g} s at 64 "
              f"connections; {args.streams} sequential streams per streaming contender and round; medians.\n")
        print(table(cons, results, args.rate))
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main(sys.argv[1:])
