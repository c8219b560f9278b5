"""`townsquare restore DIR`: restore a backup into an empty data directory (and an empty PostgreSQL database)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from townsquare.operations import services
from townsquare.operations.backup import BackupError


class Command(BaseCommand):
    help = ("Restore a backup made by `townsquare backup` into an empty data directory (TOWNSQUARE_DATA_DIR or "
            "--data-dir), and on PostgreSQL into the empty database of DATABASE_URL. Checks every checksum first.")
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="the backup's directory (the one with manifest.json)")

    def handle(self, *args, directory, **options):
        try:
            manifest = services.backup_restore(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored the backup made {manifest['created_at']} ({manifest['database']}, version "
                          f"{manifest['app_version']}). Run `townsquare migrate` if this version is newer, then start.")
        if manifest.get("secret_key") == "environment":
            self.stdout.write("The secret key came from SECRET_KEY when the backup was made: set the same one.")
        if manifest.get("vapid_key") == "environment":
            self.stdout.write("The push key came from TOWNSQUARE_VAPID_PRIVATE_KEY: set the same one.")
