"""What happens around every API request, before and after django-ninja's own work.

1. Who is calling: a personal access token (`Authorization: Bearer tsq_…`), else the browser session.
   A token that is wrong, revoked or belongs to a deactivated person is a 401 at once (no fallback to
   the session). A read-only token cannot change anything (403).
2. Rate limits, counted in the Django cache (per process by default, in Redis with REDIS_URL):
   per token (or per signed-in person) and per IP address for everyone else; over the limit → 429 with
   Retry-After. Fixed one-minute windows.
3. Idempotency: a POST with `Idempotency-Key` is done once per (person, key); a retry within 24 hours
   gets the stored response; the same key with a different request is a 422.
4. One error shape: answers that Django or ninja make outside our handlers (405, unknown paths,
   crashes) are turned into `{"error": {"code", "message", "fields"}}` too.
"""

import hashlib
import logging
import math
import os
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja.utils import check_csrf

from townsquare.api import services
from townsquare.core.errors import ERROR_CODES, MESSAGES, NO_SUCH_ADDRESS, json_error  # noqa: F401 — re-exported

log = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
WINDOW_SECONDS = 60
def _setting(name: str, default: int) -> int:
    """A limit from Django settings (tests), else the environment, else the default."""
    value = getattr(settings, name, None)
    if value is None:
        raw = os.environ.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    return int(value)


def rate_limits() -> tuple[int, int]:
    """(requests per minute per token or signed-in person, per IP address without either)."""
    return _setting("TOWNSQUARE_API_RATE_PER_TOKEN", 120), _setting("TOWNSQUARE_API_RATE_PER_IP", 60)


def error(status: int, message: str | None = None, *, code: str | None = None, fields: dict | None = None,
          headers: dict | None = None) -> JsonResponse:
    return json_error(status, message, code=code, fields=fields, headers=headers)


@dataclass
class Caller:
    person: object | None
    token: object | None
    rate_key: str
    limit: int


def client_ip(request) -> str:
    # REMOTE_ADDR only: a proxy in front must set it (X-Forwarded-For is trivially forged).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def identify(request) -> Caller | JsonResponse:
    per_token, per_ip = rate_limits()
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, raw = header.partition(" ")
        token = services.token_authenticate(raw.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            # Counted against the IP, so guessing tokens is as slow as any anonymous use.
            _, over = _count(f"ip:{client_ip(request)}", per_ip)
            if over:
                return over
            return error(401, "That token is not valid: it may be mistyped, revoked, or its owner deactivated.",
                         headers={"WWW-Authenticate": 'Bearer realm="townsquare", error="invalid_token"'})
        return Caller(token.person, token, f"token:{token.pk}", per_token)
    if request.user.is_authenticated:
        return Caller(request.user, None, f"person:{request.user.pk}", per_token)
    return Caller(None, None, f"ip:{client_ip(request)}", per_ip)


def _count(rate_key: str, limit: int) -> tuple[int, JsonResponse | None]:
    """Count one request in the current window: (requests left, a 429 once over `limit`)."""
    now = time.time()
    slot = int(now // WINDOW_SECONDS)
    key = f"api-rate:{rate_key}:{slot}"
    # One round trip to the cache for every request but a window's first (incr of a key that is there).
    try:
        used = cache.incr(key)
    except ValueError:  # the window's first request (or its count was evicted)
        if cache.add(key, 1, timeout=WINDOW_SECONDS + 5):
            used = 1
        else:  # another request of the same window got there first
            try:
                used = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
                used = 1
    if used > limit:
        retry = max(1, math.ceil((slot + 1) * WINDOW_SECONDS - now))
        return 0, error(429, f"Too many requests: the limit is {limit} a minute. Try again in {retry} seconds.",
                        headers={"Retry-After": str(retry), "X-RateLimit-Limit": str(limit),
                                 "X-RateLimit-Remaining": "0"})
    return limit - used, None


def _idempotent(request, caller: Caller, view, args, kwargs) -> HttpResponse:
    key = request.headers.get("Idempotency-Key", "")
    if not key.isprintable() or not key.isascii() or len(key) > 255 or not key.strip():
        return error(400, "The Idempotency-Key must be 1 to 255 printable ASCII characters, such as a UUID.",
                     fields={"Idempotency-Key": ["1 to 255 printable ASCII characters"]})
    person = caller.person
    fingerprint = services.request_fingerprint(method=request.method, path=request.path, body=request.body)
    lock = f"api-idem:{person.pk}:{hashlib.sha256(key.encode()).hexdigest()}"
    if not cache.add(lock, 1, timeout=60):
        return error(409, "A request with this Idempotency-Key is still being handled. Retry in a moment.")
    try:
        stored = services.idempotency_lookup(person=person, key=key)
        if stored is not None:
            if stored.fingerprint != fingerprint:
                return error(422, "This Idempotency-Key was already used for a different request. "
                                  "Use a new key for a new request.", code="idempotency_key_reused",
                             fields={"Idempotency-Key": ["already used for a different request"]})
            replay = HttpResponse(stored.body, status=stored.status_code, content_type="application/json; charset=utf-8")
            replay["Idempotent-Replayed"] = "true"
            return replay
        response = view(request, *args, **kwargs)
        # Only successes are kept: a request that failed may be fixed and retried under the same key.
        if 200 <= response.status_code < 300:
            services.idempotency_store(person=person, key=key, fingerprint=fingerprint,
                                       status_code=response.status_code, body=response.content.decode())
        return response
    finally:
        cache.delete(lock)


def guard(view):
    """Wrap one of ninja's URL views with identification, rate limits, idempotency and error shapes."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            if "%00" in request.META.get("QUERY_STRING", "").lower():
                return error(400, "The address contains a NUL character, which no field can hold.")
            caller = identify(request)
            if isinstance(caller, HttpResponse):
                return caller
            request.api_caller = caller
            remaining, over = _count(caller.rate_key, caller.limit)
            if over:
                return over
            unsafe = request.method not in SAFE_METHODS
            if unsafe:
                request.body  # noqa: B018 — read once now, so the CSRF check, the idempotency fingerprint and ninja share it
            if unsafe and caller.token is not None and not caller.token.can_write:
                return error(403, "This token can only read. Make a read-and-write token on /me/tokens/ to change "
                                  "things.", code="read_only_token")
            if unsafe and caller.token is None and caller.person is not None and check_csrf(request):
                return error(403, "The CSRF check failed. Send the csrftoken cookie's value in the X-CSRFToken "
                                  "header, or use a personal access token.", code="csrf_failed")
            if request.method == "POST" and "Idempotency-Key" in request.headers and caller.person is not None:
                response = _idempotent(request, caller, view, args, kwargs)
            else:
                response = view(request, *args, **kwargs)
        except RequestDataTooBig:
            return error(413, "The request body is too big.")
        except Http404:  # raised outside an operation (ninja's API root)
            return error(404, "There is nothing at the API's root. The operations are listed at /api/v1/docs.")
        except Exception:
            log.exception("API request failed: %s %s", request.method, request.path)
            return error(500)
        response = normalise(response)
        response["X-RateLimit-Limit"] = str(caller.limit)
        response["X-RateLimit-Remaining"] = str(remaining)
        return response

    # The guard makes the CSRF check itself (session callers only, above); Django's middleware would refuse a
    # token caller's write to a view ninja did not mark (the API's root) with its HTML page.
    guarded.csrf_exempt = True
    return guarded


def normalise(response: HttpResponse) -> HttpResponse:
    """Turn a non-JSON error (ninja's plain-text 405) into our error shape."""
    if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
        headers = {"Allow": response["Allow"]} if response.has_header("Allow") else None
        return error(response.status_code, headers=headers)
    return response


@csrf_exempt  # it changes nothing; a write to a wrong address must hear "no such address", not a CSRF page
def not_found(request, rest: str = ""):
    """Any address under /api/v1/ that is not an operation."""
    if rest.endswith("/"):
        return error(404, "There is no such address in the API: leave out the trailing slash "
                          f"(/api/v1/{rest.rstrip('/')}).")
    return error(404, NO_SUCH_ADDRESS)
