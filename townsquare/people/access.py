"""Access for people: who is an organisation admin, and who may do what to a person or an invitation.

`is_org_admin` is the one place that decides who is an organisation admin; every package, template
(`user.is_org_admin`, the Person property delegates here) and the API ask it. The access functions raise
the same 404 for "no such thing" and "not yours to do", so an id or handle never tells an outsider
that something exists.
"""

from django.http import Http404

PERSON_ACTIONS = ("read", "admin")


def is_org_admin(person) -> bool:
    """An organisation admin: signed in, active, and marked as staff (`Person.is_staff`)."""
    return bool(getattr(person, "is_authenticated", False) and person.is_active and person.is_staff)


def access_org_admin(person, *, what: str = "Not found") -> None:
    """Pages only organisation admins have: everyone else gets the 404 a missing page would give."""
    if not is_org_admin(person):
        raise Http404(what)


def access_person(viewer, handle: str, action: str = "read"):
    """The person with `handle`, for `action`:

    read   every signed-in colleague sees every profile (deactivated ones included: their posts stay)
    admin  an organisation admin's actions on the person (deactivate, reactivate)
    """
    from townsquare.people.models import Person

    if action not in PERSON_ACTIONS:
        raise ValueError(f"Unknown action on a person: {action!r}")
    if not getattr(viewer, "is_authenticated", False) or (action == "admin" and not is_org_admin(viewer)):
        raise Http404("No such person")
    person = Person.objects.select_related("department", "manager").filter(handle=handle).first()
    if person is None:
        raise Http404("No such person")
    return person


def access_avatar(viewer, handle: str):
    """The person's picture file: a person without one is the same 404 as no such person."""
    person = access_person(viewer, handle, action="read")
    if not person.avatar:
        raise Http404("No picture")
    return person.avatar


def access_invitation_for_admin(person, invitation_id: int):
    """An invitation, for an org admin's resend or withdraw; everyone else gets the 404 of a missing one."""
    from townsquare.people.models import Invitation

    access_org_admin(person, what="No such invitation")
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


def access_invitation(token: str):
    """The invitation behind a link: the token is the secret, so anyone holding it may open it."""
    from townsquare.people.models import Invitation

    invitation = Invitation.objects.filter(token=token).first() if token else None
    if invitation is None:
        raise Http404("No such invitation")
    return invitation
