"""A loopback HTTP server that records every request (Apprise's json:// and ntfy://, and
web push endpoints), for the notify tests. Ports come from 14800-14899."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTS = range(14800, 14900)


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: bytes


@dataclass
class Recorder:
    requests: list[Request] = field(default_factory=list)
    status: int = 200  # what the server answers
    hold_at: int | None = None  # the n-th request waits for `release`, then fails (500)
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(recorder: Recorder):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with recorder.lock:
                recorder.seen += 1
                held = recorder.hold_at is not None and recorder.seen == recorder.hold_at
            if held:
                recorder.arrived.set()
                recorder.release.wait(timeout=60)
                self.send_response(500)
                self.end_headers()
                return
            if recorder.status < 300:
                with recorder.lock:
                    recorder.requests.append(
                        Request("POST", self.path, dict(self.headers.items()), body)
                    )
            self.send_response(recorder.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        do_PUT = do_POST

        def log_message(self, *args):
            pass

    return Handler


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 14800-14899")


class Receiver:
    def __init__(self, recorder: Recorder | None = None):
        self.recorder = recorder or Recorder()
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), _handler(self.recorder))
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.recorder.release.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def requests(self) -> list[Request]:
        return self.recorder.requests
