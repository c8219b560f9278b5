"""The application uvicorn serves (`townsquare.asgi:application`).

Pages are ordinary synchronous Django views. Django's own ASGI handler would start a thread for each
such request and hop between the event loop and threads around the middleware; on a small machine
that costs more than a simple page (docs/PERFORMANCE.md: /healthz answered 505 req/s that way, 1,206
req/s this way). So page reads (GET and HEAD) go to Django's WSGI handler on a fixed pool of
WEB_THREADS threads (a2wsgi), whose database connections come from the pool configured in settings.

Everything that could hold a thread while a client takes its time goes to Django's ASGI handler,
which waits on the event loop instead:
- the live event streams (async views that stay open for minutes);
- requests with a body (POST, PUT, PATCH, DELETE): the ASGI handler reads the whole body before the
  view runs, so a client that trickles its body in, or sends it chunked, ties up no page thread;
- file downloads (attachments, avatars), which a slow reader may take minutes to fetch.

Both handlers wrap the same project: URLs, middleware, sessions and CSRF behave the same either way.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")

from a2wsgi import WSGIMiddleware  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

ASYNC_PREFIXES = ("/live/", "/attachments/")  # townsquare/live/urls.py; conversations' attachment downloads
THREADED_METHODS = {"GET", "HEAD"}

_async_app = get_asgi_application()
_threaded_app = WSGIMiddleware(get_wsgi_application(), workers=settings.WEB_THREADS)


def runs_on_a_thread(scope) -> bool:
    if scope["type"] != "http" or scope["method"] not in THREADED_METHODS:
        return False
    # Behind a path prefix (uvicorn --root-path), scope["path"] includes it.
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    if path.startswith(ASYNC_PREFIXES):
        return False
    return not (path.startswith("/people/") and path.endswith("/avatar/"))


async def application(scope, receive, send):
    if runs_on_a_thread(scope):
        return await _threaded_app(scope, receive, send)
    return await _async_app(scope, receive, send)
