"""The live stream: server-sent events from an async view (served by uvicorn, see docs/OPERATIONS.md).

GET /live/events/?feed=home|company|group&group=<slug>&post=<id>&since=<ISO time>

The first event is always `state` (the catch-up, see viewer.py); then `post`, `reply`, `reaction` and
`unread` as writes commit, and a comment line every HEARTBEAT_S so proxies keep the stream open.
The browser's EventSource reconnects by itself after a drop and gets a fresh `state`.

A stream holds no database connection while it waits: its reads run in a small thread pool
(settings.LIVE_DB_THREADS) that opens and releases connections like any request, and the connection the request
itself used for sign-in is closed before streaming starts.
"""

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections, connections
from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from townsquare.live import viewer as viewers
from townsquare.live.broker import RESYNC, get_broker
from townsquare.live.ends import ends_stream

log = logging.getLogger(__name__)

HEARTBEAT_S = 20.0
IDLE_REFRESH_S = 300.0  # an idle stream re-reads its memberships and follows this often
PERSON_CHECK_S = 5.0  # and its person this often: deactivated or a new password ends the stream
RETRY_MS = 3000  # how soon a browser reconnects after a drop
WSGI_RETRY_MS = 15000  # under a WSGI server the stream ends at once: the browser polls at this pace
CLOSE_DB_AFTER_EACH_READ = False  # tests set this, so no connection outlives a test database

_db_pool = ThreadPoolExecutor(max_workers=settings.LIVE_DB_THREADS, thread_name_prefix="live-db")


def _released(fn, *args):
    close_old_connections()
    try:
        return fn(*args)
    finally:
        if CLOSE_DB_AFTER_EACH_READ:
            connections.close_all()
        else:
            close_old_connections()


async def db(fn, *args):
    """Run a sync database read for a stream in the live pool (never on the request's own thread)."""
    return await sync_to_async(_released, thread_sensitive=False, executor=_db_pool)(fn, *args)


def _release_request_connection() -> None:
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


def sse(name: str, data: dict, event_id: str | None = None) -> bytes:
    lines = f"event: {name}\n"
    if event_id:
        lines += f"id: {event_id}\n"
    return (lines + f"data: {json.dumps(data, separators=(',', ':'))}\n\n").encode()


def _parse(request):
    """(feed, group slug, post id, since) or an error message for a 400."""
    feed = request.GET.get("feed", "")
    if feed and feed not in viewers.FEEDS:
        return f"“{feed}” is not a feed we stream; use home, company or group."
    group = request.GET.get("group", "")
    if feed == "group" and not group:
        return "A group feed needs ?group=<the group's slug>."
    post_id = None
    if request.GET.get("post"):
        if not request.GET["post"].isdigit() or len(request.GET["post"]) > 18:
            return "post must be a post's number."
        post_id = int(request.GET["post"])
    since = None
    if request.GET.get("since"):
        try:
            since = datetime.fromisoformat(request.GET["since"].replace(" ", "+"))
        except ValueError:
            return "since must be a time such as 2026-05-01T09:30:00+00:00."
        if timezone.is_naive(since):
            since = timezone.make_aware(since, timezone.utc)
    return feed, group, post_id, since


async def stream(viewer: viewers.Viewer, *, heartbeat_s: float | None = None):
    """The event stream of one page; ends when the person is deactivated or the client goes away."""
    heartbeat_s = HEARTBEAT_S if heartbeat_s is None else heartbeat_s
    broker = get_broker()
    sub = broker.subscribe()  # before the catch-up, so nothing committed in between is missed
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        yield sse("state", await db(viewer.catch_up))
        quiet_since = time.monotonic()
        while True:
            try:
                async with asyncio.timeout(min(heartbeat_s, PERSON_CHECK_S)):  # no extra task per wait
                    event = await sub.get()
            except TimeoutError:
                event = None
            if ends_stream(viewer, event):  # deactivated: end now, not at the next person check
                return
            if viewer.stale(IDLE_REFRESH_S):
                await db(viewer.load)
            elif time.monotonic() - viewer.checked_at >= PERSON_CHECK_S:
                await db(viewer.check_person)
            if not viewer.active:  # deactivated, or signed out everywhere by a password change
                return
            if event is None:
                if time.monotonic() - quiet_since >= heartbeat_s:
                    quiet_since = time.monotonic()
                    yield b": keep-alive\n\n"
                continue
            quiet_since = time.monotonic()
            if event is RESYNC or event.get("type") == "resync" or sub.overflowed:
                sub.overflowed = False
                yield sse("state", await db(viewer.catch_up))
                continue
            if viewer.stale() and viewer.needs_current(event):
                await db(viewer.load)
            if not viewer.active:
                return
            if not viewer.wants(event):
                continue
            verdict = viewer.may_read(event)
            if verdict == "confirm":
                verdict = "yes" if await db(viewer.still_member, event["group"]) else "no"
            if verdict == "yes":
                yield _encoded(viewer, event)
    finally:
        broker.unsubscribe(sub)


def _encoded(viewer: viewers.Viewer, event: dict) -> bytes:
    if not viewer.shared_payload(event):
        return sse(*viewer.render(event))
    if "_sse" not in event:  # the same bytes for every stream of this process
        event["_sse"] = sse(*viewer.render(event))
    return event["_sse"]


def _polling_stream(viewer: viewers.Viewer):
    """Under a WSGI server (runserver, waitress) a stream would hold a worker thread for ever: send the
    catch-up and end; the browser comes back after WSGI_RETRY_MS and gets a fresh one."""
    yield f"retry: {WSGI_RETRY_MS}\n\n".encode()
    yield sse("state", viewer.catch_up())


def _headers(response):
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


@login_required
@require_GET
async def events(request):
    parsed = _parse(request)
    if isinstance(parsed, str):
        return HttpResponseBadRequest(parsed, content_type="text/plain; charset=utf-8")
    feed, group_slug, post_id, since = parsed
    person = await request.auser()
    viewer = await sync_to_async(viewers.open_viewer)(person, feed=feed, group_slug=group_slug, post_id=post_id,
                                                       since=since)
    if not isinstance(request, ASGIRequest):
        return _headers(StreamingHttpResponse(_polling_stream(viewer), content_type="text/event-stream"))
    await sync_to_async(_release_request_connection)()
    return _headers(StreamingHttpResponse(stream(viewer), content_type="text/event-stream"))


@require_GET
def health(request):
    """For load balancers and monitoring: is this process's live broker working (Redis reachable)?"""
    state = get_broker().health()
    return JsonResponse(state, status=200 if state["ok"] else 503)
