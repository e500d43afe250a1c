"""A small HTTP/1.1 client over raw sockets: correctness checks and streaming time-to-first-byte.

Raw sockets rather than http.client so that the time of the first body byte is seen exactly as it arrives
(no library buffering) and the body is kept byte for byte.
"""
import ipaddress
import json
import re
import socket
import time
from dataclasses import dataclass, field


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes
    head_ns: int          # request written -> status line and headers read
    first_byte_ns: int    # request written -> first body byte (de-chunked); -1 if the body was empty
    total_ns: int         # request written -> last body byte
    keep_alive: bool = True
    chunk_times_ns: list = field(default_factory=list)


class Client:
    """One keep-alive connection to a loopback address; reconnects when the server closes it."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 30.0):
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"only loopback targets are allowed, not {host}")
        self.host, self.port, self.timeout = host, port, timeout
        self.sock = None
        self.buf = b""

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None
                self.buf = b""

    def post(self, path: str, body: bytes, headers: dict) -> Reply:
        if self.sock is None:
            self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buf = b""
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Content-Type: application/json",
                f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        request = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        try:
            t0 = time.perf_counter_ns()
            self.sock.sendall(request)
            reply = self._read_reply(t0)
        except Exception:
            self.close()
            raise
        if not reply.keep_alive:
            self.close()
        return reply

    # -- response parsing

    def _fill(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("connection closed by server")
        self.buf += data

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read_reply(self, t0: int) -> Reply:
        status_line = self._line().decode("latin-1")
        version, status = status_line.split(" ", 2)[:2]
        headers = {}
        while True:
            line = self._line()
            if not line:
                break
            k, _, v = line.decode("latin-1").partition(":")
            headers[k.strip().lower()] = v.strip()
        head_ns = time.perf_counter_ns() - t0
        conn = headers.get("connection", "").lower()
        keep_alive = "close" not in conn and (version == "HTTP/1.1" or "keep-alive" in conn)
        body, times = bytearray(), []

        def got(data: bytes):
            if data:
                body.extend(data)
                times.append(time.perf_counter_ns() - t0)

        if "chunked" in headers.get("transfer-encoding", "").lower():
            while True:
                size = int(self._line().split(b";")[0].strip(), 16)
                if size == 0:
                    while self._line():
                        pass
                    break
                left = size
                while left > 0:
                    if not self.buf:
                        self._fill()
                    take = self.buf[:left]
                    self.buf = self.buf[len(take):]
                    left -= len(take)
                    got(take)
                self._line()
        elif "content-length" in headers:
            left = int(headers["content-length"])
            while left > 0:
                if not self.buf:
                    self._fill()
                take = self.buf[:left]
                self.buf = self.buf[len(take):]
                left -= len(take)
                got(take)
        else:
            keep_alive = False
            got(self.buf)
            self.buf = b""
            while True:
                data = self.sock.recv(65536)
                if not data:
                    break
                got(data)
        total = time.perf_counter_ns() - t0
        return Reply(int(status), headers, bytes(body), head_ns, times[0] if times else -1, total, keep_alive, times)


# -- what a correct answer looks like

def parse_sse(raw: bytes) -> tuple[str, int]:
    """(concatenated choices[0].delta.content, number of data events including [DONE]) of an SSE body."""
    text = raw.decode("utf-8").replace("\r\n", "\n")
    content, events = [], 0
    for block in text.split("\n\n"):
        data = "\n".join(l[5:].lstrip(" ") for l in block.split("\n") if l.startswith("data:"))
        if not data:
            continue
        events += 1
        if data.strip() == "[DONE]":
            continue
        obj = json.loads(data)
        for choice in obj.get("choices") or []:
            if choice.get("index", 0) == 0:
                piece = (choice.get("delta") or {}).get("content")
                if piece:
                    content.append(piece)
    return "".join(content), events


def check_completion(reply: Reply, mode: str, canned_bytes: bytes) -> list[str]:
    """Problems with a non-streaming reply; [] when correct. mode: 'bytes' (exact) or 'shape' (re-encoded JSON)."""
    problems = []
    if reply.status != 200:
        return [f"status {reply.status}: {reply.body[:200]!r}"]
    if mode == "bytes":
        if reply.body != canned_bytes:
            problems.append(f"body differs from the canned completion ({len(reply.body)} vs {len(canned_bytes)} bytes)")
        return problems
    try:
        got = json.loads(reply.body)
    except ValueError:
        return [f"body is not JSON: {reply.body[:200]!r}"]
    want = json.loads(canned_bytes)
    if got.get("id") != want["id"]:
        problems.append(f"id {got.get('id')!r} != {want['id']!r}")
    if got.get("object") != "chat.completion":
        problems.append(f"object {got.get('object')!r}")
    choices = got.get("choices") or []
    if len(choices) != 1:
        problems.append(f"{len(choices)} choices")
    else:
        msg, wmsg = choices[0].get("message") or {}, want["choices"][0]["message"]
        if msg.get("content") != wmsg["content"]:
            problems.append(f"content {msg.get('content')!r} != {wmsg['content']!r}")
        if msg.get("role") != "assistant":
            problems.append(f"role {msg.get('role')!r}")
        if choices[0].get("finish_reason") != want["choices"][0]["finish_reason"]:
            problems.append(f"finish_reason {choices[0].get('finish_reason')!r}")
    return problems


def check_stream(reply: Reply, mode: str, canned_bytes: bytes) -> list[str]:
    """Problems with a streamed reply: 'bytes' = byte for byte; 'shape' = same content deltas and event count."""
    if reply.status != 200:
        return [f"status {reply.status}: {reply.body[:200]!r}"]
    problems = []
    ctype = reply.headers.get("content-type", "")
    if not ctype.startswith("text/event-stream"):
        problems.append(f"content-type {ctype!r}")
    if mode == "bytes":
        if reply.body != canned_bytes:
            problems.append(f"stream differs from the canned one ({len(reply.body)} vs {len(canned_bytes)} bytes)")
        return problems
    want_content, want_events = parse_sse(canned_bytes)
    try:
        content, events = parse_sse(reply.body)
    except ValueError as e:
        return problems + [f"stream is not SSE of JSON: {e}"]
    if content != want_content:
        problems.append(f"streamed content {content!r} != {want_content!r}")
    if events != want_events:
        problems.append(f"{events} events != {want_events}")
    if not re.search(rb"data:\s*\[DONE\]", reply.body):
        problems.append("no [DONE] event")
    return problems
