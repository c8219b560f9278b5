
from django.core.management.base import BaseCommand

from townsquare.coach import services
from townsquare.core.commands import parse_now


class Command(BaseCommand):
    help = ("Make last week's review for everyone it is due for (from Monday 08:00 in their own time zone) and "
            "email it to those who chose email or both. One per person and ISO week: safe to run as often as "
            "you like; the scheduler runs it every minute.")

    def add_arguments(self, parser):
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a UTC offset); for trials")

    def handle(self, *args, now=None, **options):
        moment = parse_now(now)
        run = services.weekly_send(moment)
        self.stdout.write(f"Weekly reviews made: {len(run.created)}; emailed: {run.emailed}; already made: "
                          f"{run.already_sent}; not due yet: {run.not_due}; in quiet hours: {run.quiet}.")
