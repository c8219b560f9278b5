"""`sso` in every template: whether the sign-in page shows the SSO button, its label, and SSO-only mode."""

from django.conf import settings


def sso(request) -> dict:
    return {"sso": {"enabled": settings.OIDC_ENABLED, "label": settings.OIDC_BUTTON_LABEL, "only": settings.SSO_ONLY}}
