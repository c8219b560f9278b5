"""Who may use SCIM: an identity provider with an active SCIM token (never a browser session), and, for the
token page, organisation admins alone (everyone else gets the 404 a missing page would give)."""

from django.http import Http404

from townsquare.people.access import access_org_admin
from townsquare.scim import errors
from townsquare.scim.models import ScimToken


def scim_caller(request) -> ScimToken:
    """The SCIM token of this request, or a 401 ScimError. Session cookies count for nothing here."""
    from townsquare.scim.services import token_authenticate

    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise errors.ScimError(401, "Send a SCIM token as Authorization: Bearer <token>. "
                                    "An organisation admin makes one on Townsquare's SCIM page.")
    token = token_authenticate(raw.strip())
    if token is None:
        raise errors.ScimError(401, "This token is not valid: it is wrong or has been revoked.")
    return token


def access_tokens_admin(person) -> None:
    access_org_admin(person)


def access_scim_token(person, token_id: int) -> ScimToken:
    access_org_admin(person)
    token = ScimToken.objects.filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token")
    return token
