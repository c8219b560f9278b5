from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError

from townsquare.coach import services


class Command(BaseCommand):
    help = ("Send the coach's nudges that are due: one per person, habit and local day at most, "
            "after the habit's anchor time, outside quiet hours, only while the habit is not done. "
            "Safe to run as often as you like (e.g. every 5 minutes from cron).")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="keep running, one round every SECONDS (no cron needed)")
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a UTC offset); for trials")

    def handle(self, *args, every=None, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now {now!r} is not an ISO 8601 moment such as 2025-03-04T08:45:00+00:00") from None
            if moment.tzinfo is None:
                raise CommandError("--now needs a UTC offset, e.g. 2025-03-04T08:45:00+00:00")
        if every is not None:
            if every < 10:
                raise CommandError("--every must be at least 10 seconds")
            services.run_forever(timedelta(seconds=every), on_tick=self._report)
            return
        self._report(services.nudges_send(moment))

    def _report(self, run):
        self.stdout.write(f"Nudges sent: {len(run.created)} (emailed {run.emailed}); already sent today: "
                          f"{run.already_sent}; habit already done: {run.done}; in quiet hours: {run.quiet}.")
