"""`townsquare demo`: migrate, generate the demo organisation when the database is empty, serve.

It serves the ASGI application with uvicorn in this process, so live updates (server-sent events,
townsquare/live) work in the demo; the background worker runs as threads beside it. With --with-sso, a real
OpenID Connect provider (oidc-provider-mock) runs beside it on 127.0.0.1 and the sign-in page offers single sign-on
through it (townsquare/demo/sso_provider.py, docs/IDENTITY.md)."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from townsquare.demo import sso_provider


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
        parser.add_argument("--with-sso", action="store_true",
                            help="Also run a test OpenID Connect provider on 127.0.0.1 and sign in with SSO through it.")
        parser.add_argument("--sso-port", type=int, default=sso_provider.DEFAULT_PORT,
                            help=f"The port of that provider (default {sso_provider.DEFAULT_PORT}; 0 picks a free one).")

    def handle(self, *args, port: int, host: str, people: int, threads: int, no_worker: bool = False,
               with_sso: bool = False, sso_port: int = sso_provider.DEFAULT_PORT, **options):
        import uvicorn

        from townsquare.asgi import application
        from townsquare.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD, generate
        from townsquare.people.models import Person

        # Before anything runs (the worker included): every link made from now on names the port we serve on.
        settings.SITE_URL = demo_site_url(host=host, port=port)
        provider = sso_provider.provider_bind(port=sso_port) if with_sso else None  # a port in use is said now
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
        sso_lines = self._start_sso(provider, host, DEMO_ACCOUNTS) if provider is not None else []
        url = f"http://{host}:{port}"
        lines = [
            "",
            f"Townsquare is running on {url}" + (f" (links in emails: {settings.SITE_URL})" if settings.SITE_URL != url else ""),
            "Sign in with one of these demo accounts (password: " + DEMO_PASSWORD + "):",
            *[f"  {email:<34} {what}" for email, what in DEMO_ACCOUNTS],
            f"Emails it sends (password resets, nudges, digests) are saved as files in {settings.EMAIL_FILE_PATH}"
            if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend") else "",
            *sso_lines,
            "Press Ctrl+C to stop.",
            "",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
        self.stdout.flush()
        # Open live streams end when Ctrl+C is pressed (after at most two seconds), not when they finish.
        try:
            uvicorn.run(application, host=host, port=port, lifespan="off", log_level="warning",
                        timeout_graceful_shutdown=2, server_header=False)
        finally:
            if provider is not None:
                provider.stop()

    def _start_sso(self, provider, host: str, accounts) -> list[str]:
        """Serve the demo's provider and point the SSO settings at it → the lines that say how to sign in."""
        users = sso_provider.demo_user_claims([email for email, _ in accounts])
        provider.serve(users)
        sso_provider.settings_use(provider)
        lines = ["", f"Single sign-on: a test sign-in provider is running on {provider.issuer} for this run.",
                 f"  On the sign-in page, choose \"{settings.OIDC_BUTTON_LABEL}\". The provider's page opens."]
        if users:
            lines += [f"  To sign in as {users[0]['name']}, press the button {users[0]['sub']}",
                      "  (or type that email in the box and press Authorize).",
                      "  Any other person's email works the same way; an email nobody has yet makes a new account."]
        else:
            lines += ["  Type the email of someone in this organisation in the box and press Authorize;",
                      "  an email nobody has yet makes a new account."]
        if host not in ("127.0.0.1", "localhost", "::1"):
            lines.append("  The provider listens on 127.0.0.1 only: sign in with SSO from a browser on this machine.")
        return lines
