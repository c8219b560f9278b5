from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    """Export and import (C10): a person's or the organisation's data as a zip of JSON and files, export-org and import-org."""

    name = "townsquare.portability"
    label = "portability"
