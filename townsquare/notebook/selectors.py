"""Reads for the notebook: always the signed-in person's own notes (access.notes_visible_to)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from townsquare.conversations.models import Group, Membership
from townsquare.notebook.access import notes_visible_to
from townsquare.notebook.models import Note

FLOW_WINDOW_DAYS = 28  # the seek → sense → share counts cover this many days
LIST_LIMIT = 100  # the notebook page shows at most this many notes (newest first)
QUERY_MAX_CHARS = 200


def notes_for(person, *, q: str = "", tag: str = "", insights_only: bool = False) -> QuerySet[Note]:
    """The person's notes, newest first. `q` matches title, body or tags (case-insensitive); `tag` one tag."""
    qs = notes_visible_to(person).select_related("shared_post")
    q = (q or "").strip()[:QUERY_MAX_CHARS].replace("\x00", "")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(tags__icontains=q.lstrip("#")))
    tag = (tag or "").strip().lstrip("#").lower().replace("\x00", "")
    if tag:
        qs = qs.filter(tags__contains=f",{tag},")
    if insights_only:
        qs = qs.filter(insight_at__isnull=False)
    return qs.order_by("-created_at", "-id")


def tags_of(person) -> list[tuple[str, int]]:
    """Every tag the person uses with how many notes carry it, most used first."""
    counts: dict[str, int] = {}
    for tags in notes_visible_to(person).exclude(tags="").values_list("tags", flat=True):
        for tag in tags.split(","):
            if tag:
                counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class Flow:
    """Seek → sense → share over the last `days` days."""

    days: int
    seek: int  # notes captured
    sense: int  # notes marked as insights
    share: int  # insights published as posts


def flow(person, now: datetime | None = None) -> Flow:
    since = (now or timezone.now()) - timedelta(days=FLOW_WINDOW_DAYS)
    counts = notes_visible_to(person).aggregate(
        seek=Count("id", filter=Q(created_at__gte=since)),
        sense=Count("id", filter=Q(insight_at__gte=since)),
        share=Count("id", filter=Q(shared_at__gte=since)),
    )
    return Flow(days=FLOW_WINDOW_DAYS, seek=counts["seek"], sense=counts["sense"], share=counts["share"])


def composer_groups(person) -> QuerySet[Group]:
    """The groups the person may post in from the insight's composer: their active memberships, by name."""
    return Group.objects.filter(memberships__person=person, memberships__state=Membership.State.ACTIVE).order_by("name")
