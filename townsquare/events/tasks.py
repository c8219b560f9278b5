"""Event reminders, run by Huey (see settings.HUEY and docs/ARCHITECTURE.md): every five minutes the
scheduler enqueues `event_reminders`, which reminds people who answered going or maybe a day and an
hour before. Idempotent by the unique constraint on EventReminder(event, person, lead), so two
consumers running it at once send nothing twice. `townsquare event_reminders` runs it by hand."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from townsquare.events import services

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"), name="event_reminders")
def event_reminders() -> None:
    run = services.reminders_send()
    if run.created:
        log.info("events: %d reminders", run.created)
