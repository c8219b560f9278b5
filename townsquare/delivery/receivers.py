"""Receivers of the conversation signals (connected in DeliveryConfig.ready). They run after the commit, in
the request, so they only decide what to hand to Huey and never send anything themselves."""

from townsquare.delivery import services, tasks


def on_notifications_created(sender, notifications, **kwargs) -> None:
    ids = services.wanted(list(notifications))
    if ids:
        tasks.delivery_notify(ids)


def on_post_published(sender, post, **kwargs) -> None:
    hooks = services.webhooks_for_post(post)
    if not hooks:
        return
    data = services.post_payload(post)
    for hook in hooks:
        delivery_id = services.new_delivery_id()
        tasks.webhook_deliver(hook.pk, delivery_id, "post.published", services.event_body("post.published", data, delivery_id))
