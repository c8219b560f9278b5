from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from townsquare.coach import services


class Command(BaseCommand):
    help = ("Make last week's review for everyone it is due for (from Monday 08:00 in their own time zone) and "
            "email it to those who chose email or both. One per person and ISO week: safe to run as often as "
            "you like; the scheduler runs it every minute.")

    def add_arguments(self, parser):
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a UTC offset); for trials")

    def handle(self, *args, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now {now!r} is not an ISO 8601 moment such as 2025-03-10T09:00:00+00:00") from None
            if moment.tzinfo is None:
                raise CommandError("--now needs a UTC offset, e.g. 2025-03-10T09:00:00+00:00")
        run = services.weekly_send(moment)
        self.stdout.write(f"Weekly reviews made: {len(run.created)}; emailed: {run.emailed}; already made: "
                          f"{run.already_sent}; not due yet: {run.not_due}; in quiet hours: {run.quiet}.")
