from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """Reaching people outside the app (C9): immediate and digest email with one-click unsubscribe, Web Push (VAPID), and outgoing HMAC-signed webhooks."""

    name = "townsquare.delivery"
    label = "delivery"

    def ready(self) -> None:
        from townsquare.conversations import signals
        from townsquare.delivery import receivers, tasks  # noqa: F401  (tasks: registers the periodic tick)

        signals.notifications_created.connect(receivers.on_notifications_created, dispatch_uid="delivery.notifications")
        signals.post_published.connect(receivers.on_post_published, dispatch_uid="delivery.webhooks")
