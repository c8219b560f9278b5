"""The one way a typed @handle becomes a person, for every page, form and API operation.

People type handles with or without the "@", in any case, one or several separated by spaces or commas.
A handle that names nobody is `NoSuchHandle` (a ValidationError, so forms and pages show its message; the API
answers it as a 404 with the field, as it does for a group that does not exist), always with the same words.
"""

import re

from django.core.exceptions import ValidationError

from townsquare.core.errors import NoSuchReference
from townsquare.people.models import Person

MAX_HANDLE_CHARS = 40
# What a handle can hold (Person.handle is a slug); anything else names nobody, without asking the database
# (PostgreSQL refuses a NUL in a query parameter).
HANDLE_CHARS = re.compile(rf"[-a-z0-9_]{{1,{MAX_HANDLE_CHARS}}}")
MISSING = "Write the person's handle."


class NoSuchHandle(NoSuchReference):
    """One or more handles that name nobody (active, where that was asked for)."""

    def __init__(self, field: str, handles: list[str], *, active: bool):
        self.handles = handles
        super().__init__({field: [no_such_handle(h, active=active) for h in handles]})


def no_such_handle(handle: str, *, active: bool = False) -> str:
    shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in handle[:MAX_HANDLE_CHARS])
    return f"Nobody {'active ' if active else ''}has the handle “@{shown}”."


def normalise(raw: str | None) -> str:
    """"@Alex-Morgan " → "alex-morgan" (no "@", no spaces, lower case)."""
    return (raw or "").strip().lstrip("@").strip().lower()[: MAX_HANDLE_CHARS + 1]


def split(raw: str | list[str] | None) -> list[str]:
    """Several handles from one typed string ("@a, @b c") or a list, normalised, in order, without repeats."""
    items = raw.replace(",", " ").split() if isinstance(raw, str) else list(raw or [])
    return list(dict.fromkeys(h for h in (normalise(i) for i in items) if h))


def person_by_handle(raw: str | None, *, field: str = "handle", active: bool = False,
                     required: bool = True) -> Person | None:
    """The person `raw` names, None when it is empty and not `required`, else NoSuchHandle."""
    handle = normalise(raw)
    if not handle:
        if required:
            raise ValidationError({field: [MISSING]})
        return None
    people = Person.objects.filter(handle=handle)
    if active:
        people = people.filter(is_active=True)
    person = people.first() if HANDLE_CHARS.fullmatch(handle) else None
    if person is None:
        raise NoSuchHandle(field, [handle], active=active)
    return person


def people_by_handles(raw: str | list[str] | None, *, field: str, active: bool = True) -> list[Person]:
    """Everyone `raw` names, in the order written; NoSuchHandle naming each handle that names nobody."""
    handles = split(raw)
    people = Person.objects.filter(handle__in=[h for h in handles if HANDLE_CHARS.fullmatch(h)])
    if active:
        people = people.filter(is_active=True)
    found = {p.handle: p for p in people}
    unknown = [h for h in handles if h not in found]
    if unknown:
        raise NoSuchHandle(field, unknown, active=active)
    return [found[h] for h in handles]


# --- a person named by what people remember: a name, part of one, or the start of a handle ----------------------

MAX_NAME_WORDS = 4


def people_matching(raw: str | None, *, limit: int = 8):
    """Active people whose name holds every word typed (as the start of one of its words) or whose handle starts
    with what was typed: "gr" finds Greta Lind (@glind) and @grant; "greta li" finds Greta Lind. Best first: a
    handle typed in full, then a name or handle that starts with it, then by name. The matcher of the composer's
    @-suggestions and of the search filter "author"; `limit` rows at most."""
    from django.db.models import Case, IntegerField, Q, Value, When

    text = "".join(ch for ch in (raw or "") if ch.isprintable()).strip().lstrip("@").strip()[:80]
    words = text.lower().split()[:MAX_NAME_WORDS]
    if not words:
        return Person.objects.none()
    handle = normalise(text)
    by_name = Q()
    for word in words:
        by_name &= Q(name__istartswith=word) | Q(name__icontains=f" {word}") | Q(name__icontains=f"-{word}")
    match = by_name | (Q(handle__startswith=handle) if HANDLE_CHARS.fullmatch(handle) else Q(pk__in=[]))
    rank = Case(When(handle=handle, then=Value(0)), When(Q(name__istartswith=words[0]) | Q(handle__startswith=handle),
                                                          then=Value(1)), default=Value(2), output_field=IntegerField())
    return (Person.objects.filter(match, is_active=True).select_related("department")
            .annotate(match_rank=rank).order_by("match_rank", "name", "pk")[:limit])
