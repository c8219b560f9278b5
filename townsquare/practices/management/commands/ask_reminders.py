from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from townsquare.practices import services


class Command(BaseCommand):
    help = ("Remind leaders of the questions addressed to them that have been open for more than three days: "
            "at most one reminder per question and day, shown on the leader's Ask leadership page. "
            "Safe to run as often as you like.")

    def add_arguments(self, parser):
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a UTC offset); for trials")

    def handle(self, *args, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now {now!r} is not an ISO 8601 moment such as 2025-03-04T08:45:00+00:00") from None
            if moment.tzinfo is None:
                raise CommandError("--now needs a UTC offset, e.g. 2025-03-04T08:45:00+00:00")
        run = services.reminders_send(moment)
        self.stdout.write(f"Reminders created: {run.created}; already reminded today: {run.already}.")
