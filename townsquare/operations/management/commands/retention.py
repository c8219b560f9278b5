"""`townsquare retention`: apply the organisation's retention rule now (the daily job does it at 03:17 UTC)."""

from django.core.management.base import BaseCommand

from townsquare.operations import services


class Command(BaseCommand):
    help = "Remove what is older than the retention rule allows (set by org admins at /admin/operations/)."

    def handle(self, *args, **options):
        counts = services.retention_apply()
        self.stdout.write(", ".join(f"{kind}: {n} removed" for kind, n in counts.items()))
