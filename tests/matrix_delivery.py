"""Permission matrix rows for townsquare.delivery (see tests/matrix.py).

Preferences and devices are the signed-in person's own (no route takes a person). The unsubscribe link
needs no sign-in: its signed token is the proof (a broken one is 404 for everyone). Webhooks are for org
admins (olga): everyone else gets 404, as if they did not exist."""

from tests.matrix import Row, everyone, signed_in

WEBHOOK = lambda c: {"webhook_id": c.webhook.pk}  # noqa: E731
TOKEN = lambda c: {"token": c.unsubscribe_token}  # noqa: E731
ADMIN_ONLY = dict(alice=404, otto=404, gina=404)
SUBSCRIPTION = {"endpoint": "https://push.example.test/send/matrix", "auth": "a" * 22,
                "p256dh": "B" + "A" * 86}


def build(c):
    from townsquare.delivery import services

    c.unsubscribe_token = services.unsubscribe_token(c.world.alice, "digest")
    # off, so the test button and a cell's edits never reach the network or the task queue
    c.webhook = services.webhook_create(admin=c.world.olga, name="Chat", url="https://hooks.example.test/townsquare",
                                        groups=[c.world.public], company_wide=True)
    services.webhook_set_enabled(admin=c.world.olga, webhook=c.webhook, enabled=False)


SECTIONS = {
    "delivery-preferences": [
        Row("delivery_preferences", "delivery_preferences", "get", signed_in(200)),
        Row("delivery_preferences-post", "delivery_preferences", "post", signed_in(302),
            data=lambda c: {"email_mention": "on", "push_mention": "on", "digest": "daily"}),
        Row("delivery_preferences-post-bad", "delivery_preferences", "post", signed_in(400),
            data=lambda c: {"digest": "hourly"}),
        Row("push_subscribe-get", "push_subscribe", "get", signed_in(405)),
        Row("push_subscribe", "push_subscribe", "post", signed_in(201), data=lambda c: SUBSCRIPTION),
        Row("push_subscribe-bad", "push_subscribe", "post", signed_in(400), data=lambda c: {"endpoint": ""}),
        Row("push_unsubscribe", "push_unsubscribe", "post", signed_in(302), data=lambda c: {"id": "999999"}),
        Row("push_test", "push_test", "post", signed_in(302)),  # nobody has a device here: only a message
    ],
    "delivery-unsubscribe": [
        Row("email_unsubscribe", "email_unsubscribe", "get", everyone(200), kwargs=TOKEN),
        Row("email_unsubscribe-post", "email_unsubscribe", "post", everyone(200), kwargs=TOKEN, to_login=False),
        Row("email_unsubscribe-forged", "email_unsubscribe", "post", everyone(404),
            kwargs=lambda c: {"token": c.unsubscribe_token[:-3] + "abc"}),
    ],
    "delivery-webhooks": [
        Row("webhook_list", "webhook_list", "get", signed_in(200, **ADMIN_ONLY)),
        Row("webhook_create", "webhook_create", "get", signed_in(200, **ADMIN_ONLY)),
        Row("webhook_create-post", "webhook_create", "post", signed_in(302, **ADMIN_ONLY),
            data=lambda c: {"name": "Archive", "url": "https://archive.example.test/in", "company_wide": "1"}),
        Row("webhook_create-post-bad", "webhook_create", "post", signed_in(400, **ADMIN_ONLY),
            data=lambda c: {"name": "Archive", "url": "not a url", "company_wide": "1"}),
        Row("webhook_detail", "webhook_detail", "get", signed_in(200, **ADMIN_ONLY), kwargs=WEBHOOK),
        Row("webhook_detail-edit", "webhook_detail", "get", signed_in(200, **ADMIN_ONLY), kwargs=WEBHOOK,
            query={"edit": "1"}),
        Row("webhook_detail-post", "webhook_detail", "post", signed_in(302, **ADMIN_ONLY), kwargs=WEBHOOK,
            data=lambda c: {"name": "Chat", "url": "https://hooks.example.test/v2", "company_wide": "1"}),
        Row("webhook_test", "webhook_test", "post", signed_in(302, **ADMIN_ONLY), kwargs=WEBHOOK),
        Row("webhook_toggle", "webhook_toggle", "post", signed_in(302, **ADMIN_ONLY), kwargs=WEBHOOK,
            data=lambda c: {"enabled": "0"}),
        Row("webhook_secret", "webhook_secret", "post", signed_in(302, **ADMIN_ONLY), kwargs=WEBHOOK),
        Row("webhook_delete", "webhook_delete", "get", signed_in(200, **ADMIN_ONLY), kwargs=WEBHOOK),
        Row("webhook_delete-post", "webhook_delete", "post", signed_in(302, **ADMIN_ONLY), kwargs=WEBHOOK),
        Row("webhook_test-get", "webhook_test", "get", signed_in(405, olga=405), kwargs=WEBHOOK),
    ],
}
