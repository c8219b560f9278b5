from django.apps import AppConfig


class CirclesConfig(AppConfig):
    """Working-out-loud circles (C7): circles of 4-5 people, twelve weekly guides, weekly check-ins, a private space, completion and a circle finder."""

    name = "townsquare.circles"
    label = "circles"
