"""Reads for the coach. Every function takes the signed-in person and reads only their own data;
posts suggested to them go through conversations.access.posts_visible_to."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from townsquare.coach import rules
from townsquare.coach.models import Channel, CoachPreference, Habit, HabitSetting, Nudge
from townsquare.conversations.access import posts_visible_to
from townsquare.conversations.models import Follow, Mention, Post, PostView, Reaction, Reply
from townsquare.people.models import Person

PROMPT_WINDOW = timedelta(days=30)  # how old a post may be to be suggested for an answer
MENTION_WINDOW = timedelta(days=14)  # how recent a mention of a colleague must be
FOLLOWS_WANTED = 3
VIEWS_FOR_A_LISTENING_DAY = 5

DESCRIBE_QUESTIONS = [
    "What is the first thing you will pick up this morning, and why does it matter to you?",
    "Whom are you meeting today, and what would you like to come away with?",
    "Where are you working from today, and what is on the desk in front of you?",
    "Which decision is waiting for you today that a colleague could help you think through?",
    "What would make today a good day for your team?",
    "What are you curious about today that you have not had time to look into yet?",
    "Which customer, partner or colleague is on your mind this morning, and why?",
]
CELEBRATIONS = {
    Habit.DESCRIBE: "You shared a moment of your day. Colleagues can now see what you are working on.",
    Habit.INTERACT: "You responded to a colleague. Networks grow one answer at a time.",
    Habit.RECOGNISE: "You recognised someone's work in the open. That kind of thanks travels far.",
}


@dataclass
class Prompt:
    text: str
    posts: list[Post] = field(default_factory=list)
    colleague: Person | None = None
    link: str = ""
    link_text: str = ""


@dataclass
class Cell:
    day: date
    state: str  # done, missed, today, future
    label: str


@dataclass
class HabitStatus:
    habit: str
    label: str
    rule: str
    setting: HabitSetting
    done_today: bool
    streak: int
    strength: int  # 0–100
    weeks: list[list[Cell]]
    done_in_heatmap: int
    days_in_heatmap: int
    prompt: Prompt | None
    celebration: str


@dataclass
class ChecklistItem:
    key: str
    label: str
    done: bool
    hint: str
    url: str


@dataclass
class Overview:
    today: date
    time_zone: str
    habits: list[HabitStatus]
    checklist: list[ChecklistItem]
    nudges: list[Nudge]
    preference: CoachPreference
    day_rule: str
    strength_rule: str

    @property
    def checklist_done(self) -> int:
        return sum(item.done for item in self.checklist)


# --- settings ----------------------------------------------------------------------------------

def habit_settings(person) -> dict[str, HabitSetting]:
    """The person's three habit settings; unsaved defaults for the habits they never changed."""
    saved = {s.habit: s for s in HabitSetting.objects.filter(person=person)}
    return {h: saved.get(h) or HabitSetting(person=person, habit=h, enabled=True, anchor=rules.DEFAULT_ANCHORS[h])
            for h in Habit.values}


def preference(person) -> CoachPreference:
    return CoachPreference.objects.filter(person=person).first() or CoachPreference(person=person)


# --- detection -----------------------------------------------------------------------------------

def done_days(person, since: date, *, tz=None) -> dict[str, set[date]]:
    """The local days, from `since` on, on which the person did each habit (see rules.activity_rows)."""
    tz = tz or rules.zone_of(person)
    days: dict[str, set[date]] = {h: set() for h in Habit.values}
    for _, habit, when in rules.activity_rows([person.pk], rules.day_start(since, tz)):
        days[habit].add(rules.local_date(when, tz))
    return days


def heatmap(done: set[date], today: date, weeks: int = rules.HEATMAP_WEEKS) -> list[list[Cell]]:
    """Columns of Monday..Sunday, oldest week first, ending with the week of `today`."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    columns = []
    for w in range(weeks):
        column = []
        for d in range(7):
            day = start + timedelta(days=w * 7 + d)
            if day > today:
                state, what = "future", "still to come"
            elif day in done:
                state, what = "done", "done"
            elif day == today:
                state, what = "today", "not yet today"
            else:
                state, what = "missed", "not done"
            column.append(Cell(day, state, f"{day:%A} {day.day} {day:%B %Y}: {what}"))
        columns.append(column)
    return columns


# --- prompts -------------------------------------------------------------------------------------

def _untouched_by(person, qs):
    """Posts the person has not yet replied or reacted to."""
    return qs.exclude(id__in=Reply.objects.filter(author=person).values("post_id")).exclude(
        id__in=Reaction.objects.filter(person=person).values("post_id"))


def posts_worth_answering(person, now: datetime, limit: int = 2) -> list[Post]:
    """Up to `limit` posts the person may read, by someone else, with no reply yet: first open
    questions matching the person's skills, then posts by people they follow."""
    recent = _untouched_by(person, posts_visible_to(person).filter(
        created_at__gte=now - PROMPT_WINDOW, created_at__lte=now, reply_count=0, author__is_active=True,
    ).exclude(author=person)).select_related("author", "group")
    picked: list[Post] = []
    skills = [s for s in person.skill_list if len(s) >= 2][:10]
    if skills:
        match = Q()
        for skill in skills:
            match |= Q(body__icontains=skill) | Q(title__icontains=skill)
        picked += list(recent.filter(match, kind=Post.Kind.QUESTION).order_by("-created_at", "-id")[:limit])
    if len(picked) < limit:
        followed = Follow.objects.filter(follower=person, target_kind=Follow.Target.PERSON).values("target_id")
        more = (recent.filter(author_id__in=followed).exclude(id__in=[p.pk for p in picked])
                .order_by("-created_at", "-id")[: limit - len(picked)])
        picked += list(more)
    return picked


def colleague_to_recognise(person, now: datetime, today: date) -> tuple[Person | None, Post | None]:
    """A teammate (same department) or direct report who was mentioned recently in a post the person
    may read; otherwise one of their direct reports, a different one each day."""
    team = Q(manager=person)
    if person.department_id:
        team |= Q(department_id=person.department_id)
    colleagues = Person.objects.filter(team, is_active=True).exclude(pk=person.pk)
    mention = (Mention.objects.filter(person__in=colleagues, post__in=posts_visible_to(person),
                                      post__created_at__gte=now - MENTION_WINDOW, post__created_at__lte=now)
               .exclude(post__author=person).select_related("person", "post").order_by("-post__created_at").first())
    if mention is not None:
        return mention.person, mention.post
    reports = list(Person.objects.filter(manager=person, is_active=True).order_by("name")[:50])
    if reports:
        return reports[today.toordinal() % len(reports)], None
    return None, None


def prompt_for(person, habit: str, now: datetime, today: date) -> Prompt:
    if habit == Habit.DESCRIBE:
        question = DESCRIBE_QUESTIONS[today.toordinal() % len(DESCRIBE_QUESTIONS)]
        return Prompt(f"{question} Answer it in a short update.", link=reverse("compose") + "?kind=update",
                      link_text="Write an update")
    if habit == Habit.INTERACT:
        posts = posts_worth_answering(person, now)
        if posts:
            return Prompt("These colleagues are still waiting for a first response. A reply or a reaction is enough.",
                          posts=posts)
        return Prompt("Nothing from the people you follow or your skills is waiting right now. Look through the "
                      "open questions and answer one you know something about.",
                      link=reverse("questions"), link_text="Open questions")
    colleague, post = colleague_to_recognise(person, now, today)
    if colleague is not None and post is not None:
        return Prompt(f"{colleague.name} came up in a recent post. If they did something worth thanking, say so "
                      "in a praise post.", posts=[post], colleague=colleague,
                      link=reverse("compose") + "?kind=praise", link_text="Write a praise post")
    if colleague is not None:
        return Prompt(f"What has {colleague.name}, in your team, done lately that others should hear about?",
                      colleague=colleague, link=reverse("compose") + "?kind=praise", link_text="Write a praise post")
    return Prompt("Think of one person who made your week easier, and tell everyone what they did.",
                  link=reverse("compose") + "?kind=praise", link_text="Write a praise post")


# --- getting started -------------------------------------------------------------------------------

def checklist(person) -> list[ChecklistItem]:
    """Getting started, ticked from what the person did. Choosing a purpose and installing the
    mobile app join the list once those features exist."""
    tz = rules.zone_of(person)
    profile_done = bool(person.title and person.department_id and person.bio and person.skill_list)
    follows = Follow.objects.filter(follower=person).count()
    first_post = Post.objects.filter(author=person).order_by("created_at").values_list("created_at", flat=True).first()
    before = {"created_at__lt": first_post} if first_post else {}
    listened = (
        Reaction.objects.filter(person=person, **before).exclude(post__author=person).exists()
        or Reply.objects.filter(author=person, **before).exclude(post__author=person).exists()
        or PostView.objects.filter(person=person).annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day").annotate(n=Count("id")).filter(n__gte=VIEWS_FOR_A_LISTENING_DAY).exists()
    )
    return [
        ChecklistItem("profile", "Complete your profile", profile_done,
                      "A title, a department, a few lines about you and at least one skill.", reverse("profile_edit")),
        ChecklistItem("follows", "Follow a few people or groups", follows >= FOLLOWS_WANTED,
                      f"Follow at least {FOLLOWS_WANTED} colleagues, groups or topics (you follow {follows}).",
                      reverse("directory")),
        ChecklistItem("listen", "Spend a day listening", listened,
                      "React to or answer a colleague before your first post, or read "
                      f"{VIEWS_FOR_A_LISTENING_DAY} posts in one day.", reverse("company")),
        ChecklistItem("first_post", "Make your first post", first_post is not None,
                      "A short update on what you are working on is a fine start.", reverse("compose")),
    ]


# --- the coach page --------------------------------------------------------------------------------

def recent_nudges(person, today: date, days: int = 7) -> list[Nudge]:
    """In-app nudges of the last few days; their suggested posts re-checked against what the person may read."""
    nudges = list(Nudge.objects.filter(person=person, local_date__gt=today - timedelta(days=days),
                                       channel__in=[Channel.IN_APP, Channel.BOTH]).select_related("colleague")[:20])
    ids = {pk for n in nudges for pk in n.post_ids}
    readable = {p.pk: p for p in posts_visible_to(person).filter(pk__in=ids).select_related("author")} if ids else {}
    for n in nudges:
        n.posts = [readable[pk] for pk in n.post_ids if pk in readable]
    return nudges


def overview(person, now: datetime | None = None) -> Overview:
    now = now or timezone.now()
    tz = rules.zone_of(person)
    today = rules.local_date(now, tz)
    joined = rules.local_date(person.date_joined, tz)
    first_day = max(joined, today - timedelta(days=rules.HISTORY_DAYS))
    heat_start = today - timedelta(days=today.weekday()) - timedelta(weeks=rules.HEATMAP_WEEKS - 1)
    done = done_days(person, min(first_day, heat_start), tz=tz)
    settings = habit_settings(person)
    statuses = []
    for habit, label in Habit.choices:
        days = done[habit]
        done_today = today in days
        weeks = heatmap(days, today)
        counted = [c for col in weeks for c in col if c.state != "future"]
        statuses.append(HabitStatus(
            habit=habit, label=label, rule=rules.RULES[habit], setting=settings[habit], done_today=done_today,
            streak=rules.streak(days, today), strength=round(100 * rules.strength(days, first_day, today)),
            weeks=weeks, done_in_heatmap=sum(c.state == "done" for c in counted), days_in_heatmap=len(counted),
            prompt=None if done_today or not settings[habit].enabled else prompt_for(person, habit, now, today),
            celebration=CELEBRATIONS[habit],
        ))
    return Overview(today=today, time_zone=str(tz), habits=statuses, checklist=checklist(person),
                    nudges=recent_nudges(person, today), preference=preference(person),
                    day_rule=rules.DAY_RULE.format(tz=tz), strength_rule=rules.STRENGTH_RULE)
