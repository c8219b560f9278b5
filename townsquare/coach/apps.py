from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "townsquare.coach"
    label = "coach"
