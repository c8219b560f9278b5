"""The application uvicorn serves (`townsquare.asgi:application`).

Pages are ordinary synchronous Django views. Django's own ASGI handler would start a thread for each
such request and hop between the event loop and threads around the middleware; on a small machine
that costs more than a simple page (docs/PERFORMANCE.md: /healthz answered 505 req/s that way, 1,206
req/s this way). So page reads (GET and HEAD) go to Django's WSGI handler on a fixed pool of
WEB_THREADS threads (a2wsgi), whose database connections come from the pool configured in settings.

Writes (POST, PUT, PATCH, DELETE) with a body of at most BUFFERED_BODY_MAX bytes go to the same threads,
once their whole body has arrived: it is read here, on the event loop, so a client that trickles its body
in ties up no page thread. Before, every write went through Django's ASGI handler, which starts a thread
per request and opened a database connection for each: most of the cost of a small write.

Everything else that could hold a thread while a client takes its time goes to Django's ASGI handler,
which waits on the event loop instead:
- the live event streams (async views that stay open for minutes);
- bigger or chunked bodies (file uploads), which the ASGI handler spools to disk before the view runs;
- file downloads (attachments, avatars), which a slow reader may take minutes to fetch.

Both handlers wrap the same project: URLs, middleware, sessions and CSRF behave the same either way.

Opening a live stream reads the database (the sign-in, the viewer's memberships) on a thread of its
own. After a deploy or a network blip, every browser reconnects at once; unchecked, those openings
would take every pooled connection and pages would wait for one. So at most LIVE_OPENING_MAX streams
per process are opening at a time; the others wait their turn on the event loop, holding nothing.
A stream gives up its turn as soon as its headers go out, which is after its opening reads.
"""

import asyncio
import os
import weakref

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")

from a2wsgi import WSGIMiddleware  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from townsquare.core.sqlite_backend import keep_connection_in_this_thread  # noqa: E402

ASYNC_PREFIXES = ("/live/", "/attachments/")  # townsquare/live/urls.py; conversations' attachment downloads
LIVE_STREAM_PATH = "/live/events/"
THREADED_METHODS = {"GET", "HEAD"}
BUFFERED_BODY_MAX = 256 * 1024  # a post, a reply, a form: far more than any text the product takes
_async_app = get_asgi_application()
_django_wsgi = get_wsgi_application()


def _on_a_page_thread(environ, start_response):
    keep_connection_in_this_thread()  # these threads live as long as the process
    return _django_wsgi(environ, start_response)


_threaded_app = WSGIMiddleware(_on_a_page_thread, workers=settings.WEB_THREADS)


def _path(scope) -> str:
    # Behind a path prefix (uvicorn --root-path), scope["path"] includes it.
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    return path


def runs_on_a_thread(scope) -> bool:
    if scope["type"] != "http" or scope["method"] not in THREADED_METHODS:
        return False
    path = _path(scope)
    if path.startswith(ASYNC_PREFIXES):
        return False
    return not (path.startswith("/people/") and path.endswith("/avatar/"))


def _body_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def buffers_its_body(scope) -> bool:
    """A write small enough to read whole on the event loop, then run on a page thread."""
    if scope["type"] != "http" or scope["method"] in THREADED_METHODS or _path(scope).startswith(ASYNC_PREFIXES):
        return False
    length = _body_length(scope)
    return length is not None and 0 <= length <= BUFFERED_BODY_MAX


async def _buffered(scope, receive, send):
    """Read the whole body here, then hand the request to a page thread with the body already in hand."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return  # the client went away before it sent its body: nothing to run
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body, replayed = b"".join(chunks), False

    async def receive_again():
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the disconnect, when it comes

    return await _threaded_app(scope, receive_again, send)


def opens_a_live_stream(scope) -> bool:
    return scope["type"] == "http" and _path(scope) == LIVE_STREAM_PATH


def _is_event_stream(start_message) -> bool:
    return any(name.lower() == b"content-type" and value.startswith(b"text/event-stream")
               for name, value in start_message.get("headers", ()))


class OpeningLimit:
    """Lets at most `limit` requests through `app` at once: each holds its turn until it has sent the
    start of an event stream, or has finished."""

    def __init__(self, limit: int):
        self.limit = limit
        # One semaphore per event loop: a semaphore belongs to the loop it first waits on.
        self._semaphores: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if (semaphore := self._semaphores.get(loop)) is None:
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.limit)
        return semaphore

    async def __call__(self, app, scope, receive, send):
        semaphore = self._semaphore()
        await semaphore.acquire()
        held = True

        def release():
            nonlocal held
            if held:
                held = False
                semaphore.release()

        async def send_and_release(message):
            # A stream's opening reads are done once its headers go out. Any other answer (a redirect
            # to sign in, a 400, a 404) keeps its turn until it returns and its connection is back.
            if message["type"] == "http.response.start" and _is_event_stream(message):
                release()
            await send(message)

        try:
            await app(scope, receive, send_and_release)
        finally:
            release()


live_openings = OpeningLimit(settings.LIVE_OPENING_MAX)


async def application(scope, receive, send):
    if runs_on_a_thread(scope):
        return await _threaded_app(scope, receive, send)
    if buffers_its_body(scope):
        return await _buffered(scope, receive, send)
    if opens_a_live_stream(scope):
        return await live_openings(_async_app, scope, receive, send)
    return await _async_app(scope, receive, send)
