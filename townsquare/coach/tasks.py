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
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from townsquare.coach import services
from townsquare.coach.models import Nudge

log = logging.getLogger(__name__)


COMPOSE_CHUNK = 200  # nudges per compose task, so several workers share a big tick


@db_periodic_task(crontab(minute="*"), name="coach_tick")
def coach_tick() -> None:
    """Decide the due nudges for everyone (cheap and set-based), hand their prompts to compose tasks,
    then send the due weekly reviews. Nudges left pending by a worker that died are picked up too."""
    nudges = services.nudges_decide()
    pending = [n.pk for n in services.nudges_pending()] if not nudges.created else nudges.created
    for i in range(0, len(pending), COMPOSE_CHUNK):
        coach_compose(pending[i:i + COMPOSE_CHUNK])
    services.nudges_email_retry()
    weekly = services.weekly_send()
    if nudges.created or weekly.created:
        log.info("coach: %d nudges, %d weekly reviews", len(nudges.created), len(weekly.created))


@db_periodic_task(crontab(minute="*/10"), name="coach_snapshots")
def coach_snapshots() -> None:
    """After each person's local midnight, rebuild their coach page history (services.day_snapshots_refresh),
    a batch per run, so their first visit of the day is as quick as the others."""
    services.day_snapshots_refresh(limit=1000)


@db_task(name="coach_compose")
def coach_compose(nudge_ids: list[int]) -> None:
    services.nudges_compose(list(Nudge.objects.filter(pk__in=nudge_ids, text="").select_related("person")))


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
