"""`townsquare bench SUITE --people N --json OUT`: the benchmarks under bench/ (not timed tests).

feed and coach have their own options; every other suite is a module bench/<suite>.py with
`run(*, people, seed, out, requests, log)`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

REPO_ROOT = Path(__file__).resolve().parents[4]
OTHER_SUITES = ["analytics", "live", "http"]  # writes and soak: below, they take --seconds


class Command(BaseCommand):
    help = "Run a benchmark: feed, coach, analytics, live, http, soak or writes. Uses its own database file (var/bench.sqlite3) unless DATABASE_URL is set."

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=["feed", "coach", "writes", "soak", *OTHER_SUITES])
        parser.add_argument("--writers", type=int, default=50, help="writes: concurrent API clients")
        parser.add_argument("--seconds", type=int, default=None,
                            help="writes: how long they write (60); soak: how long it runs (600)")
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--posts", type=int, default=None, help="Total posts (default: 100 per person).")
        parser.add_argument("--replies", type=int, default=None, help="Total replies (default: = posts).")
        parser.add_argument("--reactions", type=int, default=None, help="Total reactions (default: 5 per post).")
        parser.add_argument("--json", type=Path, dest="json_out")
        parser.add_argument("--no-actstream", action="store_true")

    def handle(self, *args, suite, people, seed, requests, posts, replies, reactions, json_out, no_actstream,
               writers=50, seconds=None, **o):
        if requests < 1:
            raise CommandError("--requests must be at least 1")
        if str(REPO_ROOT) not in sys.path:
            sys.path.insert(0, str(REPO_ROOT))
        log = lambda m: self.stdout.write(m)  # noqa: E731
        if suite == "soak":
            from bench import soak

            soak.run(people=people, seed=seed, out=json_out, requests=requests, log=log,
                     seconds=600 if seconds is None else seconds)
            return
        if suite == "writes":
            from bench import writes

            seconds = 60 if seconds is None else seconds
            if writers < 1 or seconds < 1:
                raise CommandError("--writers and --seconds must be at least 1")
            writes.run(people=people, seed=seed, out=json_out, requests=requests, log=log, writers=writers,
                       seconds=seconds)
            return
        if suite == "coach":
            from bench import coach

            coach.run(people=people, seed=seed, out=json_out, requests=requests, log=log)
            return
        if suite in OTHER_SUITES:
            import importlib

            module = importlib.import_module(f"bench.{suite}")
            module.run(people=people, seed=seed, out=json_out, requests=requests, log=log)
            return
        from bench import feed

        posts = posts if posts is not None else people * 100
        replies = replies if replies is not None else posts
        reactions = reactions if reactions is not None else posts * 5
        feed.run(people=people, seed=seed, out=json_out, requests=requests, posts=posts, replies=replies,
                 reactions=reactions, actstream=not no_actstream, log=log)
