"""Real parts for delivery tests: an SMTP server (aiosmtpd, the coach's fixture), small local HTTP servers
standing in for a push service and a webhook receiver, and Huey in immediate mode (tasks run in the test,
nothing lands in the shared queue file)."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from huey.contrib.djhuey import HUEY

from tests.coach.conftest import Inbox, smtp_server  # noqa: F401  (the same real SMTP server)

__all__ = ["Inbox", "smtp_server"]


@pytest.fixture
def huey_immediate():
    """Run Huey tasks synchronously, in memory; scheduled tasks (webhook retries) wait in HUEY's schedule."""
    before = HUEY.immediate
    HUEY.immediate = True
    try:
        yield HUEY
    finally:
        HUEY.flush()
        HUEY.immediate = before


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class LocalServer:
    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answers to give, in order; then 201


@pytest.fixture
def http_server():
    """start(statuses=[...]) → a LocalServer on 127.0.0.1 that records every POST and answers with the given
    statuses in turn (then 201)."""
    servers = []

    def start(statuses=()):
        state = LocalServer(url="")
        state.statuses = list(statuses)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's hook name)
                length = int(self.headers.get("Content-Length") or 0)
                state.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()},
                                               self.rfile.read(length)))
                status = state.statuses.pop(0) if state.statuses else 201
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        state.url = f"http://127.0.0.1:{server.server_address[1]}"
        return state

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
