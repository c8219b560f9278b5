from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "townsquare.practices"
    label = "practices"

    def ready(self) -> None:
        from townsquare.conversations import extensions
        from townsquare.practices import selectors

        def attach_poll(*, person, post, values):
            from townsquare.practices import services

            services.poll_attach(author=person, post=post, options=str(values.get("poll_options") or ""),
                                 anonymous=bool(values.get("poll_anonymous")))

        extensions.register_composer_extra(extensions.ComposerExtra(
            name="polls", fields=("poll_options", "poll_anonymous"), apply=attach_poll, kind="poll",
            missing="A poll needs options: write 2 to 6, one a line.", template="practices/_composer_poll.html"))
        extensions.register_card_renderer(extensions.CardRenderer(
            kind="poll", template="practices/_poll_card.html", load=selectors.poll_cards_load))
        selectors.register_card(10, selectors.ask_card)
        selectors.register_card(90, selectors.polls_card)
