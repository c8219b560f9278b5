"""Request-wide behaviour shared by every domain."""

import zoneinfo
from functools import lru_cache

from django.utils import timezone


@lru_cache(maxsize=512)
def _zone(name: str):
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class PersonTimeZoneMiddleware:
    """Dates and times are shown in the signed-in person's own time zone (from their profile)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = _zone(user.time_zone) if user is not None and user.is_authenticated and user.time_zone else None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


RETRY_AFTER_SECONDS = 2


def is_database_busy(exc: BaseException) -> bool:
    """SQLite's single write lock could not be had within the busy timeout (many writers at once)."""
    from django.db import OperationalError

    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in text or "database table is locked" in text)


def busy_response(request):
    """503 with Retry-After: the write was not made and may simply be sent again (JSON for the API)."""
    from django.http import JsonResponse
    from django.shortcuts import render

    message = "Townsquare is busy with other writes right now. Nothing was saved; try again in a moment."
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"code": "busy", "message": message, "fields": {}}}, status=503)
    else:
        response = render(request, "503.html", {"title": "Busy", "message": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """A write that still cannot get SQLite's lock answers 503 + Retry-After, never a generic 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if is_database_busy(exc):
            return busy_response(request)
        return None
