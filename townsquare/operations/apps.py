from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Operations (C10): consistent backups while the server runs, restore into an empty data directory, retention of old data."""

    name = "townsquare.operations"
    label = "operations"
