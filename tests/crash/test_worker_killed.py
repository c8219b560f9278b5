"""A worker killed with `kill -9` in the middle of a webhook delivery loses nothing and doubles nothing: a
real `townsquare run_huey` process on a SQLite file, a real HTTP receiver on loopback that holds the first
request open, the kill, a restart, and then the check — one delivery id, one successful attempt, and the
killed attempt in the log."""

import json
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import wait_until
from tests.crash.processes import free_port, stop

BIN = Path(sys.executable).parent

SETUP = """
import django; django.setup()
from townsquare.people.models import Person
from townsquare.conversations import services as conv
from townsquare.delivery import services
admin = Person.objects.create_user("olga@example.test", "pw", name="Olga Admin", handle="olga", is_staff=True)
services.webhook_create(admin=admin, name="Receiver", url="{url}/hook", groups=[], company_wide=True)
conv.post_create(author=admin, body="Company news: the crash drill")
"""

REPORT = """
import json, django; django.setup()
from townsquare.delivery.models import WebhookAttempt
from townsquare.core.models import OutboxItem
print(json.dumps({
    "attempts": list(WebhookAttempt.objects.order_by("attempt").values_list("attempt", "ok", "status_code")),
    "pending": OutboxItem.objects.filter(done_at__isnull=True).count(),
}))
"""


class Receiver(ThreadingHTTPServer):
    def __init__(self):
        self.requests = []
        self.release = threading.Event()
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((self.headers["X-Townsquare-Delivery"], body))
        if len(self.server.requests) == 1:
            self.server.release.wait(60)  # the first one hangs: the worker is killed while it waits
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass




@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()


def test_a_worker_killed_mid_delivery_delivers_once_after_restart(tmp_path, receiver):
    env = {**os.environ, "TOWNSQUARE_DATA_DIR": str(tmp_path), "OUTBOX_LEASE_SECONDS": "2",
           "WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "PUSH_ALLOWED_HOSTS": "127.0.0.1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    url = f"http://127.0.0.1:{receiver.server_address[1]}"

    def python(code):
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                              check=True).stdout

    subprocess.run([BIN / "townsquare", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    python(SETUP.format(url=url))

    def worker():
        return subprocess.Popen([BIN / "townsquare", "run_huey", "--workers", "1"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    first = worker()
    try:
        assert wait_until(lambda: len(receiver.requests) == 1, timeout=60), "the worker never sent the webhook"
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    report = json.loads(python(REPORT).strip().splitlines()[-1])
    assert report["attempts"] == [[1, False, None]]  # the killed attempt is in the log
    assert report["pending"] >= 1

    second = worker()
    try:
        assert wait_until(lambda: len(receiver.requests) == 2, timeout=60), "the restarted worker never retried"
        assert wait_until(lambda: json.loads(python(REPORT).strip().splitlines()[-1])["pending"] == 0, timeout=60)
    finally:
        stop(second)
    report = json.loads(python(REPORT).strip().splitlines()[-1])
    assert report["attempts"] == [[1, False, None], [2, True, 200]]
    ids = {delivery_id for delivery_id, _ in receiver.requests}
    bodies = {body for _, body in receiver.requests}
    assert len(receiver.requests) == 2 and len(ids) == 1 and len(bodies) == 1  # the same event, never a new one
    assert json.loads(bodies.pop())["data"]["body"] == "Company news: the crash drill"


# --- the same for an email, to a real SMTP server (aiosmtpd) ---------------------------------------------

EMAIL_SETUP = """
import django; django.setup()
from townsquare.people.models import Person
from townsquare.conversations import services as conv
alice = Person.objects.create_user("alice@example.test", "pw", name="Alice", handle="alice")
Person.objects.create_user("bob@example.test", "pw", name="Bob", handle="bob")
conv.post_create(author=alice, body="@bob the crash drill starts at ten")
"""

EMAIL_REPORT = """
import json, django; django.setup()
from townsquare.delivery.models import NotificationDelivery
from townsquare.core.models import OutboxItem
print(json.dumps({
    "deliveries": list(NotificationDelivery.objects.filter(channel="email").values_list("in_flight", flat=True)),
    "pending": OutboxItem.objects.filter(done_at__isnull=True).count(),
}))
"""


class HangingInbox:
    """Accepts mail, except that it holds the first message's DATA open until released, then refuses it."""

    def __init__(self):
        import asyncio

        self.attempts: list[str] = []  # the Message-ID of every message a worker tried to hand over
        self.accepted: list[str] = []
        self.release = asyncio.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        import email
        import email.policy

        message_id = email.message_from_bytes(envelope.content, policy=email.policy.default)["Message-ID"]
        self.attempts.append(message_id)
        if len(self.attempts) == 1:
            await self.release.wait()  # the worker is killed while it waits for our answer
            return "451 Try again later"
        self.accepted.append(message_id)
        return "250 Message accepted for delivery"


def test_a_worker_killed_mid_email_sends_it_once_after_restart(tmp_path):
    from aiosmtpd.controller import Controller

    inbox = HangingInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = {**os.environ, "TOWNSQUARE_DATA_DIR": str(tmp_path), "OUTBOX_LEASE_SECONDS": "2",
           "DELIVERY_CLAIM_LEASE_SECONDS": "3", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    for name in ("DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND"):
        env.pop(name, None)

    def python(code):
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                             check=True).stdout
        return json.loads(out.strip().splitlines()[-1]) if out.strip() else None

    def worker():
        return subprocess.Popen([BIN / "townsquare", "run_huey", "--workers", "1"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    try:
        subprocess.run([BIN / "townsquare", "migrate", "-v", "0"], env=env, check=True, timeout=300)
        python(EMAIL_SETUP)
        first = worker()
        try:
            assert wait_until(lambda: len(inbox.attempts) == 1, timeout=60), "the worker never sent the email"
            first.send_signal(signal.SIGKILL)
            first.wait(30)
        finally:
            if first.poll() is None:
                first.kill()
        controller.loop.call_soon_threadsafe(inbox.release.set)
        assert python(EMAIL_REPORT)["deliveries"] == [True]  # claimed, in flight, its worker gone

        second = worker()
        try:
            assert wait_until(lambda: len(inbox.accepted) == 1, timeout=60), "the restarted worker never sent the email again"
            assert wait_until(lambda: python(EMAIL_REPORT)["pending"] == 0, timeout=60)
        finally:
            stop(second)
        report = python(EMAIL_REPORT)
        assert report["deliveries"] == [False]  # sent, once
        assert len(inbox.accepted) == 1 and inbox.accepted == inbox.attempts[:1]  # the same message, same id
    finally:
        controller.stop()
