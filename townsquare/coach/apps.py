from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "townsquare.coach"
    label = "coach"

    def ready(self) -> None:
        from townsquare.coach import receivers
        from townsquare.conversations import extensions

        receivers.connect()
        # The composer opened from a habit shows today's prompt; the post that completes a habit celebrates.
        extensions.register_slot("composer_after_body", "coach/_composer_prompt.html")
        extensions.register_slot("post_detail_top", "coach/_celebration.html")
