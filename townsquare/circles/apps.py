from django.apps import AppConfig


class CirclesConfig(AppConfig):
    """Working-out-loud circles (C7): circles of 4-5 people, twelve weekly guides, weekly check-ins, a private space, completion and a circle finder."""

    name = "townsquare.circles"
    label = "circles"

    def ready(self) -> None:
        from townsquare.circles.models import Circle
        from townsquare.practices.selectors import PracticeCard, register_card

        def circles_card(person):
            return PracticeCard("circles", "Working-out-loud circles", "Four or five people, twelve weeks, one goal "
                                "each, helping each other get there.", "circle_list", "Find or start a circle",
                                Circle.objects.filter(status=Circle.Status.FORMING).count(), "looking for members")

        register_card(80, circles_card)

        from townsquare.circles import selectors
        from townsquare.conversations.extensions import PreviewSource, register_preview_source

        register_preview_source(PreviewSource("circle", selectors.preview_options, selectors.preview_people))
