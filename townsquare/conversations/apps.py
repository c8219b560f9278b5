from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "townsquare.conversations"
    label = "conversations"

    def ready(self) -> None:
        from townsquare.conversations import help_evidence, search
        from townsquare.people.helpers import register_help_evidence

        search.connect_signals()
        register_help_evidence(help_evidence.replies_about)
