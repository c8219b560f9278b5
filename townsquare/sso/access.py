"""Access for single sign-on: the org admins' SSO page, the sign-in routes (which exist only when SSO is set up),
a break-glass link (its secret is the right to open it). Not found and not allowed are the same 404."""

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from townsquare.people.access import access_org_admin, is_org_admin
from townsquare.sso.models import BreakGlassLink, token_digest


def access_sso_admin(person) -> None:
    access_org_admin(person, what="No such page")


def access_sso_enabled() -> None:
    """The sign-in routes: a 404 when OIDC_ISSUER is not set."""
    if not settings.OIDC_ENABLED:
        raise Http404("Single sign-on is not set up")


def access_break_glass(token: str) -> BreakGlassLink:
    """The open break-glass link behind `token`: unused, not run out, for a person who is still an active org admin."""
    link = (BreakGlassLink.objects.select_related("person").filter(token_hash=token_digest(token or "")).first()
            if token and len(token) <= 100 else None)
    if link is None or link.used_at is not None or link.expires_at <= timezone.now() or not is_org_admin(link.person):
        raise Http404("This sign-in link has been used, has run out or never existed")
    return link
