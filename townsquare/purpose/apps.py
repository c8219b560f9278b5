from django.apps import AppConfig


class PurposeConfig(AppConfig):
    name = "townsquare.purpose"
    label = "purpose"
