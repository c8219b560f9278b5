"""Outbox handlers of delivery (registered in DeliveryConfig.ready; see core/outbox.py). The conversation
events are recorded in the write's transaction; these run in the worker afterwards, at least once:

* `delivery.notify`      NOTIFICATIONS_CREATED → email and push (each claimed per notification and channel,
                         so a second run sends nothing twice); a failed send makes the items due again.
                         A batch handler: one run for every claimed item;
* `delivery.webhooks`    POST_PUBLISHED → one WEBHOOK_SEND item per webhook that wants the post (keyed by
                         webhook and post, so a second run records nothing new). A batch handler too;
* `delivery.webhook`     WEBHOOK_SEND → one HTTP attempt; a failure is retried with webhook_backoff up to
                         WEBHOOK_MAX_ATTEMPTS, each attempt logged (before it is sent) under a stable delivery id.
                         Up to WEBHOOK_CONCURRENCY attempts are in flight at once.
"""

from django.db import transaction

from townsquare.core import outbox
from townsquare.delivery import services

WEBHOOK_SEND = "webhook_send"


class DeliveryIncomplete(Exception):
    """Raised so the outbox tries again later (what already went out is not sent again)."""


def on_notifications_created(payloads: list[dict]) -> None:
    """A batch handler: every claimed item's notifications in one delivery run (one read of the notifications,
    preferences and devices, however many writes made them)."""
    from townsquare.conversations.models import Notification

    all_ids = sorted({pk for payload in payloads for pk in payload["ids"]})
    ids = services.wanted(list(Notification.objects.filter(pk__in=all_ids)))
    if not ids:
        return
    run = services.deliver_notifications(ids)
    if run.failed or run.held:
        # A held send belongs to a worker that may have died mid-send: come back once its lease has run out,
        # rather than call the items done and lose the email. What was sent is claimed and is not sent again.
        raise DeliveryIncomplete(f"{run.failed} of the sends failed, {run.held} still in flight elsewhere")


def on_post_published(payloads: list[dict]) -> None:
    """A batch handler: the claimed posts read at once, and one WEBHOOK_SEND item per webhook and post."""
    from townsquare.conversations.models import Post

    posts = list(Post.objects.filter(pk__in={payload["post"] for payload in payloads})
                 .select_related("author", "group").order_by("pk"))
    wanted = services.webhooks_for_posts(posts)
    with transaction.atomic():
        for post in posts:
            hooks = wanted[post.pk]
            if not hooks:
                continue
            data = services.post_payload(post)
            for hook in hooks:
                webhook_send(hook_id=hook.pk, event="post.published", data=data, key=f"{hook.pk}:post:{post.pk}")


def webhook_send(*, hook_id: int, event: str, data: dict, key: str) -> str:
    """Record one event for one webhook in the current transaction; the worker sends it. Returns its delivery id."""
    delivery_id = services.new_delivery_id()
    outbox.record(WEBHOOK_SEND, key=key, payload={
        "webhook": hook_id, "delivery_id": delivery_id, "event": event,
        "body": services.event_body(event, data, delivery_id)})
    return delivery_id


def on_webhook_send(payload: dict, attempt: int = 1) -> None:
    result = services.webhook_attempt(webhook_id=payload["webhook"], delivery_id=payload["delivery_id"],
                                      event=payload["event"], body=payload["body"], attempt=attempt)
    if result.retry_in is not None:
        raise DeliveryIncomplete(result.attempt.error if result.attempt else "not delivered")


def connect() -> None:
    from townsquare.conversations import signals

    outbox.handler(signals.NOTIFICATIONS_CREATED, "delivery.notify", batch=True, max_attempts=5,
                   backoff=lambda attempt: min(60, services.CLAIM_LEASE.total_seconds()))(on_notifications_created)
    outbox.handler(signals.POST_PUBLISHED, "delivery.webhooks", batch=True)(on_post_published)
    # Up to WEBHOOK_CONCURRENCY POSTs at once: a receiver that takes its time holds up only its own deliveries.
    outbox.handler(WEBHOOK_SEND, "delivery.webhook", max_attempts=services.WEBHOOK_MAX_ATTEMPTS,
                   backoff=services.webhook_backoff, concurrency=services.WEBHOOK_CONCURRENCY)(on_webhook_send)
