from django.apps import AppConfig


class LiveConfig(AppConfig):
    """Live updates (C9): server-sent events after each commit, in-process by default and over Redis pub/sub when REDIS_URL is set."""

    name = "townsquare.live"
    label = "live"

    def ready(self):
        from townsquare.live import ends, events

        events.connect()
        ends.connect()
