from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "townsquare.conversations"
    label = "conversations"

    def ready(self) -> None:
        from townsquare.conversations import search

        search.connect_signals()
