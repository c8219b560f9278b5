"""`townsquare demo`: migrate, generate the demo organisation when the database is empty, serve.

It serves the ASGI application with uvicorn in this process, so live updates (server-sent events,
townsquare/live) work in the demo; the background worker runs as threads beside it."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def demo_site_url(*, host: str, port: int) -> str:
    """The address the demo is reached at, which links in emails and webhook payloads start with: SITE_URL when
    it is set in the environment, else this host and port (a wildcard host is reached as 127.0.0.1)."""
    explicit = os.environ.get("SITE_URL", "").strip()
    if explicit:
        return explicit.rstrip("/")
    reachable = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    if ":" in reachable and not reachable.startswith("["):
        reachable = f"[{reachable}]"  # an IPv6 address in a URL
    return f"http://{reachable}:{port}"


class Command(BaseCommand):
    help = "Set up and serve the demo organisation on http://127.0.0.1:8000 (PORT or --port overrides)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--data-dir", help="Where the SQLite database and uploads live (default ./var).")
        parser.add_argument("--people", type=int, default=300, help="Size of the generated organisation.")
        parser.add_argument("--threads", type=int, default=8,
                            help="Unused since the demo serves with uvicorn (kept so old command lines still work).")
        parser.add_argument("--no-worker", action="store_true",
                            help="Do not run the background worker (coach nudges, weekly reviews) in this process.")

    def handle(self, *args, port: int, host: str, people: int, threads: int, no_worker: bool = False, **options):
        import uvicorn

        from townsquare.asgi import application
        from townsquare.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD, generate
        from townsquare.people.models import Person

        # Before anything runs (the worker included): every link made from now on names the port we serve on.
        settings.SITE_URL = demo_site_url(host=host, port=port)
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            self.stdout.write(f"Generating the demo organisation ({people} people, eight weeks of activity)…")
            generate(people=people, seed=1, progress=True)
        if not no_worker:
            # The coach's periodic work (nudges, weekly reviews) runs in this process: no other server needed.
            from townsquare.coach.tasks import start_in_process_consumer

            start_in_process_consumer()
            self.stdout.write("Background worker: running in this process (coach nudges every minute).")
        url = f"http://{host}:{port}"
        lines = [
            "",
            f"Townsquare is running on {url}" + (f" (links in emails: {settings.SITE_URL})" if settings.SITE_URL != url else ""),
            "Sign in with one of these demo accounts (password: " + DEMO_PASSWORD + "):",
            *[f"  {email:<34} {what}" for email, what in DEMO_ACCOUNTS],
            f"Emails it sends (password resets, nudges, digests) are saved as files in {settings.EMAIL_FILE_PATH}"
            if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend") else "",
            "Press Ctrl+C to stop.",
            "",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
        self.stdout.flush()
        # Open live streams end when Ctrl+C is pressed (after at most two seconds), not when they finish.
        uvicorn.run(application, host=host, port=port, lifespan="off", log_level="warning",
                    timeout_graceful_shutdown=2, server_header=False)
