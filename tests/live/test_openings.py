"""Real live streams through the application uvicorn serves, with one opening allowed at a time: each
stream still opens, because a stream gives up its turn once its headers are out (townsquare/asgi.py)."""

import asyncio

import pytest
from django.conf import settings
from django.test import Client

from townsquare import asgi

pytestmark = pytest.mark.django_db(transaction=True)


async def first_event(session: str, events: list, all_in: asyncio.Event) -> None:
    """Opens /live/events/ as a browser would, keeps the stream's first event, and stays connected
    until every stream of the test has had its own."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/live/events/", "raw_path": b"/live/events/", "root_path": "", "query_string": b"feed=company",
             "headers": [(b"host", b"testserver"), (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    request_sent = False
    disconnect = asyncio.Event()

    async def receive():
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await disconnect.wait()
        return {"type": "http.disconnect"}

    chunks = asyncio.Queue()

    async def send(message):
        if message["type"] == "http.response.start":
            assert message["status"] == 200
        elif message["type"] == "http.response.body" and message.get("body"):
            chunks.put_nowait(message["body"])

    task = asyncio.create_task(asgi.application(scope, receive, send))
    try:
        while True:
            chunk = await asyncio.wait_for(chunks.get(), timeout=20)
            if chunk.startswith(b"event: "):
                events.append(chunk)
                break
        if len(events) == 3:
            all_in.set()
        await asyncio.wait_for(all_in.wait(), timeout=20)
    finally:
        disconnect.set()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


class CountingLimit(asgi.OpeningLimit):
    """The limit itself, counting how many requests are inside it and still opening."""

    def __init__(self, limit):
        super().__init__(limit)
        self.opening = self.peak = self.entered = 0

    async def __call__(self, app, scope, receive, send):
        async def counted(scope, receive, send):
            self.entered += 1
            self.opening += 1
            self.peak = max(self.peak, self.opening)
            done = False

            async def send_counted(message):
                nonlocal done
                if message["type"] == "http.response.start" and not done:
                    done = True
                    self.opening -= 1
                await send(message)

            try:
                await app(scope, receive, send_counted)
            finally:
                if not done:
                    self.opening -= 1

        await super().__call__(counted, scope, receive, send)


def test_streams_open_one_at_a_time_and_stay_open(world, monkeypatch):
    limit = CountingLimit(1)
    monkeypatch.setattr(asgi, "live_openings", limit)
    sessions = []
    for person in (world.alice, world.otto, world.gina):
        client = Client()
        client.force_login(person)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)

    async def together():
        events, all_in = [], asyncio.Event()
        await asyncio.gather(*(first_event(session, events, all_in) for session in sessions))
        return events

    events = asyncio.run(together())
    assert len(events) == 3   # all three open at the same time
    assert limit.entered == 3 and limit.peak == 1   # each went through the limit, one opening at a time
    assert all(event.startswith(b"event: state\n") for event in events)
