from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Analytics, the mirror (C8): the interaction graph, personas, personal/post/group/organisation dashboards, the Social Enterprise index, the iceberg of uses and themes; aggregates only over 5+ people."""

    name = "townsquare.analytics"
    label = "analytics"

    def ready(self):
        from townsquare.analytics import receivers
        from townsquare.conversations import extensions

        receivers.connect()
        # The post page links to the post's analytics for whoever may see them (access.can_see_post_analytics).
        extensions.register_slot("post_detail_top", "analytics/_post_link.html")
