from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "townsquare.practices"
    label = "practices"

    def ready(self) -> None:
        from townsquare.practices import selectors

        selectors.register_card(10, selectors.ask_card)
        selectors.register_card(90, selectors.polls_card)
