"""The coach's periodic background work, run by Huey (see settings.HUEY and docs/ARCHITECTURE.md).

Every minute the scheduler enqueues `coach_tick`, which sends the due nudges and the due weekly reviews.
Both are idempotent (unique constraints per person, habit and local day; per person and ISO week), so a
tick that runs twice — two consumers, a restarted worker, a late queue — sends nothing twice.

Where it runs:
* `townsquare demo` starts a consumer in-process (threads), so the demo needs no other server;
* in production, `townsquare run_huey` (one or more, on Redis when REDIS_URL is set).
"""

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from townsquare.coach import services

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"), name="coach_tick")
def coach_tick() -> None:
    nudges, weekly = services.coach_tick()
    if nudges.created or weekly.created:
        log.info("coach: %d nudges, %d weekly reviews", len(nudges.created), len(weekly.created))


def start_in_process_consumer(workers: int = 1):
    """Start Huey's scheduler and worker threads in this process and return the consumer; `.stop()` ends
    them. Used by `townsquare demo`. It does not install signal handlers, so Ctrl+C still stops the
    web server (the threads are daemons)."""
    consumer = HUEY.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                    check_worker_health=False)
    consumer.scheduler.start()
    for _, thread in consumer.worker_threads:
        thread.start()
    return consumer
