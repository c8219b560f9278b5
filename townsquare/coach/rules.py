"""The coach's rules, in one place: what counts as doing a habit, what a day is, how streaks and
habit strength are computed. The texts in RULES are shown on the coach page next to each habit,
so what the person reads is what this module does.

* A day is the person's LOCAL calendar day, in `Person.time_zone` (a zoneinfo name; UTC if unknown).
* Habits are never ticked by hand; they are detected from activity (`activity_rows`).
* Streak: consecutive local days with the habit done, ending today if it is done today, otherwise
  ending yesterday (a day still in progress does not break a streak).
* Strength: exponential smoothing, strength = strength + ALPHA × (done − strength), one step per
  local day, starting at 0 on the day the person joined (at most HISTORY_DAYS ago). A missed day
  lowers strength by a tenth of what is left; it never resets it. Today counts only once done.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import F

from townsquare.coach.models import Habit
from townsquare.conversations.models import Post, Reaction, Reply

DEFAULT_ANCHORS = {
    Habit.DESCRIBE: time(8, 30),  # first coffee
    Habit.INTERACT: time(12, 30),  # leaving for lunch
    Habit.RECOGNISE: time(17, 30),  # leaving for the day
}
ANCHOR_MOMENTS = {
    Habit.DESCRIBE: "with your first coffee",
    Habit.INTERACT: "as you head out for lunch",
    Habit.RECOGNISE: "before you leave for the day",
}

RULES = {
    Habit.DESCRIBE: "Done when you publish a post of the kind “Update” that day: where you are, what you "
                    "are starting, or whom you are meeting.",
    Habit.INTERACT: "Done when you react to or reply to a post written by someone else that day. "
                    "Reactions and replies on your own posts do not count.",
    Habit.RECOGNISE: "Done when you publish a post of the kind “Praise” that day, naming a person or a team.",
}
DAY_RULE = ("Days are your own calendar days in your time zone ({tz}). Streaks count days in a row; a day "
            "that is still going does not break one.")

ALPHA = 0.1  # smoothing factor of habit strength: a done day adds 10% of what is missing
HISTORY_DAYS = 120  # how far back strength is computed
HEATMAP_WEEKS = 12
STRENGTH_RULE = (f"Strength moves {ALPHA:.0%} of the way towards 100% on each day you do the habit and "
                 f"{ALPHA:.0%} of the way towards 0% on each day you miss it, so one missed day lowers it a "
                 "little and never wipes it out.")


def zone_of(person) -> ZoneInfo:
    try:
        return ZoneInfo(person.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of a local day, as an aware datetime."""
    return datetime.combine(day, time(0), tzinfo=tz)


def activity_rows(person_ids: Iterable[int], since: datetime) -> Iterator[tuple[int, str, datetime]]:
    """(person_id, habit, when) for each action that counts towards a habit, at or after `since`.

    describe  = a Post of kind "update" by the person
    interact  = a Reaction or a Reply by the person on a post whose author is someone else
    recognise = a Post of kind "praise" by the person
    """
    ids = list(person_ids)
    for i in range(0, len(ids), 500):  # keeps SQLite under its limit on query parameters
        chunk = ids[i:i + 500]
        posts = Post.objects.filter(author_id__in=chunk, created_at__gte=since,
                                    kind__in=[Post.Kind.UPDATE, Post.Kind.PRAISE])
        for author_id, kind, when in posts.values_list("author_id", "kind", "created_at"):
            yield author_id, Habit.DESCRIBE if kind == Post.Kind.UPDATE else Habit.RECOGNISE, when
        reactions = (Reaction.objects.filter(person_id__in=chunk, created_at__gte=since)
                     .exclude(post__author_id=F("person_id")))
        for person_id, when in reactions.values_list("person_id", "created_at"):
            yield person_id, Habit.INTERACT, when
        replies = Reply.objects.filter(author_id__in=chunk, created_at__gte=since).exclude(post__author_id=F("author_id"))
        for author_id, when in replies.values_list("author_id", "created_at"):
            yield author_id, Habit.INTERACT, when


def streak(done: set[date], today: date) -> int:
    day = today if today in done else today - timedelta(days=1)
    n = 0
    while day in done:
        n += 1
        day -= timedelta(days=1)
    return n


def strength(done: set[date], first_day: date, today: date, alpha: float = ALPHA) -> float:
    """Exponential smoothing over the local days first_day..today (today only if done). 0.0–1.0."""
    s = 0.0
    day = first_day
    while day < today:
        s += alpha * ((1.0 if day in done else 0.0) - s)
        day += timedelta(days=1)
    if today in done:
        s += alpha * (1.0 - s)
    return s


def in_quiet_hours(now_local: time, start: time | None, end: time | None) -> bool:
    """Quiet from `start` up to (not including) `end`; the window may wrap midnight."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= now_local < end
    return now_local >= start or now_local < end
