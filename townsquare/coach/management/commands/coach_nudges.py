from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from townsquare.coach import services
from townsquare.core.commands import parse_now


class Command(BaseCommand):
    help = ("Send the coach's nudges that are due: one per person, habit and local day at most, "
            "after the habit's anchor time, outside quiet hours, only while the habit is not done. "
            "Safe to run as often as you like (e.g. every 5 minutes from cron).")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="keep running, one round every SECONDS (no cron needed)")
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a UTC offset); for trials")

    def handle(self, *args, every=None, now=None, **options):
        moment = parse_now(now)
        if every is not None:
            if every < 10:
                raise CommandError("--every must be at least 10 seconds")
            services.run_forever(timedelta(seconds=every), on_tick=self._report)
            return
        self._report(services.nudges_send(moment))

    def _report(self, run):
        self.stdout.write(f"Nudges sent: {len(run.created)} (emailed {run.emailed}); already sent today: "
                          f"{run.already_sent}; habit already done: {run.done}; in quiet hours: {run.quiet}.")
