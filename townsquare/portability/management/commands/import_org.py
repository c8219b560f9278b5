"""townsquare import-org DIR: load what `townsquare export-org DIR` wrote into this instance, which must be new,
migrated and empty (refused otherwise, with nothing changed). One transaction; ids and links kept; files copied."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from townsquare.portability import orgdump


class Command(BaseCommand):
    help = "Load an organisation written by export-org into this new, empty instance."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a directory written by `townsquare export-org`")

    def handle(self, *args, directory, **options):
        try:
            counts = orgdump.import_org(Path(directory), out=self.stdout.write if options["verbosity"] > 1 else None)
        except orgdump.ImportRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Imported {sum(counts.values())} rows in {len(counts)} tables from {directory}.")
