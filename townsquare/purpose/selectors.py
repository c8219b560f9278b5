"""Reads for purpose and manifesto. Only the signed-in person's own data, except the published
manifesto and the purpose, which `access` hands to every signed-in person."""

import difflib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from townsquare.conversations.models import Post
from townsquare.purpose.access import manifesto_versions_visible_to
from townsquare.purpose.models import ManifestoVersion, Purpose, PurposeTag

SHARE_WINDOW_DAYS = 28  # the share of posts serving the purpose is measured over this many days
DIFF_CONTEXT_LINES = 3  # unchanged lines shown around each change


@dataclass(frozen=True)
class Suggestion:
    key: str
    title: str
    text: str


def suggestions(person) -> list[Suggestion]:
    """Three purposes to start from, worded for the person's department and skills when we know them."""
    department = person.department.name if person.department_id else ""
    skill = next(iter(person.skill_list), "")
    team = f"the {department} team" if department else "my team"
    return [
        Suggestion("strategy", "Our strategy, in practice",
                   f"Show how {team} turns our strategy into everyday decisions, and learn where it gets stuck."),
        Suggestion("people", "Meeting talented people",
                   f"Find the colleagues across the company who know most about {skill}, and learn from them."
                   if skill else
                   "Get to know talented colleagues outside my own team, and learn what they know."),
        Suggestion("customers", "Understanding customers",
                   f"Understand our customers better, and share what {team} hears from them with everyone."),
    ]


def purpose_for(person) -> Purpose | None:
    return Purpose.objects.filter(person=person).first()


@dataclass(frozen=True)
class PurposeShare:
    days: int
    posts: int
    tagged: int

    @property
    def percent(self) -> int:
        return round(100 * self.tagged / self.posts) if self.posts else 0


def purpose_share(person, now: datetime | None = None) -> PurposeShare:
    """Of the person's posts in the last SHARE_WINDOW_DAYS days, how many they tagged as serving their purpose."""
    since = (now or timezone.now()) - timedelta(days=SHARE_WINDOW_DAYS)
    posts = Post.objects.filter(author=person, created_at__gte=since)
    tagged = PurposeTag.objects.filter(person=person, post__in=posts).count()
    return PurposeShare(days=SHARE_WINDOW_DAYS, posts=posts.count(), tagged=tagged)


def recent_purpose_posts(person, limit: int = 5) -> list[Post]:
    """The person's own latest posts tagged with their purpose (their own posts: always readable by them)."""
    return list(Post.objects.filter(author=person, purpose_tag__isnull=False).order_by("-created_at")[:limit])


def manifesto_history(person) -> list[ManifestoVersion]:
    return list(manifesto_versions_visible_to(person).order_by("-number"))


def current_published(versions: list[ManifestoVersion]) -> ManifestoVersion | None:
    published = [v for v in versions if v.published_at is not None]
    return max(published, key=lambda v: (v.published_at, v.number)) if published else None


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "same", "del", "add" or "gap" (unchanged lines left out)
    old_no: int | None
    new_no: int | None
    text: str


@dataclass(frozen=True)
class Diff:
    rows: list[DiffRow]
    added: int
    removed: int

    @property
    def identical(self) -> bool:
        return not self.added and not self.removed


def manifesto_diff(old: str, new: str, *, context: int = DIFF_CONTEXT_LINES) -> Diff:
    """A line-by-line unified diff (difflib) of two texts, with `context` unchanged lines around each
    change. Rows carry plain text; the template escapes it, so no version can inject markup."""
    a, b = old.splitlines(), new.splitlines()
    if a == b:
        return Diff(rows=[], added=0, removed=0)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    rows: list[DiffRow] = []
    added = removed = 0
    last_old = 0
    for group in matcher.get_grouped_opcodes(context):
        first_old = group[0][1]
        if first_old > last_old:
            rows.append(DiffRow("gap", None, None, f"{first_old - last_old} unchanged line(s)"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [DiffRow("same", i1 + k + 1, j1 + k + 1, a[i1 + k]) for k in range(i2 - i1)]
                continue
            if tag in ("replace", "delete"):
                rows += [DiffRow("del", k + 1, None, a[k]) for k in range(i1, i2)]
                removed += i2 - i1
            if tag in ("replace", "insert"):
                rows += [DiffRow("add", None, k + 1, b[k]) for k in range(j1, j2)]
                added += j2 - j1
        last_old = group[-1][2]
    if last_old < len(a):
        rows.append(DiffRow("gap", None, None, f"{len(a) - last_old} unchanged line(s)"))
    return Diff(rows=rows, added=added, removed=removed)
