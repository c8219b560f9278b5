from django.apps import AppConfig


class InfluenceConfig(AppConfig):
    """Testing the influence of one's insights (C6): for now the writing coach in the composer (writing.py: hints
    on a draft, computed on request, stored nowhere) and feedback requests on one's own post (models.py: ratings and
a comment, optionally anonymous and then unlinkable to the person); later staged sharing and experiments."""

    name = "townsquare.influence"
    label = "influence"

    def ready(self) -> None:
        from townsquare.conversations import extensions

        # Right under the composer's text box, where it is seen while typing: the coach's live region (it adds no
        # field to the post).
        extensions.register_slot("composer_after_body", "influence/_composer_hints.html")
        # Above a post on its page: for its author, "Ask for feedback" or the small summary; for someone asked,
        # the way to answer. Nobody else sees anything.
        extensions.register_slot("post_detail_top", "influence/_post_feedback.html")
