"""Reads for circles: my circles, one circle's page (members only, through access.access_circle) and the
finder, each in a fixed number of queries."""

import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from townsquare.circles import access
from townsquare.circles.guides import WEEKS, guide_for
from townsquare.circles.models import Circle, CircleCheckIn, CircleMember, CircleNote

NOTES_LIMIT = 50
FINDER_CANDIDATES = 500
FINDER_RESULTS = 20
STOPWORDS = frozenset("""a an and are as at be but by for from get how i in into is it me my of on or our so that the
their them to up we with want would like more better about this new you your do can will""".split())


def my_circles(person) -> list[Circle]:
    """The person's circles, open ones first."""
    order = {Circle.Status.ACTIVE: 0, Circle.Status.FORMING: 1, Circle.Status.COMPLETED: 2}
    circles = list(access.circles_of(person).order_by("-created_at"))
    return sorted(circles, key=lambda c: order[c.status])


@dataclass
class CirclePage:
    circle: Circle
    week: int
    members: list[CircleMember]
    me: CircleMember
    check_ins: dict  # person id -> this week's CircleCheckIn
    my_check_in: CircleCheckIn | None
    notes: list[CircleNote]
    weeks_met: int
    check_in_count: int

    @property
    def guide(self):
        return guide_for(self.week)

    @property
    def weeks_together(self) -> int:
        """How many weeks the circle met for: to its completion, or to now."""
        return self.circle.week(self.circle.completed_at) if self.circle.completed_at else self.week

    @property
    def weeks_left(self) -> int:
        return max(0, WEEKS - self.week)


def circle_page(person, circle: Circle, *, now: datetime | None = None) -> CirclePage:
    """Everything on a circle's page, for a member (the caller got `circle` from access.access_circle)."""
    week = circle.week(now)
    members = list(CircleMember.objects.filter(circle=circle).select_related("person", "person__department"))
    me = next(m for m in members if m.person_id == person.pk)
    all_check_ins = list(CircleCheckIn.objects.filter(circle=circle).values_list("person_id", "week", "met"))
    this_week = {c.person_id: c for c in CircleCheckIn.objects.filter(circle=circle, week=week)} if week else {}
    notes = list(CircleNote.objects.filter(circle=circle).select_related("author")[:NOTES_LIMIT])
    return CirclePage(
        circle=circle, week=week, members=members, me=me, check_ins=this_week, my_check_in=this_week.get(person.pk),
        notes=notes, weeks_met=len({w for _, w, met in all_check_ins if met}), check_in_count=len(all_check_ins),
    )


# --- the finder ------------------------------------------------------------------------------

def _stem(word: str) -> str:
    """A crude stem, enough to match "forecasting" with "forecasts" and "customers" with "customer"."""
    return word[:6]


def keywords(text: str) -> dict[str, str]:
    """Meaningful words of a text: stem -> the word as written (lower case)."""
    words = {}
    for w in re.findall(r"[a-zA-Z][a-zA-Z0-9+#-]{1,}", text.lower()):
        if w not in STOPWORDS and len(w) > 2:
            words.setdefault(_stem(w), w)
    return words


def utc_offset_hours(zone: str, now: datetime) -> float:
    try:
        offset = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset is not None else 0.0


def hours_apart(a: str, b: str, now: datetime) -> float:
    d = abs(utc_offset_hours(a, now) - utc_offset_hours(b, now))
    return min(d, 24 - d)


@dataclass
class FinderResult:
    circle: Circle
    matched: list[str]
    hours_apart: float

    @property
    def hours_text(self) -> str:
        if self.hours_apart == 0:
            return "your time zone"
        h = f"{self.hours_apart:g}"
        return f"{h} hour{'s' if self.hours_apart != 1 else ''} from you"


def find_circles(person, *, words: str, time_zone: str, now: datetime | None = None) -> list[FinderResult]:
    """Open circles with room, ranked by the words shared between the search (your goal's keywords) and the
    circle's public name and focus, then by how close its time zone is to yours, then by how close it is to
    starting (more members first). One query."""
    now = now or timezone.now()
    wanted = keywords(words)
    results = []
    for circle in access.circles_open_to(person, now).order_by("-member_count", "created_at")[:FINDER_CANDIDATES]:
        theirs = keywords(f"{circle.name} {circle.focus}")
        matched = sorted(theirs[s] for s in set(wanted) & set(theirs))
        results.append(FinderResult(circle=circle, matched=matched, hours_apart=hours_apart(time_zone, circle.time_zone, now)))
    results.sort(key=lambda r: (-len(r.matched), r.hours_apart, -r.circle.member_count, r.circle.created_at))
    return results[:FINDER_RESULTS]


# --- staged sharing: a post shared first with one's circle (conversations.extensions.PreviewSource) --------------

def preview_options(person) -> list[tuple[str, str]]:
    """The composer's "Share first with" choice: one's circle. Offered to everyone without a query (the composer is
    on every feed page); someone in no circle is told so when they post."""
    return [("circle", "My working-out-loud circle")]


def preview_people(person, value: str):
    """(the circle's name, its other members) for "circle" (the person's newest circle that is meeting or forming)
    or "circle:<id>" (one of the person's circles); None when there is none."""
    circles = access.circles_of(person).exclude(status=Circle.Status.COMPLETED).order_by("-started_at", "-created_at")
    if ":" in value:
        raw = value.split(":", 1)[1]
        if not raw.isdigit() or len(raw) > 18:
            return None
        circles = access.circles_of(person).filter(pk=int(raw))
    circle = circles.first()
    if circle is None:
        return None
    members = [m.person for m in CircleMember.objects.filter(circle=circle).select_related("person")
               if m.person_id != person.pk and m.person.is_active]
    return circle.name, members
