from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Analytics, the mirror (C8): the interaction graph, personas, personal/post/group/organisation dashboards, the Social Enterprise index, the iceberg of uses and themes; aggregates only over 5+ people."""

    name = "townsquare.analytics"
    label = "analytics"

    def ready(self):
        from townsquare.analytics import receivers
        from townsquare.conversations import signals

        signals.post_published.connect(receivers.on_post, dispatch_uid="analytics_post_published")
        signals.reply_published.connect(receivers.on_reply, dispatch_uid="analytics_reply_published")
        signals.reaction_changed.connect(receivers.on_reaction, dispatch_uid="analytics_reaction_changed")
        signals.best_answer_chosen.connect(receivers.on_best_answer, dispatch_uid="analytics_best_answer_chosen")
