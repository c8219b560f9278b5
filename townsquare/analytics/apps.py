from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Analytics, the mirror (C8): the interaction graph, personas, personal/post/group/organisation dashboards, the Social Enterprise index, the iceberg of uses and themes; aggregates only over 5+ people."""

    name = "townsquare.analytics"
    label = "analytics"

    def ready(self):
        from townsquare.analytics import receivers

        receivers.connect()
