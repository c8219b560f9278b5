"""Practices' periodic work, run by Huey (see townsquare/core/tasks.py): every hour, remind leaders of
questions open more than three days. Idempotent by the unique (question, day) reminder, so two consumers
or a rerun send nothing twice. `townsquare ask_reminders` runs it by hand."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from townsquare.practices import services

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="25"), name="ask_reminders")
def ask_reminders() -> None:
    run = services.reminders_send()
    if run.created:
        log.info("practices: %d ask-leadership reminders", run.created)
