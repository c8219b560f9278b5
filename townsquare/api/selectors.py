"""Reads for the personal access tokens page."""

from townsquare.api.access import tokens_visible_to
from townsquare.api.models import AccessToken

REVOKED_SHOWN = 10


def tokens_page(person) -> dict:
    """The person's active tokens and their ten most recently made revoked ones, newest first."""
    tokens = list(tokens_visible_to(person))
    return {"active": [t for t in tokens if t.is_active],
            "revoked": [t for t in tokens if not t.is_active][:REVOKED_SHOWN],
            "scopes": AccessToken.Scope.choices}
