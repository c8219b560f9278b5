"""townsquare/asgi.py: the application uvicorn serves sends page reads, and writes whose small body it has read
whole, to Django's WSGI handler on its thread pool, and the live streams, big or chunked bodies and file
downloads to Django's ASGI handler; both answer through the one entry point."""

import asyncio
import re

import httpx
import pytest

from tests.conftest import eventually
from townsquare.asgi import runs_on_a_thread


def scope(method: str, path: str, root_path: str = "") -> dict:
    return {"type": "http", "method": method, "path": root_path + path, "root_path": root_path}


async def ignore(message):
    """An ASGI `send` that drops what it is given."""


@pytest.mark.parametrize("method, path, threaded", [
    ("GET", "/", True),
    ("HEAD", "/company/", True),
    ("GET", "/api/v1/posts", True),
    ("GET", "/people/alice/", True),
    ("POST", "/posts/", False),             # a body: read on the event loop first
    ("DELETE", "/api/v1/posts/1", False),
    ("GET", "/live/events/", False),        # a stream that stays open
    ("GET", "/attachments/7/", False),      # downloads a slow reader may take minutes over
    ("GET", "/people/alice/avatar/", False),
])
def test_which_requests_run_on_the_thread_pool(method, path, threaded):
    assert runs_on_a_thread(scope(method, path)) is threaded
    assert runs_on_a_thread(scope(method, path, root_path="/townsquare")) is threaded


def body_scope(method: str, path: str, length: str | None) -> dict:
    headers = [(b"content-type", b"application/json")] + ([(b"content-length", length.encode())] if length else [])
    return {**scope(method, path), "headers": headers}


@pytest.mark.parametrize("method, path, length, buffered", [
    ("POST", "/api/v1/posts", "120", True),         # a post: read whole on the event loop, then a page thread
    ("PUT", "/api/v1/posts/3/reactions/like", "0", True),
    ("POST", "/posts/", str(256 * 1024), True),
    ("POST", "/posts/", str(256 * 1024 + 1), False),  # a file upload: Django's ASGI handler spools it
    ("POST", "/posts/", None, False),               # chunked: no length to read up to
    ("POST", "/posts/", "twelve", False),
    ("POST", "/live/events/", "10", False),
    ("GET", "/", None, False),                      # a page read is threaded anyway
])
def test_which_writes_have_their_body_read_first(method, path, length, buffered):
    from townsquare.asgi import buffers_its_body

    assert buffers_its_body(body_scope(method, path, length)) is buffered


def test_a_body_in_several_messages_reaches_the_view_whole(transactional_db):
    """The body comes in three messages with more_body; the threaded view sees all of it (the form's two
    fields are read back into the page)."""
    from townsquare import asgi

    async def fetch():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi.application),
                                     base_url="http://testserver") as client:
            login = await client.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        body = f"csrfmiddlewaretoken={token}&username=nobody%40example.test&password=wrong".encode()
        parts = [body[:10], body[10:40], body[40:]]
        messages = [{"type": "http.request", "body": part, "more_body": i < 2} for i, part in enumerate(parts)]
        sent = []

        async def receive():
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)

        cookie = "; ".join(f"{k}={v}" for k, v in login.cookies.items())
        request = {"type": "http", "http_version": "1.1", "method": "POST", "path": "/login/", "raw_path": b"/login/",
                   "root_path": "", "scheme": "http", "query_string": b"", "server": ("testserver", 80),
                   "client": ("127.0.0.1", 5000),
                   "headers": [(b"host", b"testserver"), (b"content-type", b"application/x-www-form-urlencoded"),
                               (b"content-length", str(len(body)).encode()), (b"cookie", cookie.encode())]}
        assert asgi.buffers_its_body(request)
        await asgi.application(request, receive, send)
        return sent

    sent = asyncio.run(fetch())
    assert sent[0]["status"] == 200
    page = b"".join(m.get("body", b"") for m in sent[1:]).decode()
    assert "do not match an active account" in page and 'value="nobody@example.test"' in page


def test_pages_live_paths_and_chunked_bodies_are_served(transactional_db):
    from townsquare import asgi

    async def fetch():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi.application),
                                     base_url="http://testserver") as client:
            login = await client.get("/login/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)

            async def chunked():  # no Content-Length: sent in chunks
                yield f"csrfmiddlewaretoken={token}&".encode()
                yield b"username=nobody%40example.test&password=wrong"

            wrong = await client.post("/login/", content=chunked(),
                                      headers={"Content-Type": "application/x-www-form-urlencoded"})
            return login, wrong, await client.get("/live/healthz"), await client.get("/no-such-page/")

    login, wrong, live, missing = asyncio.run(fetch())
    assert login.status_code == 200
    # The form saw both fields (an empty body would ask for them) and refused the password.
    assert wrong.status_code == 200
    assert "do not match an active account" in wrong.text and 'value="nobody@example.test"' in wrong.text
    assert live.status_code == 200 and live.json()["ok"] is True
    assert missing.status_code == 404


# --- live stream openings: a reconnect storm queues instead of taking every pooled connection ---

def test_live_stream_openings_are_limited_but_an_open_stream_holds_no_turn():
    from townsquare.asgi import OpeningLimit

    limit = OpeningLimit(2)
    opening = peak = started = 0
    gate = asyncio.Event()      # lets the openings finish
    forever = asyncio.Event()   # never set: a stream that stays open after its headers

    async def stream_app(scope, receive, send):
        nonlocal opening, peak, started
        opening += 1
        peak = max(peak, opening)
        await gate.wait()
        opening -= 1
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
        started += 1
        await forever.wait()

    arrived = 0

    async def arrive():
        nonlocal arrived
        arrived += 1  # then straight into the limit: a free turn is taken without yielding to the loop
        await limit(stream_app, scope("GET", "/live/events/"), None, ignore)

    async def storm():
        tasks = [asyncio.create_task(arrive()) for _ in range(6)]
        await eventually(lambda: arrived == 6)  # all six have asked for a turn
        waiting = opening
        gate.set()
        await eventually(lambda: started == 6, timeout=5)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return waiting

    assert asyncio.run(storm()) == 2   # two opening, four waiting their turn
    assert peak == 2
    assert started == 6                # all six open at once: a stream gives its turn up with its headers


def test_a_live_opening_that_fails_gives_its_turn_back():
    from townsquare.asgi import OpeningLimit

    limit = OpeningLimit(1)

    async def broken(scope, receive, send):
        raise RuntimeError("the database is down")

    async def answers(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def twice():
        with pytest.raises(RuntimeError):
            await limit(broken, scope("GET", "/live/events/"), None, ignore)
        await asyncio.wait_for(limit(answers, scope("GET", "/live/events/"), None, ignore), timeout=5)

    asyncio.run(twice())


def test_an_answer_that_is_not_a_stream_keeps_its_turn_until_it_is_done():
    """A redirect to sign in (or a 400) still holds its database connection while its body goes out."""
    from townsquare.asgi import OpeningLimit

    limit = OpeningLimit(1)
    finish = asyncio.Event()
    order = []

    async def redirect(scope, receive, send):
        await send({"type": "http.response.start", "status": 302, "headers": [(b"location", b"/login/")]})
        order.append("redirect sent its start")
        await finish.wait()
        order.append("redirect done")

    async def answers(scope, receive, send):
        order.append("next one opened")
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})

    second_asked = asyncio.Event()

    async def ask_second():
        second_asked.set()
        await limit(answers, scope("GET", "/live/events/"), None, ignore)

    async def two():
        first = asyncio.create_task(limit(redirect, scope("GET", "/live/events/"), None, ignore))
        second = asyncio.create_task(ask_second())
        await eventually(lambda: order == ["redirect sent its start"] and second_asked.is_set())
        finish.set()
        await asyncio.wait_for(asyncio.gather(first, second), timeout=5)

    asyncio.run(two())
    assert order == ["redirect sent its start", "redirect done", "next one opened"]


@pytest.mark.parametrize("path, root_path, limited", [
    ("/live/events/", "", True),
    ("/live/events/", "/townsquare", True),
    ("/live/healthz", "", False),
    ("/", "", False),
])
def test_which_requests_count_as_live_stream_openings(path, root_path, limited):
    from townsquare.asgi import opens_a_live_stream

    assert opens_a_live_stream(scope("GET", path, root_path)) is limited


@pytest.mark.parametrize("value", ["0", "-2"])
def test_a_live_opening_limit_below_one_is_refused_at_start(value, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "LIVE_OPENING_MAX": value, "TOWNSQUARE_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "townsquare.settings"}
    run = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True)
    assert run.returncode != 0
    assert f"LIVE_OPENING_MAX must be 1 or more (0 would let no live stream open), not {value}" in run.stderr
