"""Circles' periodic work, run by Huey (see coach/tasks.py): every hour, complete the circles whose twelve
weeks are over and tell their members. Idempotent: the status change is a conditional update."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from townsquare.circles import services

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="10"), name="circles_complete")
def circles_complete() -> None:
    run = services.circles_complete_due()
    if run.completed:
        log.info("circles: %d completed", len(run.completed))
