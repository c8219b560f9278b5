"""Delivery's background work, run by Huey (see settings.HUEY and townsquare/coach/tasks.py).

* `delivery_notify(ids)`   email and push for new bell notifications (enqueued by receivers.py after commit);
* `delivery_tick`          every minute: record the digests that are due and hand them to `delivery_digests`;
* `webhook_deliver(...)`   one attempt at one webhook event; a failure schedules the next attempt with backoff
                           (services.webhook_backoff), up to services.WEBHOOK_MAX_ATTEMPTS.

All of it is idempotent (unique rows claimed before sending), so two workers, a replayed task or a
second tick send nothing twice.
"""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from townsquare.delivery import services

log = logging.getLogger(__name__)

DIGEST_CHUNK = 200  # digests per send task, so several workers share a Monday morning


class DeliveryIncomplete(Exception):
    """Raised so Huey retries a task whose sends partly failed (what went out is not sent again)."""


@db_task(name="delivery_notify", retries=3, retry_delay=60)
def delivery_notify(ids: list[int]) -> None:
    run = services.deliver_notifications(ids)
    if run.failed:
        raise DeliveryIncomplete(f"{run.failed} of the sends failed; retrying")


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


@db_task(name="webhook_deliver")
def webhook_deliver(webhook_id: int, delivery_id: str, event: str, body: str, attempt: int = 1) -> None:
    result = services.webhook_attempt(webhook_id=webhook_id, delivery_id=delivery_id, event=event, body=body,
                                      attempt=attempt)
    if result.retry_in is not None:
        webhook_deliver.schedule(args=(webhook_id, delivery_id, event, body, attempt + 1), delay=result.retry_in)


@db_task(name="push_test")
def push_test(person_id: int) -> None:
    from townsquare.people.models import Person

    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is not None:
        services.push_test(person)
