
from django.core.management.base import BaseCommand

from townsquare.core.commands import parse_now
from townsquare.delivery import services


class Command(BaseCommand):
    help = ("Send the email digests that are due (daily: from 08:00 in each person's time zone; weekly: Mondays "
            "from 08:00) here and now, without the task queue. One per person and period: safe to run as often as "
            "you like; the scheduler does the same every minute.")

    def add_arguments(self, parser):
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a UTC offset); for trials")

    def handle(self, *args, now=None, **options):
        moment = parse_now(now)
        decided = services.digests_decide(moment)
        sent = services.digests_send(decided.pending, moment)
        self.stdout.write(f"Digests due: {decided.created}; emailed: {sent.emailed}; nothing to tell: {sent.empty}; "
                          f"failed (tried again later): {sent.failed}.")
