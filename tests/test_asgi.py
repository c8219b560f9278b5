"""townsquare/asgi.py: the application uvicorn serves sends page reads to Django's WSGI handler on its
thread pool, and the live streams, requests with a body and file downloads to Django's ASGI handler;
both answer through the one entry point."""

import asyncio
import re

import httpx
import pytest

from townsquare.asgi import runs_on_a_thread


def scope(method: str, path: str, root_path: str = "") -> dict:
    return {"type": "http", "method": method, "path": root_path + path, "root_path": root_path}


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
