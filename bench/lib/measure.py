"""One measurement against one contender: closed-loop wrk, open-loop fixed rate, streams, idle streams."""
import json
import os
import statistics
import subprocess
from pathlib import Path

import probe
import upstream
from contenders import Contender, idle_headers

BENCH = Path(__file__).resolve().parent.parent
LOADGEN_CP = BENCH / ".build" / "loadgen"
JAVA = Path(os.environ.get("BENCH_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")) / "bin" / "java"
LOADGEN_JVM = ["-XX:+UseSerialGC", "-Xms256m", "-Xmx1g"]
LARGE_BODY_BYTES = 50_000

# The large request: a long conversation as an assistant with retrieved documents sends it. Plain prose with what real
# prompts carry (line breaks, quotes, typographic punctuation, accented letters, a CJK sentence, an emoji), so that a
# gateway that parses and re-encodes the body pays for what such a body costs, and one that passes it on does not.
_TURNS = [
    ("user", "Here is the section of the contract we discussed:\n\n\u201cThe Supplier shall deliver the Goods "
             "to the Buyer\u2019s premises no later than 30 days after the order date. Where delivery is late, the "
             "Buyer may, at its option, cancel the order or claim a reduction of 2 % of the price per week of "
             "delay.\u201d\n\nCan you summarise what happens if the delivery is two weeks late? "
             "The buyer is in M\u00fcnchen and the supplier in Lyon (soci\u00e9t\u00e9 anonyme)."),
    ("assistant", "If delivery is two weeks late, the buyer has two options:\n\n1. **Cancel the order** \u2014 "
                  "the clause lets the buyer end it outright.\n2. **Claim a price reduction** of 2 % per week, so "
                  "4 % for two weeks.\n\nThe clause does not say which law applies; between Germany and France "
                  "the CISG would govern unless the contract excludes it. \u2705"),
    ("user", "Thanks. The Japanese subsidiary asked the same: \u7d0d\u671f\u304c\u4e8c\u9031\u9593\u9045\u308c"
             "\u305f\u5834\u5408\u306f\u3069\u3046\u306a\u308a\u307e\u3059\u304b\u3002 Please also list "
             "the steps the buyer should take, with \"notice\" requirements, in a table."),
    ("assistant", "| step | who | when |\n|---|---|---|\n| Written notice of delay | Buyer | on day 31 |\n"
                  "| Choice: cancel or reduce | Buyer | within a reasonable time |\n| Credit note | Supplier | with "
                  "the next invoice |\n\nKeep copies of every notice; e-mail is enough unless the contract asks "
                  "for registered post."),
]


def large_chat_body(model: str) -> bytes:
    """A chat request of about LARGE_BODY_BYTES: a system prompt, then the turns above repeated, numbered."""
    system = ("You are a careful legal assistant. Answer from the documents the user gives, quote them exactly, and "
              "say when they do not answer the question.\n")
    messages = [{"role": "system", "content": system * 4}]
    body = {"model": model, "messages": messages, "temperature": 0.2, "max_tokens": 512}
    n = 0
    while len(json.dumps(body, ensure_ascii=False).encode()) < LARGE_BODY_BYTES:
        role, text = _TURNS[n % len(_TURNS)]
        messages.append({"role": role, "content": f"[{n + 1}] {text}"})
        n += 1
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


class Runner:
    def __init__(self, run_dir: Path, client_cpus: set | None):
        self.run_dir = run_dir
        self.client_cpus = client_cpus

    # -- request bodies, one file per (model, stream)

    def body_file(self, model: str, stream: bool, large: bool = False) -> Path:
        if large:
            path = self.run_dir / f"body-{model}-large.json"
            if not path.exists():
                path.write_bytes(large_chat_body(model))
            return path
        path = self.run_dir / f"body-{model}{'-stream' if stream else ''}.json"
        if not path.exists():
            body = {"model": model, "messages": [{"role": "user", "content": "hi"}]}
            if stream:
                body["stream"] = True
            path.write_text(json.dumps(body, separators=(",", ":")))
        return path

    def _run(self, argv, env=None, timeout=600) -> str:
        full_env = dict(os.environ)
        full_env.update(env or {})
        cpus = self.client_cpus
        out = subprocess.run([str(a) for a in argv], env=full_env, capture_output=True, text=True, timeout=timeout,
                             preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
        if out.returncode != 0:
            raise RuntimeError(f"{argv[0]} exited {out.returncode}: {out.stderr[-2000:]}")
        return out.stdout

    # -- correctness

    def check(self, c: Contender) -> list[str]:
        """Problems with one completion and one stream through the contender; [] when both are right."""
        client = probe.Client(c.port, timeout=30)
        try:
            sync = client.post("/v1/chat/completions", self.body_file(c.model, False).read_bytes(), c.headers)
            problems = [f"completion: {p}" for p in probe.check_completion(sync, c.check, upstream.COMPLETION.read_bytes())]
            stream = client.post("/v1/chat/completions", self.body_file(c.model, True).read_bytes(), c.headers)
            problems += [f"stream: {p}" for p in probe.check_stream(stream, c.check, upstream.STREAM.read_bytes())]
            if c.auth:  # "policies on" must really be on: a wrong key is refused
                wrong = {**c.headers, "Authorization": "Bearer gh-bench-wrong-key-0000000000000000"}
                refused = client.post("/v1/chat/completions", self.body_file(c.model, False).read_bytes(), wrong)
                if refused.status not in (401, 403):
                    problems.append(f"auth: a wrong key got status {refused.status}, not 401/403")
            return problems
        except OSError as e:
            return [f"request failed: {e}"]
        finally:
            client.close()

    # -- closed loop (wrk)

    def wrk(self, c: Contender, connections: int, duration: float, stream: bool = False, large: bool = False) -> dict:
        env = {"BENCH_BODY_FILE": str(self.body_file(c.model, stream, large)),
               "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in c.headers.items())}
        out = self._run(["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "5s",
                         "-s", BENCH / "wrk" / "chat.lua", f"http://127.0.0.1:{c.port}/v1/chat/completions"],
                        env=env, timeout=duration + 60)
        line = next(l for l in out.splitlines() if l.startswith("WRKJSON "))
        r = json.loads(line[len("WRKJSON "):])
        r["rps"] = r["requests"] / r["duration_s"] if r["duration_s"] else 0.0
        r["error_count"] = sum(r["errors"].values())
        return r

    # -- open loop (LoadGen rate)

    def rate(self, c: Contender, rps: int, duration: float, warmup: float, connections: int = 64) -> dict:
        argv = [JAVA, *LOADGEN_JVM, "-cp", LOADGEN_CP, "LoadGen", "rate", "--port", c.port,
                "--path", "/v1/chat/completions", "--body-file", self.body_file(c.model, False),
                "--rate", rps, "--duration", duration, "--warmup", warmup, "--connections", connections]
        for k, v in c.headers.items():
            argv += ["--header", f"{k}: {v}"]
        return json.loads(self._run(argv, timeout=duration + warmup + 90).strip().splitlines()[-1])

    # -- streams, one after another on one keep-alive connection

    def streams(self, c: Contender, count: int) -> dict:
        body = self.body_file(c.model, True).read_bytes()
        canned = upstream.STREAM.read_bytes()
        client = probe.Client(c.port, timeout=30)
        ttfb, total, problems = [], [], []
        try:
            for _ in range(count):
                try:
                    reply = client.post("/v1/chat/completions", body, c.headers)
                except OSError as e:
                    problems.append(f"request failed: {e}")
                    continue
                p = probe.check_stream(reply, c.check, canned)
                if p:
                    problems.extend(p)
                    continue
                ttfb.append(reply.first_byte_ns / 1e6)
                total.append(reply.total_ns / 1e6)
        finally:
            client.close()
        ok = len(ttfb)
        return {"count": count, "ok": ok, "problems": problems[:5],
                "ttfb_ms": statistics.median(ttfb) if ok else None,
                "ttfb_max_ms": max(ttfb) if ok else None,
                "total_ms": statistics.median(total) if ok else None,
                "ttfb_share": statistics.median(t / s for t, s in zip(ttfb, total)) if ok else None}

    # -- many concurrent idle streams (LoadGen idle)

    def idle(self, c: Contender, streams: int, hold: float, rss_pids: list[int]) -> dict:
        ramp = max(1.0, streams / 2000.0)
        timeout = ramp + hold + 60
        argv = [JAVA, *LOADGEN_JVM, "-cp", LOADGEN_CP, "LoadGen", "idle", "--port", c.idle_port or c.port,
                "--path", c.idle_path, "--body-file", self.body_file(c.idle_model, True),
                "--streams", streams, "--ramp-seconds", ramp, "--connect-concurrency", 256,
                "--timeout", timeout, "--rss-pids", ",".join(str(p) for p in rss_pids)]
        for k, v in idle_headers(c).items():
            argv += ["--header", f"{k}: {v}"]
        return json.loads(self._run(argv, timeout=timeout + 60).strip().splitlines()[-1])
