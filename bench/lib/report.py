"""Turns the raw rounds into docs/BENCHMARKS.md (tables, median (min–max)) and docs/benchmarks.json."""
import json
import os
import platform
import re
import statistics
import subprocess
from pathlib import Path

import contenders as cs
import measure

DASH = "–"


# ---------------------------------------------------------------- machine description

def _cmd(argv) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        return (out.stdout + out.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"


def _git_head() -> str:
    out = _cmd(["git", "-C", str(cs.REPO), "rev-parse", "--short", "HEAD"])
    return out if re.fullmatch(r"[0-9a-f]{7,40}", out) else "n/a"


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    debian = Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "n/a"
    java = _cmd([str(cs.JAVA_HOME / "bin" / "java"), "-version"]).splitlines()
    wrk = _cmd(["wrk", "-v"]).splitlines()
    return {
        "cpu_model": model.group(1).strip() if model else "n/a",
        "vcpus": os.cpu_count(),
        "memory_gib": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "kernel": platform.release(),
        "os": f"Debian {debian}",
        "jdk": java[0] if java else "n/a",
        "node": _cmd(["node", "--version"]),
        "nginx": _cmd(["nginx", "-v"]).replace("nginx version: ", ""),
        "wrk": (wrk[0].split(" [")[0].replace("debian/", "") if wrk else "n/a"),
        "python": platform.python_version(),
        "peer": f"@portkey-ai/gateway {cs.PEER_VERSION} (@hono/node-server 1.14.1 via npm overrides)",
        "gatehouse_jar": str(cs.GATEHOUSE_JAR) if cs.GATEHOUSE_JAR.exists() else "not built",
    }


# ---------------------------------------------------------------- per-round metrics

def _steal(r: dict) -> float | None:
    vals = [v["steal_pct"] for v in r.values() if isinstance(v, dict) and "steal_pct" in v]
    return max(vals) if vals else None


# A stream's first byte added by nginx below this (in a round) is noise, not a base for a ratio.
MIN_RATIO_BASE_MS = 0.02


def _stream_added(stream: dict | None, direct: dict | None) -> float | None:
    """A stream's time to first byte minus the mock's own in the same round (ms), or None."""
    base = (direct or {}).get("stream")
    if not stream or not stream.get("ok") or not base or not base.get("ok"):
        return None
    return stream["ttfb_ms"] - base["ttfb_ms"]


def flat(rnd: dict, key: str, rates: list[int]) -> dict:
    """Scalar metrics of one contender in one round."""
    all_r = rnd["contenders"]
    r, m = all_r.get(key) or {}, {}
    if r.get("cold_start_s") is not None:
        m["cold_start_ms"] = r["cold_start_s"] * 1000
    if "idle_rss_kb" in r:
        m["idle_rss_mb"] = r["idle_rss_kb"] / 1024
    c1, d1 = r.get("c1"), (all_r.get("direct") or {}).get("c1")
    if c1:
        lat = c1["latency_ms"]
        m.update(c1_p50_ms=lat["p50"], c1_p99_ms=lat["p99"], c1_p999_ms=lat["p999"], c1_rps=c1["rps"])
        if d1:
            m["c1_added_p50_ms"] = lat["p50"] - d1["latency_ms"]["p50"]
            m["c1_added_p99_ms"] = lat["p99"] - d1["latency_ms"]["p99"]
    c64, n64 = r.get("c64"), (all_r.get("nginx") or {}).get("c64")
    if c64:
        m.update(c64_rps=c64["rps"], c64_p50_ms=c64["latency_ms"]["p50"], c64_p99_ms=c64["latency_ms"]["p99"],
                 c64_errors=c64["error_count"], load_rss_mb=c64["rss_kb"] / 1024)
        if c64["requests"]:
            m["cpu_us_per_req"] = c64["cpu_s"] / c64["requests"] * 1e6
        if n64 and n64["rps"]:
            m["c64_ratio_nginx"] = c64["rps"] / n64["rps"]
    big, nbig = r.get("c64_large"), (all_r.get("nginx") or {}).get("c64_large")
    if big:
        m.update(large_rps=big["rps"], large_p50_ms=big["latency_ms"]["p50"], large_p99_ms=big["latency_ms"]["p99"],
                 large_errors=big["error_count"])
        if big["requests"]:
            m["large_cpu_us_per_req"] = big["cpu_s"] / big["requests"] * 1e6
        if nbig and nbig["rps"]:
            m["large_ratio_nginx"] = big["rps"] / nbig["rps"]
    for rate in rates:
        x = r.get(f"rate_{rate}")
        if x and x["latency_ms"].get("count"):
            lat = x["latency_ms"]
            m.update({f"rate{rate}_p50_ms": lat["p50"], f"rate{rate}_p99_ms": lat["p99"],
                      f"rate{rate}_p999_ms": lat["p999"], f"rate{rate}_achieved": x["achieved_rps"],
                      f"rate{rate}_errors": x["errors"] + x["dropped"]})
    s = r.get("stream")
    if s and s.get("ok"):
        m.update(stream_ttfb_ms=s["ttfb_ms"], stream_total_ms=s["total_ms"], stream_ttfb_share=s["ttfb_share"])
        added = _stream_added(s, all_r.get("direct"))
        if added is not None:
            m["stream_added_ttfb_ms"] = added
            by_nginx = _stream_added((all_r.get("nginx") or {}).get("stream"), all_r.get("direct"))
            if key != "direct" and by_nginx is not None and by_nginx >= MIN_RATIO_BASE_MS:
                m["stream_added_ratio_nginx"] = added / by_nginx
    i = r.get("idle")
    if i:
        m.update(idle_streams_established=i["established"], idle_streams_completed=i["completed"],
                 idle_streams_errors=i["errors"], idle_streams_peak=i["peak_concurrent"],
                 idle_streams_rss_mb=i["rss_peak_kb"] / 1024)
    st = _steal(r)
    if st is not None:
        m["steal_max_pct"] = st
    return m


def aggregate(values: list[float]) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "values": values}


# ---------------------------------------------------------------- assemble + write

def summarize(contenders: list[tuple[str, str | None]], rounds: list[dict], rates: list[int]) -> dict:
    """Median (min-max) over rounds of every metric of each contender that ran ((key, skip reason) pairs)."""
    summary = {}
    for key, skip in contenders:
        if skip:
            continue
        per_round = [flat(rnd, key, rates) for rnd in rounds]
        names = sorted({k for pr in per_round for k in pr})
        summary[key] = {k: aggregate([pr.get(k) for pr in per_round]) for k in names}
    return summary


def assemble(*, args, command, started, finished, contenders, rounds, pin, calibration, idle_streams, idle_note,
             rates, steal_flag, whole_run_steal, nofile, jar_sha256=None) -> dict:
    summary = summarize([(c.key, c.skip) for c in contenders], rounds, rates)
    verdicts, checks = {}, {}
    for c in contenders:
        if c.skip:
            verdicts[c.key] = "skipped"
            continue
        problems = [p for rnd in rounds for p in (rnd["contenders"].get(c.key) or {}).get("check", ["not run"])]
        checks[c.key] = list(dict.fromkeys(problems))  # the same failure in every round is listed once
        verdicts[c.key] = "ok" if not problems else "failed"
    flagged = []
    for rnd in rounds:
        for key, r in rnd["contenders"].items():
            for name, v in r.items():
                if isinstance(v, dict) and v.get("steal_pct", 0) > steal_flag:
                    flagged.append({"round": rnd["round"], "contender": key, "measurement": name,
                                    "steal_pct": v["steal_pct"]})
    return {
        "schema": 1,
        "mode": "smoke" if args.smoke else "full",
        "command": command,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "machine": {**machine(), "gatehouse_jar_sha256": jar_sha256, "gatehouse_commit": _git_head()},
        "settings": {"repeats": len(rounds), "duration_s": args.duration, "warmup_s": args.warmup, "rates": rates,
                     "streams": args.streams, "idle_streams": idle_streams, "idle_streams_note": idle_note,
                     "idle_hold_s": args.idle_hold, "pace_ms": args.pace_ms, "nofile": nofile,
                     "steal_flag_pct": steal_flag,
                     "large_body_bytes": len(measure.large_chat_body(cs.Contender.model))},
        "pinning": {"mode": pin, "requested": args.pin, "calibration": calibration},
        "contenders": [{"key": c.key, "label": c.label, "port": c.port, "check": c.check, "skip": c.skip}
                       for c in contenders],
        "verdicts": verdicts,
        "checks": checks,
        "ok": all(v != "failed" for v in verdicts.values()),
        "steal": {"whole_run_pct": round(whole_run_steal, 2), "flagged": flagged},
        "summary": summary,
        "rounds": rounds,
    }


def _fmt(agg: dict | None, digits: int = 2, scale: float = 1.0) -> str:
    if not agg:
        return DASH
    f = lambda v: f"{v * scale:,.{digits}f}"  # noqa: E731
    if agg["n"] == 1 or agg["min"] == agg["max"]:
        return f(agg["median"])
    return f"{f(agg['median'])} ({f(agg['min'])}{DASH}{f(agg['max'])})"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    cell = lambda v: str(v).replace("\n", " / ").replace("|", "\\|")  # noqa: E731 - keep one row per line
    out += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return out + [""]


def markdown(d: dict) -> str:
    m, s, st = d["machine"], d["settings"], d["summary"]
    labels = {c["key"]: c["label"] for c in d["contenders"]}
    skipped = {c["key"]: c["skip"] for c in d["contenders"] if c["skip"]}
    keys = [c["key"] for c in d["contenders"]]
    L = ["# Gatehouse benchmarks", ""]
    if d["mode"] == "smoke":
        L += ["> **Smoke run**: it checks that every contender answers correctly; its numbers are not measurements.", ""]
    L += [f"- Date: {d['started']} to {d['finished']} (UTC)",
          f"- Command: `{d['command']}`",
          f"- Machine: {m['cpu_model']}, {m['vcpus']} vCPUs, {m['memory_gib']} GiB, {m['os']}, kernel {m['kernel']}",
          f"- Software: {m['jdk']}; node {m['node']}; {m['nginx']}; {m['wrk']}; peer {m['peer']}",
          f"- Gatehouse: repo HEAD {m.get('gatehouse_commit', 'n/a')} (plus uncommitted work, if any); jar + lib/ sha256 "
          f"{(m.get('gatehouse_jar_sha256') or 'n/a')[:16]}… (copied at the start: one build for the whole run)",
          (f"- Rounds: {s['repeats']} (contenders interleaved, order rotated each round), {s['duration_s']:g} s per "
           f"load measurement; warm-up per contender and round: {s['warmup_s']:g} s at 64 connections, 5 s of streams, "
           f"10 s at 1 connection{', 5 s at 64 connections with the large request' if 'large_body_bytes' in s else ''}; "
           f"cells are median (min{DASH}max) over rounds"
           if d["mode"] == "full" else
           "- Smoke: per contender one completion + one stream checked, 3 streams, 1 s of wrk, 1 s open loop, "
           "20 idle streams"),
          f"- Placement: **{d['pinning']['mode']}** (requested `{d['pinning']['requested']}`; "
          "pinned = load generator on CPU 0, mock + contender on CPU 1)",
          f"- Hypervisor steal over the whole run: {d['steal']['whole_run_pct']:.1f} %; "
          f"{len(d['steal']['flagged'])} measurement(s) above {s['steal_flag_pct']:g} % (listed at the end)",
          "- Method and how to read the numbers: [bench/README.md](../bench/README.md)", ""]

    L += ["## Contenders", ""]
    rows = []
    for k in keys:
        verdict = d["verdicts"].get(k, "")
        detail = skipped.get(k) or ("answers checked: OK" if verdict == "ok"
                                    else "FAILED: " + "; ".join(dict.fromkeys(d["checks"].get(k, [])))[:300])
        rows.append([k, labels[k], detail])
    L += _table(["key", "contender", "status"], rows)

    def rows_for(cells):
        out = []
        for k in keys:
            if k in skipped:
                out.append([labels[k], skipped[k]] + [""] * (len(cells) - 1))
            elif k in st and not any(st[k].values()):
                out.append([labels[k], "FAILED (see Contenders)"] + [""] * (len(cells) - 1))
            elif k in st:
                out.append([labels[k]] + [fn(st[k]) for fn in cells])
        return out

    g = lambda name, digits=2, scale=1.0: (lambda x: _fmt(x.get(name), digits, scale))  # noqa: E731
    if d["mode"] == "smoke":
        L += ["## Smoke details", ""]
        L += _table(["contender", "cold start ms", "stream TTFB ms", "stream total ms"],
                    rows_for([g("cold_start_ms", 0), g("stream_ttfb_ms", 1), g("stream_total_ms", 1)]))
        return "\n".join(L)

    L += ["## Latency at 1 connection (wrk -t1 -c1, closed loop)", ""]
    L += _table(["contender", "p50 ms", "p99 ms", "p99.9 ms", "added p50 vs direct ms", "added p99 vs direct ms", "req/s"],
                rows_for([g("c1_p50_ms", 3), g("c1_p99_ms", 3), g("c1_p999_ms", 3), g("c1_added_p50_ms", 3),
                          g("c1_added_p99_ms", 3), g("c1_rps", 0)]))
    L += ["## Throughput at 64 connections (wrk -t1 -c64)", ""]
    L += _table(["contender", "req/s", "ratio to nginx", "p50 ms", "p99 ms", "CPU µs/request", "RSS under load MiB",
                 "errors"],
                rows_for([g("c64_rps", 0), g("c64_ratio_nginx", 2), g("c64_p50_ms", 2), g("c64_p99_ms", 2),
                          g("cpu_us_per_req", 0), g("load_rss_mb", 0), g("c64_errors", 0)]))
    if any("large_rps" in st[k] for k in keys if k in st):
        L += [f"## Throughput at 64 connections with a {d['settings'].get('large_body_bytes', 0) // 1000} KB "
              "conversation (wrk -t1 -c64)", ""]
        L += _table(["contender", "req/s", "ratio to nginx", "p50 ms", "p99 ms", "CPU µs/request", "errors"],
                    rows_for([g("large_rps", 0), g("large_ratio_nginx", 2), g("large_p50_ms", 2),
                              g("large_p99_ms", 2), g("large_cpu_us_per_req", 0), g("large_errors", 0)]))
    L += ["## Latency at fixed request rates (open loop, measured from the intended send time)", ""]
    def achieved(x, r):
        agg = x.get(f"rate{r}_achieved")
        cell = _fmt(agg, 0)
        return cell + " (saturated)" if agg and agg["median"] < 0.95 * r else cell

    rate_rows = []
    for n, rate in enumerate(s["rates"]):
        for row in rows_for([lambda x, r=rate: achieved(x, r),
                             lambda x, r=rate: _fmt(x.get(f"rate{r}_p50_ms"), 3),
                             lambda x, r=rate: _fmt(x.get(f"rate{r}_p99_ms"), 3),
                             lambda x, r=rate: _fmt(x.get(f"rate{r}_p999_ms"), 3),
                             lambda x, r=rate: _fmt(x.get(f"rate{r}_errors"), 0)]):
            if n and (row[1] in skipped.values() or row[1].startswith("FAILED")):  # once, not once per rate
                continue
            rate_rows.append([row[0], f"{rate:,}"] + row[1:])
    L += _table(["contender", "target req/s", "achieved req/s", "p50 ms", "p99 ms", "p99.9 ms", "errors + dropped"],
                rate_rows)
    L += [f"## Streaming ({s['streams']} streams of 50 events, {s['pace_ms']:g} ms apart, one after another)", ""]
    L += _table(["contender", "time to first byte ms", "added vs direct ms", "added, ratio to nginx's", "total ms",
                 "TTFB / total"],
                rows_for([g("stream_ttfb_ms", 2), g("stream_added_ttfb_ms", 2), g("stream_added_ratio_nginx", 2),
                          g("stream_total_ms", 1), g("stream_ttfb_share", 3)]))
    note = f" ({s['idle_streams_note']})" if s["idle_streams_note"] else ""
    L += [f"## {s['idle_streams']:,} concurrent idle streams{note}", ""]
    L += _table(["contender", "established", "peak concurrent", "completed", "errors", "peak RSS MiB"],
                rows_for([g("idle_streams_established", 0), g("idle_streams_peak", 0),
                          g("idle_streams_completed", 0), g("idle_streams_errors", 0), g("idle_streams_rss_mb", 0)]))
    L += ["## Start-up and footprint", ""]
    L += _table(["contender", "cold start to first answer ms", "idle RSS MiB"],
                rows_for([g("cold_start_ms", 0), g("idle_rss_mb", 1)]))
    L += ["## Noise", ""]
    if d["pinning"]["calibration"]:
        cal = d["pinning"]["calibration"]
        L += ["Placement calibration: every contender at -c1 and -c64, 3 runs per placement. Spread = "
              "(max−min)/median of req/s, lower is steadier; the placement with the lower mean spread is kept.", ""]
        modes = list(cal)
        series = sorted({k for v in cal.values() for k in v["spread"]})
        rows = [["**mean spread**"] + [f"**{cal[m]['spread_mean']:.3f}**" for m in modes] + [""] * len(modes)]
        for k in series:
            rows.append([k] + [f"{cal[m]['spread'].get(k, float('nan')):.3f}" for m in modes]
                        + [f"{cal[m]['rps_median'].get(k, float('nan')):,.0f}" for m in modes])
        L += _table(["series"] + [f"spread {m}" for m in modes] + [f"req/s {m}" for m in modes], rows)
    L += _table(["contender", "max steal % in a measurement"], rows_for([g("steal_max_pct", 1)]))
    if d["steal"]["flagged"]:
        L += [f"Measurements with steal above {s['steal_flag_pct']:g} % (treat their numbers with care):", ""]
        L += _table(["round", "contender", "measurement", "steal %"],
                    [[str(f["round"]), f["contender"], f["measurement"], f"{f['steal_pct']:.1f}"]
                     for f in d["steal"]["flagged"]])
    return "\n".join(L)


def write(d: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / "BENCHMARKS.md", out_dir / "benchmarks.json"
    md.write_text(markdown(d) + "\n")
    js.write_text(json.dumps(d, indent=2, default=str) + "\n")
    return md, js


if __name__ == "__main__":  # re-render a JSON report and its markdown: python3 bench/lib/report.py docs/benchmarks.json
    import sys
    src = Path(sys.argv[1])
    data = json.loads(src.read_text())
    if data.get("mode") == "full":  # metrics added since the run are derived from its rounds
        data["summary"] = summarize([(c["key"], c["skip"]) for c in data["contenders"]], data["rounds"],
                                    data["settings"]["rates"])
    write(data, src.parent)
