"""Renders the nginx configs (mock upstream and proxy contender) from bench/nginx/*.tmpl."""
import re
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
COMPLETION = BENCH / "upstream" / "completion.json"
STREAM = BENCH / "upstream" / "stream.sse"


def nginx_literal(text: str) -> str:
    """Quote text as an nginx config string. '$' would start a variable, so canned bodies must not hold one."""
    if "$" in text:
        raise ValueError("canned bodies must not contain '$' (nginx would read it as a variable)")
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return "'" + escaped + "'"


def sse_events(raw: str) -> list[str]:
    """Split an SSE body into its events, each keeping its trailing blank line."""
    events = [e + "\n\n" for e in raw.split("\n\n") if e]
    assert "".join(events) == raw, "stream.sse must be events separated by blank lines"
    return events


def _echoes(events: list[str], gaps: list[float], indent: str = "            ") -> str:
    lines = []
    for i, ev in enumerate(events):
        lines.append(f"{indent}echo -n {nginx_literal(ev)};")
        lines.append(f"{indent}echo_flush;")
        if i < len(gaps) and gaps[i] > 0:
            lines.append(f"{indent}echo_sleep {gaps[i]:.3f};")
    return "\n".join(lines)


def render(template: str, values: dict) -> str:
    text = (BENCH / "nginx" / template).read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", str(value))
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"unrendered placeholders {left} in {template}")
    return text


def worker_connections(nofile: int) -> int:
    """nginx needs more connection slots than it holds sockets (with 9,700 proxied idle streams and
    worker_connections = ulimit -n it ran out of slots at ~18,700 sockets), so give it twice the fd limit;
    the fd limit stays the real bound. nginx logs a harmless warning about it."""
    return max(2048, 2 * nofile)


def write_mock_conf(run_dir: Path, port: int, pace_ms: float, idle_hold_s: float, nofile: int,
                    name: str = "mock") -> Path:
    events = sse_events(STREAM.read_text())
    stream = _echoes(events, [pace_ms / 1000.0] * (len(events) - 1))
    idle = _echoes(events, [idle_hold_s] + [0.0] * (len(events) - 1))
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / f"{name}-tmp" / sub).mkdir(parents=True, exist_ok=True)
    conf = render("mock.conf.tmpl", {
        "NAME": name, "RUN_DIR": run_dir, "PORT": port, "NOFILE": nofile,
        "WORKER_CONNECTIONS": worker_connections(nofile),
        "PACE_MS": pace_ms, "IDLE_HOLD": idle_hold_s,
        "COMPLETION_LITERAL": nginx_literal(COMPLETION.read_text()),
        "STREAM_ECHOES": stream, "IDLE_ECHOES": idle,
    })
    path = run_dir / f"{name}.conf"
    path.write_text(conf)
    return path


def write_proxy_conf(run_dir: Path, port: int, mock_port: int, idle_mock_port: int, workers: int,
                     nofile: int) -> Path:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "proxy-tmp" / sub).mkdir(parents=True, exist_ok=True)
    conf = render("proxy.conf.tmpl", {
        "RUN_DIR": run_dir, "PORT": port, "MOCK_PORT": mock_port, "IDLE_MOCK_PORT": idle_mock_port,
        "WORKERS": workers,
        "NOFILE": nofile, "WORKER_CONNECTIONS": worker_connections(nofile),
    })
    path = run_dir / "proxy.conf"
    path.write_text(conf)
    return path
