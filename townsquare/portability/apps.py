"""Export and import (C10): a person's or the organisation's data as a zip of JSON and files, export-org and import-org."""
from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    """Export and import (C10): a person's or the organisation's data as a zip of JSON and files, export-org and import-org."""

    name = "townsquare.portability"
    label = "portability"

    def ready(self) -> None:
        from townsquare.core import outbox
        from townsquare.portability import services

        # Building an export is one outbox item, recorded with the job: at least once, and export_build does
        # nothing for a job already done, so a retry costs nothing.
        outbox.handler(services.EXPORT_REQUESTED, services.HANDLER, max_attempts=3)(services.on_export_requested)
