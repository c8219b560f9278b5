"""townsquare seed: fill an empty database with a generated organisation."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from townsquare.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD, MIN_PEOPLE, generate
from townsquare.people.models import Person


def _count(value: str) -> int:
    try:
        n = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise ValueError(f"{value!r} is not a whole number") from None
    if n < 0:
        raise ValueError(f"{value!r} is negative")
    return n


class Command(BaseCommand):
    help = (
        "Generate a demo organisation: people in a management tree, groups, and weeks of posts, replies, "
        "reactions and views. The database must be empty, unless --force (which erases it first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=_count, default=300, help="How many people (default 300).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same organisation.")
        parser.add_argument("--weeks", type=_count, default=8, help="Weeks of history (default 8).")
        parser.add_argument("--posts", type=_count, default=None, help="Total posts (default: the natural demo volume).")
        parser.add_argument("--replies", type=_count, default=None, help="Total replies (default: natural).")
        parser.add_argument("--reactions", type=_count, default=None, help="Total reactions (default: natural).")
        parser.add_argument("--no-views", action="store_true", help="Do not record post views (faster for huge runs).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")
        parser.add_argument("--force", action="store_true",
                            help="Erase EVERYTHING in the database first (like `townsquare flush`), then generate.")

    def handle(self, *args, **opts):
        if opts["people"] < MIN_PEOPLE:
            raise CommandError(f"--people must be at least {MIN_PEOPLE}.")
        if opts["weeks"] < 1:
            raise CommandError("--weeks must be at least 1.")
        existing = Person.objects.count()
        if existing:
            if not opts["force"]:
                raise CommandError(
                    f"This database already has {existing:,} people, so nothing was generated. "
                    "Seed an empty database (for example another --data-dir), or add --force to erase "
                    "everything in this one first."
                )
            self.stderr.write(f"--force: erasing the database ({existing:,} people and everything else)…")
            call_command("flush", interactive=False, verbosity=0)

        counts = generate(
            people=opts["people"], seed=opts["seed"], weeks=opts["weeks"], posts=opts["posts"],
            replies=opts["replies"], reactions=opts["reactions"], views=not opts["no_views"],
            progress=not opts["no_progress"], stdout=self.stdout,
        )
        out = self.stdout
        out.write(self.style.SUCCESS(f"Generated the demo organisation in {counts['seconds']} s:"))
        for key in ("people", "departments", "groups", "memberships", "follows", "topics", "posts", "replies",
                    "best_answers", "reactions", "views", "bookmarks", "mentions", "notifications", "search_entries"):
            out.write(f"  {key.replace('_', ' '):<15} {counts[key]:>12,}")
        rows = sum(v for k, v in counts.items() if k != "seconds")
        if counts["seconds"]:
            out.write(f"  {'rows per second':<15} {rows / counts['seconds']:>12,.0f}")
        out.write("")
        out.write("Sign in with one of these accounts (password: " + DEMO_PASSWORD + "):")
        for email, description in DEMO_ACCOUNTS:
            out.write(f"  {email:<30} {description}")
        out.write("Every other generated person can sign in too, as <handle>@demo.townsquare.test with the same password.")
