"""Shared pieces of our management commands."""

from datetime import datetime

from django.core.management.base import CommandError


def parse_now(value: str | None) -> datetime | None:
    """The `--now` option of the commands that run scheduled work by hand: an ISO 8601 moment with a UTC
    offset, or None (the real now). Bad input is a CommandError that says what is wrong."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now {value!r} is not an ISO 8601 moment such as 2025-03-10T09:00:00+00:00") from None
    if moment.tzinfo is None:
        raise CommandError("--now needs a UTC offset, e.g. 2025-03-10T09:00:00+00:00")
    return moment
