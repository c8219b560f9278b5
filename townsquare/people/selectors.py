"""Reads for people: the directory and the org chart. People are visible to every signed-in colleague."""

from django.db.models import Q, QuerySet

from townsquare.people.models import Department, Invitation, Person


def people_visible_to(viewer) -> QuerySet[Person]:
    if not viewer.is_authenticated:
        return Person.objects.none()
    return Person.objects.all()


def access_person(viewer, handle: str) -> Person:
    """Kept for callers that read a profile: people.access.access_person(viewer, handle, action="read")."""
    from townsquare.people.access import access_person

    return access_person(viewer, handle, action="read")


def not_signed_in_yet(limit: int = 500):
    """Active people who arrived without signing in (CSV import, SCIM, an admin) and have not signed in since,
    newest first, each with their welcome (how they came, when it was last sent) when they have one."""
    return (Person.objects.filter(is_active=True, last_login__isnull=True).select_related("welcome", "department")
            .order_by("-date_joined", "-id")[:limit])


def invitations_waiting(limit: int = 500):
    """Invitations nobody has used or withdrawn (expired ones included: they can be sent again)."""
    return (Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related("invited_by")
            .order_by("-created_at")[:limit])


def invitations_sent_by(person: Person, limit: int = 50):
    return Invitation.objects.filter(invited_by=person).order_by("-created_at")[:limit]


def directory(viewer, *, q: str = "", department_id: int | None = None, location: str = "", skill: str = "",
              include_inactive: bool = False) -> QuerySet[Person]:
    qs = people_visible_to(viewer).select_related("department")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        for word in q.split()[:5]:
            qs = qs.filter(Q(name__icontains=word) | Q(title__icontains=word) | Q(handle__icontains=word)
                           | Q(skills__icontains=word))
    if department_id:
        qs = qs.filter(department_id=department_id)
    if location:
        qs = qs.filter(location__iexact=location)
    if skill:
        qs = qs.filter(Q(skills__icontains=skill) | Q(interests__icontains=skill))
    return qs.order_by("name")


def manager_chain(person: Person, limit: int = 20) -> list[Person]:
    """From the person's manager up to the top, nearest first."""
    chain: list[Person] = []
    ids = {person.pk}
    current_id = person.manager_id
    while current_id and len(chain) < limit and current_id not in ids:
        manager = Person.objects.select_related("department").get(pk=current_id)
        chain.append(manager)
        ids.add(manager.pk)
        current_id = manager.manager_id
    return chain


def reports_of(person: Person) -> QuerySet[Person]:
    return person.reports.filter(is_active=True).select_related("department").order_by("name")


def peers_of(person: Person) -> QuerySet[Person]:
    """The active people who share the person's manager (none for someone without a manager: people
    with no manager set are not one team)."""
    if not person.manager_id:
        return Person.objects.none()
    return (Person.objects.filter(manager_id=person.manager_id, is_active=True).exclude(pk=person.pk)
            .select_related("department").order_by("name"))


def org_position(person: Person) -> str:
    """Where the person stands when they have no manager: "top" only for the real root, someone with
    no manager who has (active) reports; "unset" for everyone else without a manager (a newcomer);
    "managed" when a manager is set."""
    if person.manager_id:
        return "managed"
    return "top" if person.reports.filter(is_active=True).exists() else "unset"


def departments() -> QuerySet[Department]:
    return Department.objects.order_by("name")


def locations() -> list[str]:
    return list(Person.objects.exclude(location="").values_list("location", flat=True).distinct().order_by("location"))
