"""Reads for single sign-on: what the org admins' SSO page shows (never the client secret)."""

from django.conf import settings

from townsquare.sso.models import SsoEvent, SsoIdentity

RECENT = 20


def sso_status() -> dict:
    return {
        "enabled": settings.OIDC_ENABLED,
        "issuer": settings.OIDC_ISSUER,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "secret_set": bool(settings.OIDC_RP_CLIENT_SECRET),
        "scopes": settings.OIDC_RP_SCOPES,
        "button_label": settings.OIDC_BUTTON_LABEL,
        "sso_only": settings.SSO_ONLY,
        "trust_email": settings.OIDC_TRUST_EMAIL,
        "basic_auth": settings.OIDC_TOKEN_USE_BASIC_AUTH,
        "claims": [("Name", settings.OIDC_CLAIM_NAME, "OIDC_CLAIM_NAME"),
                   ("Department", settings.OIDC_CLAIM_DEPARTMENT, "OIDC_CLAIM_DEPARTMENT"),
                   ("Title", settings.OIDC_CLAIM_TITLE, "OIDC_CLAIM_TITLE"),
                   ("Manager (by email)", settings.OIDC_CLAIM_MANAGER_EMAIL, "OIDC_CLAIM_MANAGER_EMAIL")],
        "linked": SsoIdentity.objects.filter(issuer=settings.OIDC_ISSUER).count() if settings.OIDC_ENABLED else 0,
    }


def recent_events(limit: int = RECENT) -> list[SsoEvent]:
    return list(SsoEvent.objects.select_related("person").order_by("-at", "-id")[:limit])
