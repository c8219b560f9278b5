"""townsquare export-org DIR: write the whole organisation (every table of ours and the uploaded files) into DIR,
for `townsquare import-org DIR` on a new, empty instance. The layout is described in townsquare/portability/orgdump.py
and docs/OPERATIONS.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from townsquare.portability import orgdump


class Command(BaseCommand):
    help = "Write the whole organisation (every table and the uploaded files) into a new or empty directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new or empty directory")

    def handle(self, *args, directory, **options):
        try:
            manifest = orgdump.export_org(Path(directory), out=self.stdout.write if options["verbosity"] > 1 else None)
        except orgdump.ImportRefused as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(f"Exported {rows} rows in {len(manifest['tables'])} tables and {len(manifest['files'])} "
                          f"files to {directory}.")
        if manifest["missing_files"]:
            self.stderr.write(f"{len(manifest['missing_files'])} files named in the database were not found under "
                              "the media directory; they are listed in manifest.json (missing_files).")
