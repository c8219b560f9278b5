"""`townsquare break-glass-login EMAIL`: a one-time sign-in link for an organisation admin, valid 15 minutes.

The way in when single sign-on cannot be used (SSO_ONLY with the provider down or misconfigured): whoever can run
commands on the server may already change its settings, so the link gives nothing the shell did not. Only the
link's SHA-256 is stored; opening it asks to confirm, and it works once."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from townsquare.sso import services
from townsquare.sso.models import BreakGlassLink


class Command(BaseCommand):
    help = "Print a one-time sign-in link (15 minutes) for the organisation admin with this email."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        try:
            link, secret = services.break_glass_link_create(email=email)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        url = settings.SITE_URL + reverse("sso_break_glass", args=[secret])
        self.stdout.write(f"A one-time sign-in link for {link.person.email}, valid for {BreakGlassLink.VALID_MINUTES} "
                          f"minutes (until {link.expires_at:%H:%M} UTC):\n{url}")
