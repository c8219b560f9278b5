from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "townsquare.practices"
    label = "practices"
