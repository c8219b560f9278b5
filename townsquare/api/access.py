"""Access for the API's own rows: a person's personal access tokens are theirs alone.

Someone else's token, a revoked one and an id that does not exist are the same 404, so an id never
tells anyone that a token exists.
"""

from django.http import Http404

from townsquare.api.models import AccessToken

TOKEN_ACTIONS = ("read", "revoke")


def tokens_visible_to(person):
    """Every token of the person's own, active and revoked, newest first; nobody else's."""
    if not getattr(person, "is_authenticated", False):
        return AccessToken.objects.none()
    return AccessToken.objects.filter(person=person)


def access_token(person, token_id, action: str = "read") -> AccessToken:
    """The person's token `token_id`, for `action`:

    read    any of their own tokens, revoked ones included
    revoke  only one still active (a revoked token cannot be revoked again)
    """
    if action not in TOKEN_ACTIONS:
        raise ValueError(f"Unknown action on a token: {action!r}")
    try:
        token_id = int(token_id)
    except (TypeError, ValueError):
        raise Http404("No such token") from None
    tokens = tokens_visible_to(person)
    if action == "revoke":
        tokens = tokens.filter(revoked_at__isnull=True)
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token")
    return token
