from django.apps import AppConfig


class InfluenceConfig(AppConfig):
    """Testing the influence of one's insights (C6): for now the writing coach in the composer (writing.py: hints
    on a draft, computed on request, stored nowhere); later staged sharing, feedback requests and experiments."""

    name = "townsquare.influence"
    label = "influence"

    def ready(self) -> None:
        from townsquare.conversations import extensions

        # Under the composer's fields: the coach's live region (it adds no field to the post).
        extensions.register_slot("composer_options", "influence/_composer_hints.html")
