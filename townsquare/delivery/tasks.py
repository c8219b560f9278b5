"""Delivery's background work, run by Huey (see settings.HUEY and townsquare/coach/tasks.py).

* `delivery_tick`          every minute: record the digests that are due and hand them to `delivery_digests`.

Email and push for bell notifications, and webhooks, go through the outbox (receivers.py, core/outbox.py).

All of it is idempotent (unique rows claimed before sending), so two workers, a replayed task or a
second tick send nothing twice.
"""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from townsquare.delivery import services

log = logging.getLogger(__name__)

DIGEST_CHUNK = 200  # digests per send task, so several workers share a Monday morning


@db_periodic_task(crontab(minute="*"), name="delivery_tick")
def delivery_tick() -> None:
    run = services.digests_decide()
    for i in range(0, len(run.pending), DIGEST_CHUNK):
        delivery_digests(run.pending[i:i + DIGEST_CHUNK])
    if run.created:
        log.info("delivery: %d digests due", run.created)


@db_task(name="delivery_digests")
def delivery_digests(ids: list[int]) -> None:
    services.digests_send(ids)


@db_task(name="push_test")
def push_test(person_id: int) -> None:
    from townsquare.people.models import Person

    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is not None:
        services.push_test(person)
