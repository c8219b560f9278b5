"""The provider's discovery document (OpenID Connect Discovery 1.0): `{issuer}/.well-known/openid-configuration`.

It names the endpoints Townsquare talks to (authorization, token, userinfo, JWKS), so an admin sets only the issuer.
It is fetched the first time a sign-in needs it and kept in the cache for an hour; a provider that cannot be reached,
answers with an error or sends something that is not a discovery document for this issuer raises ProviderUnavailable
with a sentence a person can act on, and nothing is cached.
"""

from __future__ import annotations

import requests
from django.conf import settings
from django.core.cache import cache

from townsquare.sso.errors import ProviderUnavailable

CACHE_SECONDS = 3600
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")  # userinfo_endpoint is optional in the spec


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _cache_key(issuer: str) -> str:
    return f"sso:discovery:{issuer}"


def provider_metadata() -> dict:
    """The discovery document of settings.OIDC_ISSUER (cached), or ProviderUnavailable."""
    issuer = settings.OIDC_ISSUER
    cached = cache.get(_cache_key(issuer))
    if cached is not None:
        return cached
    try:
        response = requests.get(discovery_url(issuer), timeout=settings.OIDC_TIMEOUT,
                                headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise ProviderUnavailable(f"could not reach {discovery_url(issuer)} ({type(exc).__name__})") from exc
    if response.status_code != 200:
        raise ProviderUnavailable(f"{discovery_url(issuer)} answered {response.status_code}")
    try:
        metadata = response.json()
    except ValueError as exc:
        raise ProviderUnavailable(f"{discovery_url(issuer)} did not answer with JSON") from exc
    if not isinstance(metadata, dict):
        raise ProviderUnavailable(f"{discovery_url(issuer)} did not answer with a discovery document")
    missing = [name for name in ENDPOINTS if not isinstance(metadata.get(name), str) or not metadata[name]]
    if missing:
        raise ProviderUnavailable(f"the discovery document has no {', '.join(missing)}")
    # The spec: the document's issuer is exactly the one it was fetched for (a trailing slash aside).
    if str(metadata.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable(f"the discovery document names issuer {metadata.get('issuer')!r}, not {issuer!r}")
    cache.set(_cache_key(issuer), metadata, CACHE_SECONDS)
    return metadata


def forget() -> None:
    """Drop the cached document (the admin page's "check again", and tests that restart a provider)."""
    cache.delete(_cache_key(settings.OIDC_ISSUER))
