"""Coffee roulette's periodic work, run by Huey (see coach/tasks.py and docs/ARCHITECTURE.md).

Every hour the scheduler enqueues `coffee_round`, which makes this ISO week's round if it does not
exist yet — so the round happens early on Monday (UTC), or as soon as a worker is back after an outage.
The unique round key makes a second run in the same week, or two workers at once, a no-op.
"""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from townsquare.connect import services

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="5"), name="coffee_round")
def coffee_round() -> None:
    run = services.coffee_round_run()
    if run.created:
        log.info("coffee round %s: %d groups, %d left out", run.key, len(run.groups), len(run.left_out))
