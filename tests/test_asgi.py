"""townsquare/asgi.py: the application uvicorn serves sends pages to Django's WSGI handler on its thread
pool and the live paths to Django's ASGI handler; both answer through the one entry point."""

import asyncio

import httpx


def test_pages_and_live_paths_are_both_served(transactional_db):
    from townsquare import asgi

    async def fetch():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi.application),
                                     base_url="http://testserver") as client:
            return await client.get("/login/"), await client.get("/live/healthz"), await client.get("/no-such-page/")

    login, live, missing = asyncio.run(fetch())
    assert login.status_code == 200 and 'name="csrfmiddlewaretoken"' in login.text
    assert live.status_code == 200 and live.json()["ok"] is True
    assert missing.status_code == 404

