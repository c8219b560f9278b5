from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """Reaching people outside the app (C9): immediate and digest email with one-click unsubscribe, Web Push (VAPID), and outgoing HMAC-signed webhooks."""

    name = "townsquare.delivery"
    label = "delivery"

    def ready(self) -> None:
        from townsquare.delivery import receivers

        receivers.connect()
