"""Gatehouse bench orchestrator (started by bench/run.sh, which installs the tools first).

Flow: start the mock upstream -> (full runs) pick pinned or unpinned placement -> for each round: start every
contender cold, check its answers, then run each measurement against every contender in turn (interleaved,
order rotated per round) -> write docs/BENCHMARKS.md and docs/benchmarks.json.
"""
import argparse
import datetime
import json
import os
import resource
import secrets
import signal
import statistics
import sys
import time
from pathlib import Path

import contenders as cs
import procstat
import report
import upstream
from measure import Runner

BENCH = Path(__file__).resolve().parent.parent
STEAL_FLAG_PCT = 5.0
PRIME_STOP_GRACE_S = 180.0  # the JVM writes the start-up cache as it exits; see prime_archive
PRIME_LOAD_S, PRIME_STREAMS = 10.0, 100  # the traffic the cache is recorded with


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__)
    p.add_argument("--smoke", action="store_true", help="correctness only, a few seconds per contender")
    p.add_argument("--repeats", type=int, default=3, help="rounds (>= 3 for a real run)")
    p.add_argument("--duration", type=float, default=10.0, help="seconds per load measurement")
    p.add_argument("--warmup", type=float, default=15.0, help="seconds of wrk -c64 warm-up per contender and round")
    p.add_argument("--rates", default="1000,5000", help="fixed request rates for the open-loop test")
    p.add_argument("--streams", type=int, default=20, help="sequential streams per contender and round")
    p.add_argument("--idle-streams", type=int, default=0, help="concurrent idle streams (0: 10000, capped by ulimit -n)")
    p.add_argument("--idle-hold", type=float, default=45.0, help="seconds the mock holds each idle stream")
    p.add_argument("--pace-ms", type=float, default=4.0, help="ms between the mock's SSE events")
    p.add_argument("--pin", choices=["auto", "on", "off"], default="auto",
                   help="auto: compare pinned/unpinned once and keep the steadier")
    p.add_argument("--contenders", default="direct,nginx,gatehouse,gatehouse-off,gatehouse-threads,peer")
    p.add_argument("--out", default=None, help="report directory (default docs/, smoke: bench/.out/smoke/)")
    p.add_argument("--run-dir", required=True, help="scratch directory for configs and logs")
    p.add_argument("--command", default="bench/run.sh", help="command line to print in the report")
    a = p.parse_args(argv)
    if a.smoke:
        a.idle_hold = 1.0
    return a


class Placement:
    """Where processes run: 'pinned' = load generator on CPU 0, mock + contender on CPU 1; 'unpinned' = anywhere."""

    def __init__(self, mode: str):
        self.mode = mode
        all_cpus = os.sched_getaffinity(0) | set(range(os.cpu_count() or 1))
        self.all = all_cpus
        self.client = {0} if mode == "pinned" else None
        self.server = {1} if mode == "pinned" else None

    def apply(self, mock: cs.Proc) -> None:
        os.sched_setaffinity(0, self.client or self.all)  # the orchestrator itself runs the stream probes
        procstat.set_affinity(mock.pids(), self.server or self.all)


class IdleMock:
    """The idle-stream test's own mock, started fresh for each contender's test and stopped after it."""

    def __init__(self, procs: cs.Procs, run_dir: Path, conf: Path):
        self.procs, self.run_dir, self.conf = procs, run_dir, conf

    def run(self, c: cs.Contender, cpus, test) -> dict:
        proc = self.procs.start("idle-mock", ["nginx", "-p", self.run_dir, "-c", self.conf,
                                              "-e", self.run_dir / "idle-mock-error.log"], cpus=cpus)
        try:
            deadline = time.monotonic() + 10
            while not cs.port_in_use(cs.IDLE_MOCK_PORT):
                if time.monotonic() > deadline or not proc.alive():
                    raise RuntimeError(f"idle mock did not start:\n{proc.log_tail()}")
                time.sleep(0.01)
            # For "direct" the process under test is the idle mock itself.
            return test(proc.pids() if c.key == "direct" else c.proc.pids())
        finally:
            proc.stop()


def idle_stream_count(requested: int) -> tuple[int, str]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # A proxy holds two sockets per stream (client side and upstream side) in one process.
    cap = max(100, (soft - 600) // 2 // 100 * 100)
    want = requested or 10000
    if want > cap:
        return cap, f"{want} requested; ulimit -n is {soft} (hard {hard}) here, a proxy needs 2 fds per stream -> {cap}"
    return want, ""


def start_contender(c: cs.Contender, procs: cs.Procs, runner: Runner, place: Placement, mock: cs.Proc) -> float | None:
    """Start c cold; seconds from spawn to its first correct chat completion (None for 'direct')."""
    if c.launch is None:
        c.proc = mock
        return None
    c.proc = c.launch(procs, place.server)
    timeout = 120 if c.key.startswith("gatehouse") else 60
    return cs.wait_first_answer(c, c.proc, runner.body_file(c.model, False).read_bytes(),
                                upstream.COMPLETION.read_bytes(), timeout)


def prime_archive(gatehouses: list[cs.Contender], procs: cs.Procs, mock: cs.Proc, jar: Path | None,
                  smoke: bool) -> None:
    """Start Gatehouse once, unmeasured, put it through the bench's traffic and stop it: a new jar's first `serve`
    writes the start-up cache the launcher keeps beside the jar when it exits, with what that run loaded and
    profiled, as a server's first run after an upgrade does with its users' traffic. Every measured start then is
    a user's usual start. The stop waits for the cache; one the launcher would not start with (missing, empty, or
    unfinished: its temporary .config left behind) would have every contender measured without one, and stops the
    run."""
    if not gatehouses or jar is None:
        return
    c = gatehouses[0]
    runner = Runner(procs.run_dir, None)
    try:
        start_contender(c, procs, runner, Placement("unpinned"), mock)
        runner.wrk(c, 64, 1 if smoke else PRIME_LOAD_S)
        runner.streams(c, 5 if smoke else PRIME_STREAMS)
    finally:
        stopping = time.perf_counter()
        stop_contender(c, grace=PRIME_STOP_GRACE_S)
    if not cs.launcher_takes_cache(jar):
        raise SystemExit(f"the start-up cache was not written beside {jar} (see {procs.run_dir}/{c.key}.log): "
                         "every start would be measured without it")
    print(f"[bench] start-up cache written: {jar.with_suffix('.aot').stat().st_size // (1 << 20)} MB, "
          f"{time.perf_counter() - stopping:.1f} s from the stop signal to the exit", flush=True)


def stop_contender(c: cs.Contender, grace: float = 10.0) -> None:
    if c.launch is not None and c.proc is not None:
        c.proc.stop(grace=grace)
    c.proc = None


def measured(fn, c: cs.Contender):
    """Run fn(), adding steal, and the contender's CPU seconds and RSS around it."""
    pids = c.proc.pids() if c.proc else []
    cpu0, steal = procstat.cpu_seconds(pids), procstat.Steal()
    result = fn()
    result["steal_pct"] = round(steal.percent(), 2)
    result["cpu_s"] = procstat.cpu_seconds(pids) - cpu0
    result["rss_kb"] = procstat.rss_kb(c.proc.pids() if c.proc else [])
    return result


# ---------------------------------------------------------------- smoke

def smoke(args, active, procs, runner, place, mock, idle_mock, idle_n):
    results = {}
    for c in active:
        r = results[c.key] = {}
        t0 = time.perf_counter()
        try:
            r["cold_start_s"] = start_contender(c, procs, runner, place, mock)
            r["check"] = runner.check(c)
            s = runner.streams(c, 3)
            r["stream"] = s
            r["check"] += [f"stream: {p}" for p in s["problems"]]
            w = runner.wrk(c, 4, 1)
            r["wrk"] = w
            if w["errors"]["status"]:
                r["check"].append(f"wrk: {w['errors']['status']} non-2xx answers")
            large = runner.wrk(c, 4, 1, large=True)
            r["wrk_large"] = large
            if large["errors"]["status"] or not large["requests"]:
                r["check"].append(f"wrk, large body: {large['errors']['status']} non-2xx answers "
                                  f"of {large['requests']}")
            rate = runner.rate(c, 100, 1, 0.5, connections=4)
            r["rate"] = rate
            if rate["errors"]:
                r["check"].append(f"open-loop: {rate['errors']} errors {rate['error_kinds']}")
            idle = idle_mock.run(c, place.server, lambda pids: runner.idle(c, min(idle_n, 20), args.idle_hold, pids))
            r["idle"] = idle
            if idle["completed"] != idle["requested"]:
                r["check"].append(f"idle streams: {idle['completed']}/{idle['requested']} completed {idle['error_kinds']}")
        except Exception as e:  # noqa: BLE001 - a broken contender is a result, not a crash
            r.setdefault("check", []).append(f"error: {e}")
        r["seconds"] = round(time.perf_counter() - t0, 1)
        print(f"[smoke] {c.key:14s} {'OK' if not r['check'] else 'FAIL: ' + '; '.join(r['check'])} "
              f"({r['seconds']} s)", flush=True)
    return [{"round": 1, "order": [c.key for c in active], "pin": place.mode, "contenders": results}]


# ---------------------------------------------------------------- full run

def calibrate(args, active, procs, runner_for, mock) -> tuple[str, dict]:
    """Measure every contender at -c1 and -c64 three times pinned, then three times unpinned; keep the steadier
    placement (lower mean relative spread of req/s)."""
    duration = min(args.duration, 3)
    scores = {}
    for mode in ("pinned", "unpinned"):
        place = Placement(mode)
        place.apply(mock)
        runner = runner_for(place)
        series, live = {}, []
        for c in active:
            try:
                with cs.only(c, live):
                    start_contender(c, procs, runner, place, mock)
                live.append(c)
            except Exception as e:  # noqa: BLE001 - reported by the rounds that follow
                print(f"[calibrate] {c.key} did not start: {e}", flush=True)
        for c in live:
            with cs.only(c, live):
                runner.wrk(c, 64, args.warmup)
        for _ in range(3):
            for c in live:
                for conns in (1, 64):
                    with cs.only(c, live):
                        series.setdefault(f"{c.key}-c{conns}", []).append(runner.wrk(c, conns, duration)["rps"])
        for c in live:
            stop_contender(c)
        spreads = {k: (max(v) - min(v)) / statistics.median(v) for k, v in series.items() if statistics.median(v)}
        scores[mode] = {"spread_mean": statistics.mean(spreads.values()) if spreads else 0.0,
                        "spread": spreads, "rps": series,
                        "rps_median": {k: statistics.median(v) for k, v in series.items()}}
        print(f"[calibrate] {mode}: mean relative spread {scores[mode]['spread_mean']:.3f}", flush=True)
    chosen = min(scores, key=lambda m: scores[m]["spread_mean"])
    return chosen, scores


STREAM_WARMUP_S = 5.0
C1_WARMUP_S = 10.0
LARGE_WARMUP_S = 5.0


def full_round(rnd, args, active, procs, runner, place, mock, idle_mock, idle_n, rates):
    shift = rnd % len(active)
    order = active[shift:] + active[:shift]
    res = {c.key: {"check": []} for c in order}
    live = []
    for c in order:
        try:
            with cs.only(c, live):
                # A cold start measures start-up, not the end of what ran before it (the last round's teardown,
                # a steal spike): the machine is let go quiet first, and the wait is kept in the JSON.
                res[c.key]["settle_s"] = round(procstat.wait_quiet(), 2)
                res[c.key]["cold_start_s"] = start_contender(c, procs, runner, place, mock)
            live.append(c)
        except Exception as e:  # noqa: BLE001
            res[c.key]["check"].append(f"start: {e}")
    time.sleep(2)
    for c in list(live):
        res[c.key]["idle_rss_kb"] = procstat.rss_kb(c.proc.pids())
        with cs.only(c, live):
            problems = runner.check(c)
        if problems:
            res[c.key]["check"] += problems
            live.remove(c)
    print(f"[round {rnd + 1}] order: {', '.join(c.key for c in order)}; "
          f"failed: {[k for k, v in res.items() if v['check']] or 'none'}", flush=True)

    def each(name, fn):
        for c in live:
            try:
                with cs.only(c, live):
                    res[c.key][name] = measured(lambda: fn(c), c)
            except Exception as e:  # noqa: BLE001
                res[c.key]["check"].append(f"{name}: {e}")
                print(f"[round {rnd + 1}] {name} {c.key}: {e}", flush=True)
        print(f"[round {rnd + 1}] {name} done", flush=True)

    # Warm what is measured: completions at 64 connections, streams (64 at a time; each lasts ~0.2 s), and one
    # connection (waits and wake-ups at low concurrency run code that a loaded process never runs).
    each("warmup", lambda c: runner.wrk(c, 64, args.warmup))
    each("warmup_stream", lambda c: runner.wrk(c, 64, STREAM_WARMUP_S, stream=True))
    each("warmup_c1", lambda c: runner.wrk(c, 1, C1_WARMUP_S))
    each("c1", lambda c: runner.wrk(c, 1, args.duration))
    each("c64", lambda c: runner.wrk(c, 64, args.duration))
    each("warmup_large", lambda c: runner.wrk(c, 64, LARGE_WARMUP_S, large=True))
    each("c64_large", lambda c: runner.wrk(c, 64, args.duration, large=True))
    for rps in rates:
        each(f"rate_{rps}", lambda c, rps=rps: runner.rate(c, rps, args.duration, 2.0))
    each("stream", lambda c: runner.streams(c, args.streams))
    each("idle", lambda c: idle_mock.run(c, place.server, lambda pids: runner.idle(c, idle_n, args.idle_hold, pids)))
    for c in order:
        stop_contender(c)
    return {"round": rnd + 1, "order": [c.key for c in order], "pin": place.mode, "contenders": res}


# ---------------------------------------------------------------- main

def main(argv):
    args = parse_args(argv)
    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    out_dir = Path(args.out) if args.out else (BENCH / ".out" / "smoke" if args.smoke else BENCH.parent / "docs")
    wanted = [k.strip() for k in args.contenders.split(",") if k.strip()]
    rates = [int(r) for r in args.rates.split(",") if r.strip()]
    idle_n, idle_note = idle_stream_count(args.idle_streams)
    soft_nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[0]

    procs = cs.Procs(run_dir)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.datetime.now(datetime.timezone.utc)
    whole_run_steal = procstat.Steal()
    try:
        busy = [p for p in cs.ALL_PORTS if cs.port_in_use(p)]
        if busy:
            raise SystemExit(f"ports already in use on 127.0.0.1: {busy} (another bench running?)")
        master_key = secrets.token_hex(24)
        upstream_key = "sk-bench-upstream-" + secrets.token_hex(8)

        pin = {"on": "pinned", "off": "unpinned"}.get(args.pin, "auto")
        if (os.cpu_count() or 1) < 2:
            pin = "unpinned"
        conf = upstream.write_mock_conf(run_dir, cs.MOCK_PORT, args.pace_ms, args.idle_hold, soft_nofile)
        mock = procs.start("mock", ["nginx", "-p", run_dir, "-c", conf, "-e", run_dir / "mock-error.log"])
        idle_mock = IdleMock(procs, run_dir, upstream.write_mock_conf(
            run_dir, cs.IDLE_MOCK_PORT, args.pace_ms, args.idle_hold, soft_nofile, name="idle-mock"))

        jar = cs.snapshot_jar(run_dir)
        first = cs.build(run_dir, master_key, upstream_key, soft_nofile, jar[0] if jar else None)
        direct = first[0]
        cs.wait_first_answer(direct, mock, Runner(run_dir, None).body_file(direct.model, False).read_bytes(),
                             upstream.COMPLETION.read_bytes(), 15)

        prime_archive([c for c in first if c.key.startswith("gatehouse") and not c.skip], procs, mock,
                      jar[0] if jar else None, args.smoke)

        every = [c for c in first if c.key in wanted]
        active = [c for c in every if not c.skip]
        for c in every:
            if c.skip:
                print(f"[bench] {c.key}: {c.skip}", flush=True)

        calibration = None
        if not args.smoke and pin == "auto":
            pin, calibration = calibrate(args, active, procs, lambda pl: Runner(run_dir, pl.client), mock)
        elif pin == "auto":
            pin = "unpinned"
        place = Placement(pin)
        place.apply(mock)
        runner = Runner(run_dir, place.client)

        if args.smoke:
            rounds = smoke(args, active, procs, runner, place, mock, idle_mock, idle_n)
        else:
            rounds = []
            for rnd in range(args.repeats):
                rounds.append(full_round(rnd, args, active, procs, runner, place, mock, idle_mock, idle_n, rates))
    finally:
        procs.stop_all()

    data = report.assemble(
        args=args, command=args.command, started=started, finished=datetime.datetime.now(datetime.timezone.utc),
        contenders=every, rounds=rounds, pin=pin, calibration=calibration, idle_streams=idle_n, idle_note=idle_note,
        rates=rates, steal_flag=STEAL_FLAG_PCT, whole_run_steal=whole_run_steal.percent(), nofile=soft_nofile,
        jar_sha256=jar[1] if jar else None)
    md_path, json_path = report.write(data, out_dir)
    ok = data["ok"] and json.loads(json_path.read_text())["contenders"] and md_path.stat().st_size > 0
    print(f"[bench] wrote {md_path} and {json_path}", flush=True)
    print(f"[bench] {'PASS' if ok else 'FAIL'}: "
          + ", ".join(f"{k}={v}" for k, v in data["verdicts"].items()), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
