"""A web server killed with `kill -9` in the middle of a burst of writes loses no acknowledged write and doubles
none, and every side effect of what was committed still happens once: a real uvicorn process on a SQLite file,
eight clients posting through the API at once, the kill, a restart, a real `townsquare run_huey` worker, and a
real HTTP receiver for the webhooks. The check: each post the server answered 201 for is stored exactly once,
and each stored post reached the webhook receiver under exactly one delivery id."""

import json
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.conftest import wait_until
from tests.crash.processes import free_port, stop

BIN = Path(sys.executable).parent
CLIENTS = 8
ACKNOWLEDGED_BEFORE_KILL = 40

SETUP = """
import django; django.setup()
from townsquare.api import services as api
from townsquare.delivery import services
from townsquare.people.models import Person
admin = Person.objects.create_user("olga@example.test", "pw", name="Olga Admin", handle="olga", is_staff=True)
services.webhook_create(admin=admin, name="Receiver", url="{url}/hook", groups=[], company_wide=True)
print(api.token_create(person=admin, name="burst", scope="write")[1])
"""

REPORT = """
import json, django; django.setup()
from townsquare.conversations.models import Post
from townsquare.core.models import OutboxItem
print(json.dumps({"bodies": list(Post.objects.values_list("body", flat=True)),
                  "pending": OutboxItem.objects.filter(done_at__isnull=True).count()}))
"""


class Receiver(ThreadingHTTPServer):
    def __init__(self):
        self.deliveries: list[tuple[str, dict]] = []
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.deliveries.append((self.headers["X-Townsquare-Delivery"], body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass






@pytest.fixture
def receiver():
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def test_a_server_killed_mid_burst_keeps_every_acknowledged_write_once(tmp_path, receiver):
    env = {**os.environ, "TOWNSQUARE_DATA_DIR": str(tmp_path), "OUTBOX_LEASE_SECONDS": "2",
           "WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "TOWNSQUARE_API_RATE_PER_TOKEN": "100000"}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)

    def python(code):
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                              check=True).stdout.strip().splitlines()[-1]

    def report():
        return json.loads(python(REPORT))

    subprocess.run([BIN / "townsquare", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    token = python(SETUP.format(url=f"http://127.0.0.1:{receiver.server_address[1]}"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def server():
        return subprocess.Popen([sys.executable, "-m", "uvicorn", "townsquare.asgi:application", "--port", str(port),
                                 "--lifespan", "off", "--log-level", "critical"], env={**env, "DJANGO_SETTINGS_MODULE":
                                 "townsquare.settings"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def healthy():
        try:
            return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    acknowledged: list[str] = []
    lock = threading.Lock()
    halt = threading.Event()

    def client(n: int):
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
            i = 0
            while not halt.is_set():
                body = f"burst {n}-{i}"
                i += 1
                try:
                    answer = http.post("/api/v1/posts", json={"body": body})
                except httpx.HTTPError:
                    continue  # the server is gone (or not back yet): this write was never acknowledged
                if answer.status_code == 201:
                    with lock:
                        acknowledged.append(body)

    first = server()
    clients = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    try:
        assert wait_until(healthy, timeout=90), "the server did not start"
        for c in clients:
            c.start()
        assert wait_until(lambda: len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL, timeout=90), "the burst never got going"
        first.send_signal(signal.SIGKILL)  # in the middle of the burst: writes in flight on every client
        first.wait(30)
        halt.set()
        for c in clients:
            c.join(60)
    finally:
        halt.set()
        if first.poll() is None:
            first.kill()

    second = server()
    worker = subprocess.Popen([BIN / "townsquare", "run_huey", "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(healthy, timeout=90), "the server did not come back"
        assert wait_until(lambda: report()["pending"] == 0, timeout=180), "side effects were left undone"
        stored = report()["bodies"]
        assert wait_until(lambda: len({d for d, _ in receiver.deliveries}) >= len(stored), timeout=60)
    finally:
        for process in (worker, second):
            stop(process)

    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL
    assert len(stored) == len(set(stored)), "a write was stored twice"
    missing = set(acknowledged) - set(stored)
    assert not missing, f"acknowledged but lost: {sorted(missing)[:5]}"
    delivered: dict[str, set[str]] = {}
    for delivery_id, event in receiver.deliveries:
        delivered.setdefault(event["data"]["body"], set()).add(delivery_id)
    assert set(delivered) == set(stored), "a committed post's webhook never went out, or one went out for nothing"
    assert all(len(ids) == 1 for ids in delivered.values()), "a post's webhook went out as two events"
