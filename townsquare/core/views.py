import hashlib
import json

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from townsquare.core.errors import NO_SUCH_ADDRESS, is_api, json_error


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# The site's error pages; under /api/ the same answers in the API's JSON error shape (core/errors.py).

def not_found(request, exception=None):
    if is_api(request):
        return json_error(404, NO_SUCH_ADDRESS)
    return render(request, "404.html", status=404)


def server_error(request):
    if is_api(request):
        return json_error(500)
    return render(request, "500.html", status=500)


def forbidden(request, exception=None):
    if is_api(request):
        return json_error(403)
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    if is_api(request):
        return json_error(400)
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a session write without its token. The API tells the client what to send."""
    if is_api(request):
        return json_error(403, "The CSRF check failed. Send the csrftoken cookie's value in the X-CSRFToken "
                               "header, or use a personal access token.", code="csrf_failed")
    return render(request, "403.html", status=403)


# --- installable app (PWA): manifest, service worker, offline page ------------------------------------

THEME_COLOR = "#2456c7"  # --brand in static/css/townsquare.css
BACKGROUND_COLOR = "#f5f6f8"  # --bg
# Files the service worker caches on install, so the offline page can be shown with no network.
PRECACHE_STATIC = ["css/townsquare.css", "vendor/htmx.min.js", "js/townsquare.js", "icons/icon-192.png",
                   "icons/favicon-32.png"]


def manifest(request):
    """The web app manifest: what a browser needs to offer "Install app" (name, start URL, icons)."""
    data = {
        "id": "/",
        "name": "Townsquare",
        "short_name": "Townsquare",
        "description": "Your organisation's social network: work out loud, ask, answer and recognise.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def service_worker(request):
    """/sw.js, served from the site root so its scope is the whole site. The cache name carries a hash
    of the script itself (which lists the static URLs), so any change installs a new cache and the
    activate step deletes the old ones."""
    body = render_to_string("pwa/sw.js", {  # JSON literals, so the script needs no escaping of our own URLs
        "offline_url": json.dumps(reverse("offline")),
        "static_url": json.dumps(settings.STATIC_URL),
        "precache": json.dumps([reverse("offline")] + [static(p) for p in PRECACHE_STATIC]),
    })
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    response = HttpResponse(body.replace("__VERSION__", version), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # browsers re-check the worker on every visit
    return response


def offline(request):
    """The page the service worker shows when a navigation fails for want of a network. Public and the
    same for everyone: it is cached, so it must carry nobody's data."""
    return render(request, "pwa/offline.html", {"title": "You are offline"})
