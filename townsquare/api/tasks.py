"""Periodic work of the API: forget idempotency keys after 24 hours (a lookup ignores expired ones anyway,
so this only keeps the table small; running it twice is harmless)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from townsquare.api import services


@db_periodic_task(crontab(minute="17"), name="api_idempotency_purge")
def api_idempotency_purge() -> None:
    services.idempotency_purge()
