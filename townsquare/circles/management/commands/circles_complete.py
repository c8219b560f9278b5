from django.core.management.base import BaseCommand

from townsquare.circles import services


class Command(BaseCommand):
    help = ("Complete every circle whose twelve weeks are over and tell its members. Safe to run as often as you "
            "like; the scheduler runs it every hour.")

    def handle(self, *args, **options):
        run = services.circles_complete_due()
        self.stdout.write(f"Circles completed: {len(run.completed)}.")
