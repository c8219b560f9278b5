"""The coach's rules, in one place: what counts as doing a habit, what a day is, how streaks and
habit strength are computed. The texts in RULES are shown on the coach page next to each habit,
so what the person reads is what this module does.

* A day is the person's LOCAL calendar day, in `Person.time_zone` (a zoneinfo name; UTC if unknown).
* Habits are never ticked by hand; they are detected from activity (`activity_rows`).
* Streak: consecutive local days with the habit done, ending today if it is done today, otherwise
  ending yesterday (a day still in progress does not break a streak).
* Check-in sessions, the weekly review's numbers and verdict, and when habits are steady enough to
  grow are defined in their sections below.
* Strength: exponential smoothing, strength = strength + ALPHA × (done − strength), one step per
  local day, starting at 0 on the day the person joined (at most HISTORY_DAYS ago). A missed day
  lowers strength by a tenth of what is left; it never resets it. Today counts only once done.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import F, Max

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
    return zone_of_name(person.time_zone)


def zone_of_name(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
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


def latest_activity(since: datetime, until: datetime) -> Iterator[tuple[int, str, datetime]]:
    """(person_id, habit, latest) for everyone who did a habit between `since` and `until`: the same
    actions as `activity_rows`, read by time (indexes on created_at) and reduced to the latest per
    person and habit in the database. A habit was done on a local day when its latest action in the
    window falls on or after the start of that day: what one scheduler tick needs for everyone."""
    window = {"created_at__gte": since, "created_at__lte": until}
    posts = (Post.objects.filter(kind__in=[Post.Kind.UPDATE, Post.Kind.PRAISE], **window)
             .values("author_id", "kind").annotate(latest=Max("created_at")).order_by())
    for row in posts.values_list("author_id", "kind", "latest"):
        yield row[0], Habit.DESCRIBE if row[1] == Post.Kind.UPDATE else Habit.RECOGNISE, row[2]
    reactions = (Reaction.objects.filter(**window).exclude(post__author_id=F("person_id"))
                 .values("person_id").annotate(latest=Max("created_at")).order_by())
    for person_id, latest in reactions.values_list("person_id", "latest"):
        yield person_id, Habit.INTERACT, latest
    replies = (Reply.objects.filter(**window).exclude(post__author_id=F("author_id"))
               .values("author_id").annotate(latest=Max("created_at")).order_by())
    for author_id, latest in replies.values_list("author_id", "latest"):
        yield author_id, Habit.INTERACT, latest


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


# --- rhythm: check-in sessions ---------------------------------------------------------------------
#
# A check-in session is a run of the person's own activity — posts, replies, reactions and first views
# of a post — in which no two consecutive actions are SESSION_GAP or more apart. The session belongs to
# the local day on which it starts; it lasts from its first action to its last (a single action is a
# session of zero minutes). The rhythm we coach is CHECKINS_PER_DAY sessions a day of a few minutes each.
# "Something new" in a session is a post or a reply: what colleagues can see from the person.

SESSION_GAP = timedelta(minutes=30)
CHECKINS_PER_DAY = 3
RHYTHM_DAYS = 14
SESSION_RULE = (f"A check-in is a stretch of your own activity — posting, replying, reacting or opening a post — "
                f"with no pause of {SESSION_GAP.seconds // 60} minutes or more. It counts on the day it starts. "
                f"The rhythm to aim for is {CHECKINS_PER_DAY} short check-ins a day.")
SESSION_SHORT = 5  # minutes: a check-in is a few minutes of reading, answering and sharing one thing …
SESSION_LONG = 15  # … and no more than this; longer is time the habit does not need
CHECKINS_ENOUGH = 2 * CHECKINS_PER_DAY  # from this many check-ins in a day on, the coach says enough is enough
LENGTH_RULE = (f"A good check-in takes {SESSION_SHORT} to {SESSION_LONG} minutes. From {CHECKINS_ENOUGH} check-ins "
               "in a day, or one longer than that, the coach suggests you step away: the conversation keeps.")
PRESENCE_RULE = ("Colleagues see something new from you on a day you publish a post or a reply. Reactions and "
                 "reading are part of your check-ins, but nobody else sees them as news from you.")


@dataclass
class Session:
    start: datetime
    end: datetime
    actions: int
    visible: int  # posts and replies in it: what colleagues can see

    @property
    def minutes(self) -> int:
        return round((self.end - self.start).total_seconds() / 60)


def rhythm_advice(sessions: list["Session"], *, today: bool = False) -> list[str]:
    """What the coach says about one day's check-ins: too many, too long, or (today) too short to read and
    answer. Empty when the day is within the rhythm."""
    said = []
    if len(sessions) >= CHECKINS_ENOUGH:
        said.append(f"{len(sessions)} check-ins {'today' if today else 'that day'} is more than the habit needs. "
                    f"{CHECKINS_PER_DAY} short ones are enough; the conversation will still be here later.")
    long = [s for s in sessions if s.minutes > SESSION_LONG]
    if long:
        worst = max(long, key=lambda s: s.minutes)
        said.append(f"One check-in lasted {worst.minutes} minutes. {SESSION_SHORT} to {SESSION_LONG} minutes is "
                    "plenty: read, answer someone, share one thing, then get back to your day.")
    if today and len(sessions) >= CHECKINS_PER_DAY and all(s.minutes < SESSION_SHORT for s in sessions):
        said.append(f"Your check-ins today were quick glances. Give the next one {SESSION_SHORT} minutes: "
                    "time to read a little and answer one colleague.")
    return said


def sessions_of(actions: Iterable[tuple[datetime, bool]], gap: timedelta = SESSION_GAP) -> list[Session]:
    """Group (moment, visible) actions into sessions: a new session starts when the pause since the
    previous action is `gap` or longer. Oldest session first."""
    out: list[Session] = []
    for when, visible in sorted(actions, key=lambda a: a[0]):
        if out and when - out[-1].end < gap:
            last = out[-1]
            last.end, last.actions, last.visible = when, last.actions + 1, last.visible + int(visible)
        else:
            out.append(Session(when, when, 1, int(visible)))
    return out


# --- weekly review and the verdict -----------------------------------------------------------------
#
# Weeks are ISO weeks (Monday to Sunday) of the person's local calendar. A week's numbers count what
# arrived during that week:
#   reactions    reactions by others on the person's posts
#   replies      replies by others on the person's posts
#   questions    question posts by others that @mention the person
#   connections  people whose first connection with the person ever falls in that week: their first
#                follow of the person, reaction to or reply on one of the person's posts, or mention of
#                the person
#   viewers      distinct colleagues who opened one of the person's posts for the first time
# The response score of a week weighs them with SCORE_WEIGHTS.
#
# The verdict needs VERDICT_MIN_WEEKS complete weeks of practice: weeks since the week of the person's first
# post (before it there is nothing whose benefit could be judged). It looks at the
# last VERDICT_MAX_WEEKS complete weeks at most, splits them into an earlier half and a recent half
# (the recent half takes the extra week when the count is odd) and compares the mean scores:
#   absent   the recent mean is below ABSENT_BELOW: the posts draw next to nothing
#   growing  otherwise, the recent mean is at least GROWING_RATIO × the earlier mean
#            and at least GROWING_MIN_GAIN points above it
#   strong   otherwise, when the LEVEL is high even though it is not rising: the recent mean is at least
#            STRONG_VS_MEDIAN × the organisation's median weekly score and at least STRONG_MIN points (the
#            median over the people who posted in those weeks, only when there are MEDIAN_MIN_PEOPLE or more);
#            with no median to compare with, at least STRONG_ALONE points
#   flat     everything else (including a decline that still draws some response)

SCORE_WEIGHTS = {"reactions": Fraction(1), "replies": Fraction(2), "questions": Fraction(3),
                 "connections": Fraction(3), "viewers": Fraction(1, 2)}
VERDICT_MIN_WEEKS = 3
VERDICT_MAX_WEEKS = 6
ABSENT_BELOW = Fraction(3)
GROWING_RATIO = Fraction(5, 4)
GROWING_MIN_GAIN = Fraction(2)
STRONG_VS_MEDIAN = Fraction(2)
STRONG_MIN = Fraction(10)
STRONG_ALONE = Fraction(30)
MEDIAN_MIN_PEOPLE = 5  # aggregates about people only over groups of 5 or more (PRODUCT.md, privacy)
WEEKLY_SEND_AT = time(8, 0)  # the weekly email goes out from Monday 08:00, local time
SCORE_RULE = ("Response score of a week = reactions + 2 × replies + 3 × questions to you + 3 × new connections "
              "+ ½ × unique viewers.")
VERDICT_RULE = (f"After {VERDICT_MIN_WEEKS} complete weeks since your first post, the coach compares the average score of your recent "
                f"weeks with the weeks before them (up to {VERDICT_MAX_WEEKS} weeks, split in two). Below "
                f"{ABSENT_BELOW} points a week on average, the benefit is absent. At "
                f"{float(GROWING_RATIO):.0%} of the earlier average or more, and at least {GROWING_MIN_GAIN} points "
                "more, it is growing. If it is not growing but your recent average is at least "
                f"{STRONG_VS_MEDIAN} × the organisation's median (and at least {STRONG_MIN} points), or "
                f"{STRONG_ALONE} points when fewer than {MEDIAN_MIN_PEOPLE} people posted to compare with, it is "
                "strong. Anything else is flat.")
MEDIAN_RULE = (f"The organisation's median is the middle weekly score of everyone who posted in the same weeks "
               f"(UTC weeks), shown only when at least {MEDIAN_MIN_PEOPLE} people did; nobody's own numbers are "
               "shown to anyone else.")

GROWING, STRONG, FLAT, ABSENT = "growing", "strong", "flat", "absent"
VERDICTS = {
    GROWING: ("Benefits growing",
              "Keep going. Colleagues respond more than they did a few weeks ago: the habit is paying off. "
              "Keep the same rhythm and let it become part of your day."),
    STRONG: ("Strong and steady",
             "Keep going. Your posts draw far more response than most here, week after week: it is not growing "
             "because it is already high. Keep your rhythm, and when you want more, try a bigger step below."),
    FLAT: ("Flat",
           "Change the topic. People see your posts but respond about as much as before. Try writing about "
           "something they care about — a question you are wrestling with, a customer story, a decision in "
           "the making — and ask them something."),
    ABSENT: ("Absent",
             "Stop doing it this way. Your posts draw almost no response, so the time is better spent "
             "elsewhere: pause posting for a while, reply to others instead, and come back with a new topic."),
}


@dataclass
class Verdict:
    key: str
    label: str
    advice: str
    recent_mean: Fraction
    earlier_mean: Fraction
    weeks: int
    org_median: Fraction | None = None  # the organisation's median over the recent weeks, when ≥ 5 people
    org_people: int = 0


def response_score(numbers: dict[str, int]) -> Fraction:
    return sum((SCORE_WEIGHTS[k] * numbers.get(k, 0) for k in SCORE_WEIGHTS), Fraction(0))


def verdict_split(scores: list) -> tuple[int, int]:
    """How many of the last weeks the verdict looks at, and how many of them are the recent half."""
    n = min(len(scores), VERDICT_MAX_WEEKS)
    return n, (n + 1) // 2


def verdict(scores: list[Fraction], org_median: Fraction | None = None, org_people: int = 0) -> Verdict | None:
    """The verdict over complete weeks' scores, oldest first; None before VERDICT_MIN_WEEKS weeks.
    `org_median`: the organisation's median weekly score over the recent weeks (None when fewer than
    MEDIAN_MIN_PEOPLE people posted then)."""
    if len(scores) < VERDICT_MIN_WEEKS:
        return None
    scores = [Fraction(s) for s in scores[-VERDICT_MAX_WEEKS:]]
    recent_n = (len(scores) + 1) // 2
    earlier, recent = scores[:-recent_n], scores[-recent_n:]
    recent_mean = sum(recent, Fraction(0)) / len(recent)
    earlier_mean = sum(earlier, Fraction(0)) / len(earlier)
    if recent_mean < ABSENT_BELOW:
        key = ABSENT
    elif recent_mean >= GROWING_RATIO * earlier_mean and recent_mean - earlier_mean >= GROWING_MIN_GAIN:
        key = GROWING
    elif (recent_mean >= max(STRONG_MIN, STRONG_VS_MEDIAN * org_median) if org_median is not None
          else recent_mean >= STRONG_ALONE):
        key = STRONG
    else:
        key = FLAT
    label, advice = VERDICTS[key]
    return Verdict(key, label, advice, recent_mean, earlier_mean, len(scores),
                   org_median if org_median is not None else None, org_people if org_median is not None else 0)


def week_start(day: date) -> date:
    """Monday of the ISO week that holds `day`."""
    return day - timedelta(days=day.weekday())


# --- grow --------------------------------------------------------------------------------------------
#
# Habits are steady when every habit the person has switched on has a strength of at least
# STEADY_STRENGTH (and at least one is on). Then the coach suggests a bigger step.

STEADY_STRENGTH = 0.6
GROW_RULE = (f"Bigger steps appear when every habit you have switched on has a strength of "
             f"{STEADY_STRENGTH:.0%} or more.")
