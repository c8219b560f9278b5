"""Fixtures for the SSO tests: a real provider on loopback and settings pointing at it."""

from urllib.parse import urlsplit

import pytest
import requests

from tests.oidc_provider import CraftedProvider, mock_provider, use_provider

# The people the mock provider knows (its authorize page has a button for each).
ALICE = {"sub": "idp-alice", "email": "alice@example.test", "email_verified": True, "name": "Alice Member"}
NEWBIE = {"sub": "idp-newbie", "email": "nina.new@example.test", "email_verified": True, "name": "Nina Newcomer",
          "department": "Research", "title": "Data Scientist", "manager_email": "gina@example.test"}
UNVERIFIED = {"sub": "idp-unverified", "email": "otto@example.test", "email_verified": False, "name": "Otto"}
DAVE = {"sub": "idp-dave", "email": "dave@example.test", "email_verified": True, "name": "Dave"}
USERS = [ALICE, NEWBIE, UNVERIFIED, DAVE]


@pytest.fixture
def mock_issuer(settings):
    with mock_provider(USERS) as issuer:
        use_provider(settings, issuer)
        yield issuer


@pytest.fixture
def crafted(settings):
    with CraftedProvider() as provider:
        use_provider(settings, provider.issuer)
        yield provider


def start(client, next_url: str | None = None) -> str:
    """Our /sso/login/ → the provider's authorization URL it sends the browser to."""
    response = client.get("/sso/login/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def at_provider(authorize_url: str, sub: str | None = None) -> str:
    """What the browser does at the provider (over real HTTP): pick `sub` on the mock's page, or just follow the
    crafted provider's answer → the callback URL it sends the browser back to (path and query)."""
    if sub is None:
        response = requests.get(authorize_url, allow_redirects=False, timeout=10)
    else:
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:300]
    back = urlsplit(response.headers["Location"])
    assert back.path == "/sso/callback/"
    return f"{back.path}?{back.query}"


def sign_in(client, sub: str | None = None, next_url: str | None = None):
    """The whole round trip → our callback's response."""
    return client.get(at_provider(start(client, next_url), sub))


def signed_in_as(client):
    from django.contrib.auth import get_user

    class R:  # get_user needs only .session
        session = client.session

    user = get_user(R())
    return user if user.is_authenticated else None
