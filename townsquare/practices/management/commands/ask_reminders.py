
from django.core.management.base import BaseCommand

from townsquare.core.commands import parse_now
from townsquare.practices import services


class Command(BaseCommand):
    help = ("Remind leaders of the questions addressed to them that have been open for more than three days: "
            "at most one reminder per question and day, shown on the leader's Ask leadership page. "
            "Safe to run as often as you like.")

    def add_arguments(self, parser):
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a UTC offset); for trials")

    def handle(self, *args, now=None, **options):
        moment = parse_now(now)
        run = services.reminders_send(moment)
        self.stdout.write(f"Reminders created: {run.created}; already reminded today: {run.already}.")
