"""`townsquare backup [--to DIR]`: a consistent backup while the server runs (townsquare/operations/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from townsquare.operations import services
from townsquare.operations.backup import BackupError


class Command(BaseCommand):
    help = "Back up the database, uploads, secret key, VAPID key and queue, with a manifest of checksums."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="a new or empty directory (default: DATA_DIR/backups/<time>/)")

    def handle(self, *args, to=None, **options):
        try:
            made = services.backup_make(to=to)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Backup made in {made}")
