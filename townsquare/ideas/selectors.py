"""Reads for ideas and recognition, every one through the access functions."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from townsquare.conversations.access import posts_visible_to
from townsquare.conversations.models import Membership, Post
from townsquare.conversations.selectors import Page, page_of
from townsquare.ideas.access import ideas_visible_to
from townsquare.ideas.models import (
    CompanyValue,
    IdeaCollaborator,
    IdeaNotification,
    IdeaState,
    IdeaStatusChange,
    IdeaUpdate,
    IdeaVote,
    PraiseValue,
)
from townsquare.people.models import Department

BOARD_PAGE_SIZE = 20
SORTS = {"votes": "Most votes", "newest": "Newest"}
MINE = {"mine": "Shared or owned by me", "voted": "I voted for", "helping": "I'm helping with"}
SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 8


def search_words(q: str) -> list[str]:
    """The words of a board search: at most SEARCH_MAX_WORDS, each matched anywhere in the title or body."""
    return [w for w in (q or "").split() if w][:SEARCH_MAX_WORDS]


def idea_board(person, *, group=None, status: str = "", sort: str = "votes", mine: str = "",
               q: str = "") -> QuerySet[IdeaState]:
    """Ideas the person may read, company-wide or in one group, filtered (status, whose, words) and
    sorted; `i_voted` and `i_collaborate` are annotated so a page of the board is one query."""
    qs = ideas_visible_to(person)
    if group is not None:
        qs = qs.filter(post__group=group)
    if status:
        qs = qs.filter(status=status)
    if mine == "mine":
        qs = qs.filter(Q(post__author=person) | Q(owner=person))
    elif mine == "voted":
        qs = qs.filter(Exists(IdeaVote.objects.filter(idea=OuterRef("pk"), person=person)))
    elif mine == "helping":
        qs = qs.filter(Exists(IdeaCollaborator.objects.filter(idea=OuterRef("pk"), person=person)))
    for word in search_words(q):
        qs = qs.filter(Q(post__title__icontains=word) | Q(post__body__icontains=word))
    order = ["-post__created_at", "-post_id"] if sort == "newest" else ["-vote_count", "-post__created_at", "-post_id"]
    return (qs.select_related("post", "post__author", "post__group", "owner")
            .annotate(i_voted=Exists(IdeaVote.objects.filter(idea=OuterRef("pk"), person=person)),
                      i_collaborate=Exists(IdeaCollaborator.objects.filter(idea=OuterRef("pk"), person=person)))
            .order_by(*order))


def status_counts(person, *, group=None) -> dict[str, int]:
    qs = ideas_visible_to(person)
    if group is not None:
        qs = qs.filter(post__group=group)
    counts = {s: 0 for s in IdeaState.Status.values}
    for status in qs.values_list("status", flat=True):
        counts[status] += 1
    return counts


def unread_idea_notifications(person, limit: int = 10) -> list[IdeaNotification]:
    """Unread status changes of ideas the person still may read."""
    return list(IdeaNotification.objects.filter(recipient=person, read_at__isnull=True,
                                                idea__in=ideas_visible_to(person))
                .select_related("actor", "change", "idea__post")[:limit])


@dataclass
class IdeaPage:
    idea: IdeaState
    i_voted: bool
    i_collaborate: bool
    collaborators: list
    updates: list
    history: list
    my_notifications: list


def idea_page(person, idea: IdeaState) -> IdeaPage:
    return IdeaPage(
        idea=idea,
        i_voted=IdeaVote.objects.filter(idea=idea, person=person).exists(),
        i_collaborate=IdeaCollaborator.objects.filter(idea=idea, person=person).exists(),
        collaborators=list(IdeaCollaborator.objects.filter(idea=idea).select_related("person")),
        updates=list(IdeaUpdate.objects.filter(idea=idea).select_related("author")[:50]),
        history=list(IdeaStatusChange.objects.filter(idea=idea).select_related("actor")[:50]),
        my_notifications=list(IdeaNotification.objects.filter(recipient=person, idea=idea)
                              .select_related("actor", "change")[:10]),
    )


# --- recognition ------------------------------------------------------------------------------

def active_values() -> list[CompanyValue]:
    return list(CompanyValue.objects.filter(is_active=True).order_by("name"))


def company_values() -> QuerySet[CompanyValue]:
    """Every value, active or retired, by name (the wall's filter)."""
    return CompanyValue.objects.order_by("name")


def company_values_to_manage() -> QuerySet[CompanyValue]:
    """Every value for the admins' page: active ones first, then by name."""
    return CompanyValue.objects.order_by("-is_active", "name")


def company_value(value_id: int) -> CompanyValue | None:
    return CompanyValue.objects.filter(pk=value_id).first()


def praise_value_of(post: Post) -> CompanyValue | None:
    """The company value a praise post shows, or None."""
    link = PraiseValue.objects.filter(post=post).select_related("value").first()
    return link.value if link else None


def department(department_id: int) -> Department | None:
    return Department.objects.filter(pk=department_id).first()


def recognition_wall(person, *, value: CompanyValue | None = None, department: Department | None = None) -> QuerySet[Post]:
    """Praise the person may read; optionally for one value, or to someone in one department."""
    qs = posts_visible_to(person).filter(kind=Post.Kind.PRAISE)
    if value is not None:
        qs = qs.filter(pk__in=PraiseValue.objects.filter(value=value).values("post_id"))
    if department is not None:
        qs = qs.filter(pk__in=Post.praised_people.through.objects.filter(person__department=department)
                       .values("post_id"))
    return qs


def wall_page(person, qs: QuerySet[Post], *, cursor: str | None) -> Page:
    """A page of the wall; each praise card shows its company value (a card label registered in apps.py)."""
    return page_of(qs, person, cursor=cursor)


def value_counts(person) -> list[tuple[CompanyValue, int]]:
    """Each company value with the number of praise posts the person may read that recognise it, most first
    (retired values only when they have praise). One query for the counts, one for the values."""
    readable = posts_visible_to(person).filter(kind=Post.Kind.PRAISE).values("pk")
    counts = dict(PraiseValue.objects.filter(post_id__in=readable).values("value_id")
                  .annotate(n=Count("post_id")).values_list("value_id", "n"))
    rows = [(v, counts.get(v.pk, 0)) for v in CompanyValue.objects.order_by("name") if v.is_active or counts.get(v.pk)]
    rows.sort(key=lambda row: -row[1])  # stable: by name within a count
    return rows


def recognition_counts(viewer, person) -> dict[str, int]:
    """Praise given and received by `person`, counting only the praise `viewer` may read (so a
    private group's praise never shows in an outsider's numbers). Praise to a team counts as
    received by each of its members."""
    praise = posts_visible_to(viewer).filter(kind=Post.Kind.PRAISE)
    teams = Membership.objects.filter(person=person, state=Membership.State.ACTIVE).values("group_id")
    received = praise.filter(
        Q(pk__in=Post.praised_people.through.objects.filter(person=person).values("post_id"))
        | Q(praised_group__in=teams)
    ).exclude(author=person)
    return {"given": praise.filter(author=person).count(), "received": received.count()}
