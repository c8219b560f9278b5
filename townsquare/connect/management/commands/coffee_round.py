
from django.core.management.base import BaseCommand

from townsquare.connect import services
from townsquare.core.commands import parse_now


class Command(BaseCommand):
    help = ("Make this ISO week's coffee roulette round: pair everyone taking part and tell them in the bell. "
            "One round per week: safe to run as often as you like; the scheduler runs it every hour.")

    def add_arguments(self, parser):
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a UTC offset); for trials")
        parser.add_argument("--seed", help="the pairing seed (default: the round key, e.g. 2026-W48)")

    def handle(self, *args, now=None, seed=None, **options):
        moment = parse_now(now)
        run = services.coffee_round_run(moment, seed=seed)
        if not run.created:
            self.stdout.write(f"Round {run.key} was made already; nothing to do.")
            return
        trios = sum(1 for g in run.groups if len(g) == 3)
        self.stdout.write(f"Round {run.key}: {run.round.people_count} people in {len(run.groups)} groups "
                          f"({trios} trio{'s' if trios != 1 else ''}); {len(run.left_out)} sat out to avoid a repeat.")
