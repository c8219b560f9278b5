"""Who may use operations' pages: organisation admins alone (people.access.is_org_admin); everyone else gets the
404 a missing page would give."""

from townsquare.people.access import access_org_admin


def access_operations_admin(person) -> None:
    access_org_admin(person)
