"""The application uvicorn serves (`townsquare.asgi:application`).

Pages and the API are ordinary synchronous Django views. Django's own ASGI handler would start a thread
for each such request and hop between the event loop and threads around the middleware; on a small
machine that costs more than a simple page (docs/PERFORMANCE.md: /healthz answered 505 req/s that way,
1,206 req/s this way). So those requests go to Django's WSGI handler on a fixed pool of WEB_THREADS
threads (a2wsgi), whose database connections come from the pool configured in settings. Only the live
event streams, async views that stay open for minutes, go to Django's ASGI handler.

Both handlers wrap the same project: URLs, middleware, sessions and CSRF behave the same either way.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")

from a2wsgi import WSGIMiddleware  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

ASYNC_PREFIXES = ("/live/",)  # townsquare/live/urls.py: the event stream and its health check

_async_app = get_asgi_application()
_threaded_app = WSGIMiddleware(get_wsgi_application(), workers=settings.WEB_THREADS)


async def application(scope, receive, send):
    if scope["type"] == "http" and not scope["path"].startswith(ASYNC_PREFIXES):
        return await _threaded_app(scope, receive, send)
    return await _async_app(scope, receive, send)
