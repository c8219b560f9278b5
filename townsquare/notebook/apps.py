from django.apps import AppConfig


class NotebookConfig(AppConfig):
    name = "townsquare.notebook"
    label = "notebook"
