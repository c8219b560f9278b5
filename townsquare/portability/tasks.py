"""Background work of townsquare.portability: exports are built by the outbox (services.export_build); this hourly
task deletes the zips of exports past their expiry (EXPORT_KEEP_DAYS)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from townsquare.portability import services


@db_periodic_task(crontab(minute="41"), name="exports_purge")
def exports_purge() -> None:
    services.exports_purge()
