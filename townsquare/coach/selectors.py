"""Reads for the coach. Every function takes the signed-in person and reads only their own data;
posts suggested to them go through conversations.access.posts_visible_to."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from townsquare.coach import rules
from townsquare.coach.models import Channel, CoachPreference, Habit, HabitSetting, Nudge, WeeklyDigest
from townsquare.conversations.access import posts_visible_to, readable_group_ids
from townsquare.conversations.models import Follow, Mention, Post, PostView, Reaction, Reply
from townsquare.conversations.text import excerpt
from townsquare.people.models import Person

PROMPT_WINDOW = timedelta(days=30)  # how old a post may be to be suggested for an answer
MENTION_WINDOW = timedelta(days=14)  # how recent a mention of a colleague must be
TEAM_MAX = 200  # team members considered for the recognise prompt
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
# What a nudge says first, in the bell, on a phone and at the top of the email: a few ways of saying each,
# so the same words do not come back every day (picked by the day, see nudge_words). Short enough for a
# push notification's one line.
NUDGE_WORDS = {
    Habit.DESCRIBE: [
        "Got a minute with your coffee? Tell colleagues what today looks like.",
        "What are you starting on today? A line or two is plenty.",
        "Morning! Where are you today, and who are you seeing?",
        "One small update before the day takes over?",
        "Your colleagues would like to know what is on your desk today.",
    ],
    Habit.INTERACT: [
        "Someone's post could use a reply from you.",
        "Heading out for lunch? Leave a colleague an answer or a like first.",
        "A quick answer goes a long way. Who could use one today?",
        "A colleague asked something you may know. Have a look?",
        "Two minutes for someone else's post? It makes their day.",
    ],
    Habit.RECOGNISE: [
        "Before you head off: who made a difference today?",
        "Anyone you would like to thank today? Say it where others can see.",
        "One thank-you before the day ends?",
        "Who helped you this week? A short praise post tells everyone.",
        "Someone did good work today. Let people know?",
    ],
}
NUDGE_SUBJECTS = {
    Habit.DESCRIBE: "A minute for today's update?",
    Habit.INTERACT: "Someone could use your answer",
    Habit.RECOGNISE: "Who deserves a thank-you today?",
}


def nudge_words(habit: str, day: date) -> str:
    """The first line of a nudge for `habit` on `day`: one of NUDGE_WORDS, a different one from day to day."""
    words = NUDGE_WORDS[habit]
    return words[(day.toordinal() + list(Habit.values).index(habit)) % len(words)]


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
    strength_value: float  # 0.0–1.0, unrounded
    weeks: list[list[Cell]]
    done_in_heatmap: int
    days_in_heatmap: int
    prompt: Prompt | None
    celebration: str
    tip: "Tip"


@dataclass
class ChecklistItem:
    key: str
    label: str
    done: bool
    hint: str
    url: str
    suggestions: list = field(default_factory=list)  # "follow a few people": people to follow, with a reason


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
    steady: bool = False
    steps: list["Step"] = field(default_factory=list)
    grow_rule: str = rules.GROW_RULE
    week: "WeeklyReview | None" = None
    rhythm_today: "RhythmDay | None" = None
    digest: "WeeklyDigest | None" = None
    circle: "CircleNote | None" = None

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


def heatmap(done: set[date], today: date, weeks: int = rules.HEATMAP_WEEKS, *, since: date | None = None
            ) -> list[list[Cell]]:
    """Columns of Monday..Sunday, oldest week first, ending with the week of `today`: at most `weeks` of them,
    starting with the week of `since` (the person's first day: when they joined, or their first activity if
    earlier) so no grey weeks stand for a time before they were here. Days of that first week before `since`
    are "before" (drawn blank)."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    if since is not None and since > start:
        start = min(rules.week_start(since), rules.week_start(today))
        weeks = (rules.week_start(today) - start).days // 7 + 1
    columns = []
    for w in range(weeks):
        column = []
        for d in range(7):
            day = start + timedelta(days=w * 7 + d)
            if day > today:
                state, what = "future", "still to come"
            elif since is not None and day < since and day not in done:
                state, what = "before", "before you joined"
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


def _leadership_questions():
    """practices.Question (ask leadership), read by model name so the coach does not import practices."""
    from django.apps import apps

    try:
        return apps.get_model("practices", "Question")
    except LookupError:
        return None


def addressed_filter(person) -> Q:
    """Question posts addressed to the person: they are @mentioned in the question itself, or it was asked
    of them through Ask leadership."""
    match = Q(mentions__person=person, mentions__reply__isnull=True)
    question = _leadership_questions()
    if question is not None:
        match |= Q(pk__in=question.objects.filter(leader=person).values("post_id"))
    return match


def questions_addressed_to(person, now: datetime, limit: int = 2) -> list[Post]:
    """Open questions that colleagues addressed to the person and that they have not yet answered or
    reacted to, oldest first (the one waiting longest comes first). Ask-leadership questions count while
    they are open; a question someone else already replied to is still waiting for the person."""
    qs = posts_visible_to(person).filter(addressed_filter(person), kind=Post.Kind.QUESTION, created_at__lte=now,
                                         author__is_active=True).exclude(author=person)
    question = _leadership_questions()
    if question is not None:
        qs = qs.exclude(pk__in=question.objects.filter(leader=person).exclude(
            status=question.Status.OPEN).values("post_id"))
    ids = list(_untouched_by(person, qs).order_by("created_at", "id").values_list("pk", flat=True).distinct()[:limit])
    found = {p.pk: p for p in Post.objects.filter(pk__in=ids).select_related("author", "group")}
    return [found[pk] for pk in ids]


def posts_worth_answering(person, now: datetime, limit: int = 2) -> list[Post]:
    """Up to `limit` posts the person may read, by someone else: first the open questions addressed to
    them (questions_addressed_to), then, among posts with no reply yet, open questions matching the
    person's skills, then posts by people they follow."""
    recent = _untouched_by(person, posts_visible_to(person).filter(
        created_at__gte=now - PROMPT_WINDOW, created_at__lte=now, reply_count=0, author__is_active=True,
    ).exclude(author=person)).select_related("author", "group")
    picked: list[Post] = questions_addressed_to(person, now, limit)
    if len(picked) >= limit:
        return picked
    skills = [s for s in person.skill_list if len(s) >= 2][:10]
    if skills:
        match = Q()
        for skill in skills:
            match |= Q(body__icontains=skill) | Q(title__icontains=skill)
        picked += list(recent.filter(match, kind=Post.Kind.QUESTION).exclude(id__in=[p.pk for p in picked])
                       .order_by("-created_at", "-id")[: limit - len(picked)])
    if len(picked) < limit:
        followed = Follow.objects.filter(follower=person, target_kind=Follow.Target.PERSON).values("target_id")
        more = (recent.filter(author_id__in=followed).exclude(id__in=[p.pk for p in picked])
                .order_by("-created_at", "-id")[: limit - len(picked)])
        picked += list(more)
    return picked


def colleague_to_recognise(person, now: datetime, today: date) -> tuple[Person | None, Post | None]:
    """A team member who was mentioned recently in a post the person may read; otherwise one of their
    direct reports, a different one each day. The team is the person's manager, the colleagues who
    share that manager and the person's direct reports (at most TEAM_MAX of them)."""
    team = Q(manager=person)
    if person.manager_id:
        team |= Q(manager_id=person.manager_id) | Q(pk=person.manager_id)
    colleagues = list(Person.objects.filter(team, is_active=True).exclude(pk=person.pk)
                      .order_by("pk").values_list("pk", flat=True)[:TEAM_MAX])
    # Newest mentions of colleagues first, read in small batches; visibility is checked against the
    # person's readable groups in Python, so the database never gathers every readable post.
    readable = set(readable_group_ids(person).values_list("id", flat=True))
    recent = (Mention.objects.filter(person_id__in=colleagues, post__created_at__gte=now - MENTION_WINDOW,
                                     post__created_at__lte=now)
              .exclude(post__author=person).order_by("-post__created_at")
              .values_list("person_id", "post_id", "post__group_id"))
    pick = next(((who, post_id) for who, post_id, group_id in recent[:200]
                 if group_id is None or group_id in readable), None)
    mention = None
    if pick is not None:
        mention = Mention.objects.select_related("person", "post").filter(person_id=pick[0], post_id=pick[1]).first()
    if mention is not None:
        return mention.person, mention.post
    reports = list(Person.objects.filter(manager=person, is_active=True).order_by("name")[:50])
    if reports:
        return reports[today.toordinal() % len(reports)], None
    return None, None


def prompt_for(person, habit: str, now: datetime, today: date) -> Prompt:
    if habit == Habit.DESCRIBE:
        return _describe_prompt(today)
    if habit == Habit.INTERACT:
        posts = posts_worth_answering(person, now)
        return _interact_prompt(posts, addressed=_addressed_among(person, posts))
    return _recognise_prompt(*colleague_to_recognise(person, now, today))


def prompt_from_snapshot(person, habit: str, today: date, snapshot: "DaySnapshot") -> Prompt:
    """Today's prompt from the choices made when the day's snapshot was built, re-checked now: the
    suggested posts must still be readable and unanswered, the colleague still active."""
    chosen = snapshot.prompts.get(habit, {})
    if habit == Habit.DESCRIBE:
        return _describe_prompt(today)
    if habit == Habit.INTERACT:
        # Questions addressed to the person are looked for live: one asked this morning is waiting today.
        addressed = questions_addressed_to(person, timezone.now())
        ids = [pk for pk in chosen.get("posts", []) if pk not in {p.pk for p in addressed}]
        found = {p.pk: p for p in _untouched_by(person, posts_visible_to(person).filter(pk__in=ids, reply_count=0))
                 .select_related("author", "group")} if ids else {}
        posts = (addressed + [found[pk] for pk in ids if pk in found])[:2]
        return _interact_prompt(posts, addressed=min(len(addressed), 2))
    colleague = (Person.objects.filter(pk=chosen["colleague"], is_active=True).first()
                 if chosen.get("colleague") else None)
    post = (posts_visible_to(person).filter(pk=chosen["post"]).first()
            if colleague is not None and chosen.get("post") else None)
    return _recognise_prompt(colleague, post)


def _describe_prompt(today: date) -> Prompt:
    question = DESCRIBE_QUESTIONS[today.toordinal() % len(DESCRIBE_QUESTIONS)]
    return Prompt(f"{question} Answer it in a short update.", link=composer_link(Habit.DESCRIBE),
                  link_text="Write an update")


def _addressed_among(person, posts: list[Post]) -> int:
    """How many of the leading `posts` are questions addressed to the person (they come first)."""
    if not posts:
        return 0
    addressed = set(Post.objects.filter(addressed_filter(person), pk__in=[p.pk for p in posts])
                    .values_list("pk", flat=True))
    n = 0
    for post in posts:
        if post.pk not in addressed:
            break
        n += 1
    return n


def _interact_prompt(posts: list[Post], addressed: int = 0) -> Prompt:
    if addressed == len(posts) and addressed > 1:
        return Prompt(f"{addressed} questions addressed to you are waiting for your answer. Start with the one "
                      "that has waited longest.", posts=posts)
    if addressed:
        return Prompt("A colleague asked you directly and is waiting for your answer. After that, a reply or a "
                      "reaction to someone else is a bonus.", posts=posts)
    if posts:
        return Prompt("These colleagues are still waiting for a first response. A reply or a reaction is enough.",
                      posts=posts)
    return Prompt("Nothing from the people you follow or your skills is waiting right now. Look through the "
                  "open questions and answer one you know something about.",
                  link=reverse("questions"), link_text="Open questions")


def _recognise_prompt(colleague: Person | None, post: Post | None) -> Prompt:
    if colleague is not None and post is not None:
        return Prompt(f"{colleague.name} came up in a recent post. If they did something worth thanking, say so "
                      "in a praise post.", posts=[post], colleague=colleague,
                      link=composer_link(Habit.RECOGNISE, colleague), link_text=f"Praise {colleague.name}")
    if colleague is not None:
        return Prompt(f"What has {colleague.name}, in your team, done lately that others should hear about?",
                      colleague=colleague, link=composer_link(Habit.RECOGNISE, colleague),
                      link_text=f"Praise {colleague.name}")
    return Prompt("Think of one person who made your week easier, and tell everyone what they did.",
                  link=composer_link(Habit.RECOGNISE), link_text="Write a praise post")


# --- the composer opened from a habit, and the celebration after the post ----------------------------------

COMPOSER_HABITS = {Habit.DESCRIBE: Post.Kind.UPDATE, Habit.RECOGNISE: Post.Kind.PRAISE}
HABIT_OF_KIND = {kind: habit for habit, kind in COMPOSER_HABITS.items()}
CELEBRATE_WITHIN = timedelta(minutes=30)  # how long after posting the post's page still celebrates


def composer_link(habit: str, colleague: Person | None = None) -> str:
    """The composer for a habit: its kind of post, the habit (so the composer shows today's prompt) and, for
    recognise, the suggested colleague in "Praise for" (validated by conversations.forms.ComposerLinkForm)."""
    from urllib.parse import urlencode

    params = {"kind": COMPOSER_HABITS[habit], "habit": habit}
    if colleague is not None:
        params["praised"] = f"@{colleague.handle}"
    return reverse("compose") + "?" + urlencode(params)


def composer_prompt(person, habit: str, now: datetime | None = None) -> str:
    """Today's prompt for a habit, as the composer shows it (the same words as on the coach page)."""
    now = now or timezone.now()
    today = rules.local_date(now, rules.zone_of(person))
    return prompt_for(person, habit, now, today).text


@dataclass
class Celebration:
    habit: str
    title: str
    text: str


def celebration_for(person, post: Post, now: datetime | None = None) -> Celebration | None:
    """The celebration for the author's own post when it is what completed a habit today: an update
    (describe) or a praise post (recognise), the first of its kind on the author's local day, looked at
    within CELEBRATE_WITHIN of posting."""
    now = now or timezone.now()
    habit = HABIT_OF_KIND.get(post.kind)
    if habit is None or post.author_id != person.pk or not (post.created_at <= now <= post.created_at + CELEBRATE_WITHIN):
        return None
    tz = rules.zone_of(person)
    day = rules.local_date(post.created_at, tz)
    earlier = Post.objects.filter(author=person, kind=post.kind, created_at__gte=rules.day_start(day, tz),
                                  created_at__lt=post.created_at).exclude(pk=post.pk).exists()
    if earlier or not habit_setting_enabled(person, habit):
        return None
    days = done_days(person, day - timedelta(days=rules.HISTORY_DAYS), tz=tz)[habit]
    run = rules.streak(days | {day}, day)
    title = f"{Habit(habit).label} done for today!"
    text = CELEBRATIONS[habit] + (f" That is {run} days in a row." if run > 1 else "")
    return Celebration(habit, title, text)


def habit_setting_enabled(person, habit: str) -> bool:
    saved = HabitSetting.objects.filter(person=person, habit=habit).values_list("enabled", flat=True).first()
    return True if saved is None else saved


# --- getting started -------------------------------------------------------------------------------

@dataclass
class Suggestion:
    person: Person
    why: str


SUGGESTIONS = 4
ACTIVE_WINDOW = timedelta(days=28)


def people_to_follow(person, limit: int = SUGGESTIONS, now: datetime | None = None) -> list[Suggestion]:
    """A few active colleagues the person does not follow yet: their manager, then people in their
    department (those who posted lately first), then the colleagues who posted most in the last 28 days."""
    now = now or timezone.now()
    followed = set(Follow.objects.filter(follower=person, target_kind=Follow.Target.PERSON)
                   .values_list("target_id", flat=True))
    skip = followed | {person.pk}
    active = Person.objects.filter(is_active=True).exclude(pk__in=skip)
    recent = Count("posts", filter=Q(posts__created_at__gte=now - ACTIVE_WINDOW))
    out: list[Suggestion] = []

    def take(qs, why: str) -> None:
        for p in qs[: limit - len(out)]:
            if p.pk not in skip:
                out.append(Suggestion(p, why))
                skip.add(p.pk)

    if person.manager_id:
        take(active.filter(pk=person.manager_id), "your manager")
    if len(out) < limit and person.department_id:
        take(active.filter(department_id=person.department_id).exclude(pk__in=skip).annotate(n=recent)
             .order_by("-n", "name"), "in your department")
    if len(out) < limit:
        take(active.exclude(pk__in=skip).annotate(n=recent).filter(n__gt=0).order_by("-n", "name"),
             "posts often lately")
    return out


@dataclass
class CircleNote:
    circle: object
    week: int
    url: str


def my_circle(person, now: datetime | None = None) -> CircleNote | None:
    """The person's working-out-loud circle, if they are in one that is forming or meeting (read by model
    name, so the coach does not import circles)."""
    from django.apps import apps

    try:
        member = apps.get_model("circles", "CircleMember")
    except LookupError:
        return None
    row = (member.objects.filter(person=person).exclude(circle__status="completed").select_related("circle")
           .order_by("-joined_at").first())
    if row is None:
        return None
    return CircleNote(row.circle, row.circle.week(now), row.circle.get_absolute_url())


def first_post_at(person) -> datetime | None:
    return Post.objects.filter(author=person).order_by("created_at").values_list("created_at", flat=True).first()


def has_listened(person, first_post: datetime | None) -> bool:
    """A day of listening: a reaction or reply to a colleague before one's first post, or
    VIEWS_FOR_A_LISTENING_DAY posts read on one local day."""
    before = {"created_at__lt": first_post} if first_post else {}
    return (
        Reaction.objects.filter(person=person, **before).exclude(post__author=person).exists()
        or Reply.objects.filter(author=person, **before).exclude(post__author=person).exists()
        or PostView.objects.filter(person=person).annotate(day=TruncDate("created_at", tzinfo=rules.zone_of(person)))
        .values("day").annotate(n=Count("id")).filter(n__gte=VIEWS_FOR_A_LISTENING_DAY).exists()
    )


def checklist(person, *, snapshot: "DaySnapshot | None" = None, pref: CoachPreference | None = None
              ) -> list[ChecklistItem]:
    """Getting started, ticked from what the person did. "Install the mobile app" is ticked once the
    installed app (PWA) has been opened: its page script posts to coach_app_installed. With today's
    snapshot, a first post and a day of listening already found are not looked for again."""
    from townsquare.purpose.models import Purpose

    profile_done = bool(person.title and person.department_id and person.bio and person.skill_list)
    follows = Follow.objects.filter(follower=person).count()
    first_post = snapshot.first_post if snapshot is not None and snapshot.first_post else first_post_at(person)
    listened = (snapshot is not None and snapshot.listened) or has_listened(person, first_post)
    pref = pref if pref is not None else preference(person)
    return [
        ChecklistItem("profile", "Complete your profile", profile_done,
                      "A title, a department, a few lines about you and at least one skill.", reverse("profile_edit")),
        ChecklistItem("app", "Install the mobile app", pref.app_installed_at is not None,
                      "On your phone, open Townsquare in the browser and choose Install app or Add to Home screen "
                      "from its menu (Safari: Share, then Add to Home Screen). Open it once from your home screen "
                      "and this step ticks itself.", reverse("coach")),
        ChecklistItem("purpose", "Choose your purpose", Purpose.objects.filter(person=person).exists(),
                      "Pick what you want your working out loud to serve; your posts can then carry it.",
                      reverse("purpose")),
        ChecklistItem("follows", "Follow a few people or groups", follows >= FOLLOWS_WANTED,
                      f"Follow at least {FOLLOWS_WANTED} colleagues, groups or topics (you follow {follows}).",
                      reverse("directory"),
                      suggestions=people_to_follow(person) if follows < FOLLOWS_WANTED else []),
        ChecklistItem("listen", "Spend a day listening", listened,
                      "React to or answer a colleague before your first post, or read "
                      f"{VIEWS_FOR_A_LISTENING_DAY} posts in one day.", reverse("company")),
        ChecklistItem("first_post", "Make your first post", first_post is not None,
                      "A short update on what you are working on is a fine start.", reverse("compose")),
    ]


# --- the coach page --------------------------------------------------------------------------------

def recent_nudges(person, today: date, days: int = 7, done_today: set[str] = frozenset()) -> list[Nudge]:
    """In-app nudges of the last few days, less today's about a habit already done today; their suggested
    posts re-checked against what the person may read."""
    nudges = [n for n in Nudge.objects.filter(person=person, local_date__gt=today - timedelta(days=days),
                                              channel__in=[Channel.IN_APP, Channel.BOTH])
              .select_related("colleague")[:20]
              if not (n.local_date == today and n.habit in done_today)]
    ids = {pk for n in nudges for pk in n.post_ids}
    readable = {p.pk: p for p in posts_visible_to(person).filter(pk__in=ids).select_related("author")} if ids else {}
    for n in nudges:
        n.posts = [readable[pk] for pk in n.post_ids if pk in readable]
        n.words = nudge_words(n.habit, n.local_date)
    return nudges


@dataclass
class DaySnapshot:
    """What the coach page shows that cannot change during the person's local day: the days before today
    on which each habit was done, the complete weeks' numbers, and who was connected before this week.
    Built once per person and local day (services.day_snapshot stores it; the worker makes it after
    local midnight for people who use the coach), so the page only counts today and this week."""

    today: date
    done: dict[str, set[date]]
    weeks: "dict[date, WeekNumbers]"
    known: set[int]
    prompts: dict[str, dict] = field(default_factory=dict)  # the day's choices: {"interact": {"posts": [ids]}, …}
    first_post: datetime | None = None  # for the checklist and the verdict
    listened: bool = False  # the checklist's day of listening, once found, stays found

    def as_json(self) -> dict:
        return {"v": SNAPSHOT_VERSION, "today": self.today.isoformat(),
                "done": {h: sorted(d.isoformat() for d in days) for h, days in self.done.items()},
                "weeks": {s.isoformat(): n.as_dict() for s, n in self.weeks.items()}, "known": sorted(self.known),
                "prompts": self.prompts, "first_post": self.first_post.isoformat() if self.first_post else None,
                "listened": self.listened}

    @classmethod
    def from_json(cls, data: dict) -> "DaySnapshot | None":
        if data.get("v") != SNAPSHOT_VERSION:
            return None
        weeks = {}
        for start, numbers in data["weeks"].items():
            s = date.fromisoformat(start)
            weeks[s] = WeekNumbers(s, complete=True, **numbers)
        return cls(today=date.fromisoformat(data["today"]),
                   done={h: {date.fromisoformat(d) for d in days} for h, days in data["done"].items()},
                   weeks=weeks, known=set(data["known"]), prompts=data["prompts"],
                   first_post=datetime.fromisoformat(data["first_post"]) if data["first_post"] else None,
                   listened=data["listened"])


SNAPSHOT_VERSION = 3


def _history_start(person, today: date, tz) -> tuple[date, date]:
    joined = rules.local_date(person.date_joined, tz)
    first_day = max(joined, today - timedelta(days=rules.HISTORY_DAYS))
    heat_start = today - timedelta(days=today.weekday()) - timedelta(weeks=rules.HEATMAP_WEEKS - 1)
    return first_day, min(first_day, heat_start)


def build_day_snapshot(person, now: datetime | None = None) -> DaySnapshot:
    now = now or timezone.now()
    tz = rules.zone_of(person)
    today = rules.local_date(now, tz)
    _first_day, since = _history_start(person, today, tz)
    done: dict[str, set[date]] = {h: set() for h in Habit.values}
    for _, habit, when in rules.activity_rows([person.pk], rules.day_start(since, tz)):
        day = rules.local_date(when, tz)
        if day < today:
            done[habit].add(day)
    current = rules.week_start(today)
    complete = [s for s in _review_weeks(person, current, tz) if s < current]
    weeks = week_numbers(person, complete, tz)
    for n in weeks.values():
        n.complete = True
    known = set(_first_contacts(person, hi=rules.day_start(current, tz)))
    colleague, post = colleague_to_recognise(person, now, today)
    prompts = {Habit.INTERACT: {"posts": [p.pk for p in posts_worth_answering(person, now)]},
               Habit.RECOGNISE: {"colleague": colleague.pk if colleague else None, "post": post.pk if post else None}}
    first_post = first_post_at(person)
    return DaySnapshot(today=today, done=done, weeks=weeks, known=known, prompts=prompts, first_post=first_post,
                       listened=has_listened(person, first_post))


def overview(person, now: datetime | None = None, *, snapshot: DaySnapshot | None = None) -> Overview:
    now = now or timezone.now()
    tz = rules.zone_of(person)
    today = rules.local_date(now, tz)
    first_day, since = _history_start(person, today, tz)
    if snapshot is not None and snapshot.today == today:
        done = {h: set(days) for h, days in snapshot.done.items()}  # before today; today is read live
        for h, days in done_days(person, today, tz=tz).items():
            done[h] |= days
    else:
        snapshot = None
        done = done_days(person, since, tz=tz)
    settings = habit_settings(person)
    first_seen = min([rules.local_date(person.date_joined, tz), *(min(d) for d in done.values() if d)])
    statuses = []
    for habit, label in Habit.choices:
        days = done[habit]
        done_today = today in days
        value = rules.strength(days, first_day, today)
        weeks = heatmap(days, today, since=first_seen)
        counted = [c for col in weeks for c in col if c.state not in ("future", "before")]
        statuses.append(HabitStatus(
            habit=habit, label=label, rule=rules.RULES[habit], setting=settings[habit], done_today=done_today,
            streak=rules.streak(days, today), strength=round(100 * value), strength_value=value,
            weeks=weeks, done_in_heatmap=sum(c.state == "done" for c in counted), days_in_heatmap=len(counted),
            prompt=None if done_today or not settings[habit].enabled else (
                prompt_from_snapshot(person, habit, today, snapshot) if snapshot is not None
                else prompt_for(person, habit, now, today)),
            celebration=CELEBRATIONS[habit], tip=tip(HABIT_TIPS[habit]),
        ))
    steady = is_steady(statuses)
    pref = preference(person)
    return Overview(today=today, time_zone=str(tz), habits=statuses,
                    checklist=checklist(person, snapshot=snapshot, pref=pref),
                    nudges=recent_nudges(person, today, done_today={s.habit for s in statuses if s.done_today}),
                    preference=pref,
                    day_rule=rules.DAY_RULE.format(tz=tz), strength_rule=rules.STRENGTH_RULE,
                    steady=steady, steps=influence_steps(person, now) + grow_steps() if steady else [],
                    week=weekly_review(person, now, snapshot=snapshot), rhythm_today=rhythm(person, now, days=1).days[0],
                    digest=latest_digest(person, today), circle=my_circle(person, now))


# --- mindset tips, shown in context ------------------------------------------------------------------

TIPS = {
    "listen": ("Listen before you post",
               "Spend the first minutes of a check-in reading what colleagues are talking about. The posts "
               "that land best answer something that is already in the air."),
    "connect": ("Help people connect",
                "When you read a question you cannot answer, @mention the colleague who can. Putting two people "
                "in touch is often the most useful thing you do all day."),
    "human": ("Be human, not a press release",
              "Write the way you would talk to a colleague by the coffee machine: what you saw, what you think, "
              "what you are not sure about yet. Polished announcements get read; honest notes get answered."),
}
HABIT_TIPS = {Habit.DESCRIBE: "human", Habit.INTERACT: "listen", Habit.RECOGNISE: "connect"}


@dataclass
class Tip:
    key: str
    title: str
    text: str


def tip(key: str) -> Tip:
    title, text = TIPS[key]
    return Tip(key, title, text)


# --- rhythm ------------------------------------------------------------------------------------------

@dataclass
class PresenceItem:
    what: str  # "post" or "reply"
    label: str
    url: str
    when: datetime  # local time
    viewers: int | None  # unique colleagues who opened it (posts only)


@dataclass
class RhythmDay:
    day: date
    sessions: list[rules.Session]
    seen: list[PresenceItem]
    is_today: bool = False

    @property
    def count(self) -> int:
        return len(self.sessions)

    @property
    def on_rhythm(self) -> bool:
        return self.count >= rules.CHECKINS_PER_DAY

    @property
    def advice(self) -> list[str]:
        """The coach's word on the day's check-ins when there were too many, or one went on too long."""
        return rules.rhythm_advice(self.sessions, today=self.is_today)

    @property
    def dots(self) -> list[bool]:
        """One dot per check-in of the rhythm: filled when a session happened (extra sessions add dots)."""
        return [i < self.count for i in range(max(rules.CHECKINS_PER_DAY, self.count))]


@dataclass
class Rhythm:
    today: date
    days: list[RhythmDay]  # newest first
    session_rule: str
    presence_rule: str
    target: int = rules.CHECKINS_PER_DAY

    @property
    def sessions(self) -> int:
        return sum(d.count for d in self.days)

    @property
    def days_on_rhythm(self) -> int:
        return sum(d.on_rhythm for d in self.days)

    @property
    def days_present(self) -> int:
        return sum(bool(d.seen) for d in self.days)

    @property
    def sessions_with_news(self) -> int:
        return sum(1 for d in self.days for s in d.sessions if s.visible)

    @property
    def per_day(self) -> float:
        return round(self.sessions / len(self.days), 1) if self.days else 0.0


def rhythm(person, now: datetime | None = None, days: int = rules.RHYTHM_DAYS) -> Rhythm:
    """Check-in sessions per local day over the last `days` days, and what colleagues saw from the
    person on each of them (see rules.sessions_of). Four queries."""
    now = now or timezone.now()
    tz = rules.zone_of(person)
    today = rules.local_date(now, tz)
    first = today - timedelta(days=days - 1)
    since = rules.day_start(first, tz)
    actions: list[tuple[datetime, bool]] = []
    seen: dict[date, list[PresenceItem]] = {}
    posts = Post.objects.filter(author=person, created_at__gte=since, created_at__lte=now).order_by("created_at")
    for pk, kind, title, body, when, viewers in posts.values_list("pk", "kind", "title", "body", "created_at",
                                                                   "view_count"):
        actions.append((when, True))
        local = when.astimezone(tz)
        label = f"{Post.Kind(kind).label}: {title or _snippet(body)}"
        seen.setdefault(local.date(), []).append(
            PresenceItem("post", label, reverse("post_detail", args=[pk]), local, viewers))
    replies = Reply.objects.filter(author=person, created_at__gte=since, created_at__lte=now).order_by("created_at")
    for post_id, body, when, post_title, post_body in replies.values_list("post_id", "body", "created_at",
                                                                          "post__title", "post__body"):
        actions.append((when, True))
        local = when.astimezone(tz)
        label = f"Reply to “{post_title or _snippet(post_body, 50)}”: {_snippet(body, 60)}"
        seen.setdefault(local.date(), []).append(
            PresenceItem("reply", label, reverse("post_detail", args=[post_id]), local, None))
    for model in (Reaction, PostView):
        for when in model.objects.filter(person=person, created_at__gte=since, created_at__lte=now).values_list(
                "created_at", flat=True):
            actions.append((when, False))
    by_day: dict[date, list[rules.Session]] = {}
    for s in rules.sessions_of(actions):
        s.start, s.end = s.start.astimezone(tz), s.end.astimezone(tz)
        by_day.setdefault(s.start.date(), []).append(s)
    out = [RhythmDay(d, by_day.get(d, []), seen.get(d, []), is_today=d == today)
           for d in (today - timedelta(days=k) for k in range(days))]
    return Rhythm(today=today, days=out, session_rule=rules.SESSION_RULE + " " + rules.LENGTH_RULE,
                  presence_rule=rules.PRESENCE_RULE)


def _snippet(text: str, n: int = 70) -> str:
    """Markdown as one short line of plain words (conversations.text.excerpt)."""
    return excerpt(text, n)


# --- weekly review -----------------------------------------------------------------------------------

METRICS = [
    ("reactions", "Reactions to your posts"),
    ("replies", "Replies to your posts"),
    ("questions", "Questions addressed to you"),
    ("connections", "New connections"),
    ("viewers", "Unique viewers"),
]


@dataclass
class WeekNumbers:
    start: date
    complete: bool
    posts: int = 0
    reactions: int = 0
    replies: int = 0
    questions: int = 0
    connections: int = 0
    viewers: int = 0

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k, _ in METRICS}

    @property
    def score(self) -> Fraction:
        return rules.response_score(self.as_dict())

    @property
    def score_display(self) -> str:
        return _number(self.score)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


@dataclass
class MetricRow:
    key: str
    label: str
    this: int
    before: int

    @property
    def change(self) -> int:
        return self.this - self.before


@dataclass
class WeeklyReview:
    today: date
    focus: WeekNumbers  # "this week" (the current one on the page, the last complete one in the email)
    before: WeekNumbers | None  # the week before it
    weeks: list[WeekNumbers]  # oldest first, up to and including `focus`
    verdict: rules.Verdict | None
    complete_weeks: int
    score_rule: str = rules.SCORE_RULE
    verdict_rule: str = rules.VERDICT_RULE
    median_rule: str = rules.MEDIAN_RULE
    min_weeks: int = rules.VERDICT_MIN_WEEKS

    @property
    def rows(self) -> list[MetricRow]:
        before = self.before.as_dict() if self.before else {}
        return [MetricRow(k, label, getattr(self.focus, k), before.get(k, 0)) for k, label in METRICS]

    @property
    def score_change(self) -> str:
        if self.before is None:
            return ""
        diff = self.focus.score - self.before.score
        return ("+" if diff > 0 else "") + _number(diff)

    @property
    def weeks_to_verdict(self) -> int:
        return max(0, rules.VERDICT_MIN_WEEKS - self.complete_weeks)

    @property
    def max_score(self) -> Fraction:
        return max((w.score for w in self.weeks), default=Fraction(0)) or Fraction(1)

    @property
    def bars(self) -> list[tuple[WeekNumbers, int]]:
        """(week, bar width 0–100) for a small chart of the scores."""
        return [(w, round(100 * w.score / self.max_score)) for w in self.weeks]

    @property
    def compared(self) -> list[tuple[str, str, str]] | None:
        """(label, points a week, what it is) of the averages the verdict compared, for the page and the email."""
        v = self.verdict
        if v is None:
            return None
        recent_n = (v.weeks + 1) // 2
        rows = [("Your recent weeks", _number(v.recent_mean), f"average of the last {recent_n} complete weeks"),
                ("Your earlier weeks", _number(v.earlier_mean), f"average of the {v.weeks - recent_n} weeks before")]
        if v.org_median is not None:
            rows.append(("The organisation's median", _number(v.org_median),
                         f"the middle of {v.org_people} people who posted in your recent weeks"))
        else:
            rows.append(("The organisation's median", "—",
                         f"shown once at least {rules.MEDIAN_MIN_PEOPLE} people have posted in the same weeks"))
        return rows

    @property
    def verdict_tip(self) -> Tip | None:
        if self.verdict is None or self.verdict.key in (rules.GROWING, rules.STRONG):
            return None
        return tip("human" if self.verdict.key == rules.FLAT else "listen")


def _number(value: Fraction) -> str:
    return str(int(value)) if value.denominator == 1 else f"{float(value):.1f}"


def week_numbers(person, starts: list[date], tz, *, known_before: set[int] | None = None) -> dict[date, WeekNumbers]:
    """The weekly review's numbers (see rules.py) for consecutive ISO weeks starting on `starts` (oldest
    first), in the person's time zone. A fixed number of queries, whatever the number of weeks.
    `known_before`: the people already connected before the first week, if known (see DaySnapshot)."""
    out = {s: WeekNumbers(s, complete=False) for s in starts}
    if not starts:
        return out
    lo, hi = rules.day_start(starts[0], tz), rules.day_start(starts[-1] + timedelta(days=7), tz)
    weeks = [(s, rules.day_start(s, tz), rules.day_start(s + timedelta(days=7), tz)) for s in starts]

    def week_of(moment: datetime) -> date | None:
        w = rules.week_start(rules.local_date(moment, tz))
        return w if w in out else None

    def per_week(metric: str, qs, when: str, what: str = "pk", distinct: bool = False) -> None:
        """One query: a conditional count per week, so no row leaves the database."""
        counts = qs.aggregate(**{
            f"w{i}": Count(what, distinct=distinct, filter=Q(**{f"{when}__gte": a, f"{when}__lt": b}))
            for i, (_s, a, b) in enumerate(weeks)})
        for i, (s, _a, _b) in enumerate(weeks):
            setattr(out[s], metric, counts[f"w{i}"])

    in_range = {"created_at__gte": lo, "created_at__lt": hi}
    per_week("posts", Post.objects.filter(author=person, **in_range), "created_at")
    per_week("reactions", Reaction.objects.filter(post__author=person, **in_range).exclude(person=person),
             "created_at")
    per_week("replies", Reply.objects.filter(post__author=person, **in_range).exclude(author=person), "created_at")
    per_week("questions", Post.objects.filter(addressed_filter(person), kind=Post.Kind.QUESTION, **in_range)
             .exclude(author=person), "created_at", "pk", distinct=True)
    per_week("viewers", PostView.objects.filter(post__author=person, **in_range).exclude(person=person),
             "created_at", "person_id", distinct=True)

    def count(field: str, moments) -> None:
        for when in moments:
            w = week_of(when)
            if w is not None:
                setattr(out[w], field, getattr(out[w], field) + 1)

    # New connections: the first time ever that someone followed, answered, reacted to or mentioned the person.
    if known_before is not None:  # who was connected before `lo` is known: read only the weeks asked for
        first = {who: when for who, when in _first_contacts(person, lo, hi).items() if who not in known_before}
    else:
        first = _first_contacts(person)
    count("connections", (when for when in first.values() if lo <= when < hi))
    return out


def this_week_numbers(person, start: date, tz, known: set[int]) -> WeekNumbers:
    """The numbers of the week starting on `start` (the current one) in two fixed SQL statements: the
    coach page asks for them on every visit, and building the equivalent ten ORM queries cost more than
    running them. `known`: the people connected before the week (DaySnapshot). Same rules as week_numbers
    (a test checks that both agree)."""
    from django.db import connection

    lo, hi = rules.day_start(start, tz), rules.day_start(start + timedelta(days=7), tz)
    ops = connection.ops
    lo, hi = ops.adapt_datetimefield_value(lo), ops.adapt_datetimefield_value(hi)
    t = {m.__name__: m._meta.db_table for m in (Post, Reaction, Reply, Mention, PostView, Follow)}
    me = person.pk
    question = _leadership_questions()
    leadership = (f"OR EXISTS (SELECT 1 FROM {question._meta.db_table} q WHERE q.post_id = p.id AND q.leader_id = %s)"
                  if question is not None else "")
    on_my_posts = f"JOIN {t['Post']} p ON p.id = x.post_id WHERE p.author_id = %s"
    counts_sql = f"""SELECT
        (SELECT COUNT(*) FROM {t['Post']} x WHERE x.author_id = %s AND x.created_at >= %s AND x.created_at < %s),
        (SELECT COUNT(*) FROM {t['Reaction']} x {on_my_posts} AND x.person_id <> %s
            AND x.created_at >= %s AND x.created_at < %s),
        (SELECT COUNT(*) FROM {t['Reply']} x {on_my_posts} AND x.author_id <> %s
            AND x.created_at >= %s AND x.created_at < %s),
        (SELECT COUNT(*) FROM {t['Post']} p WHERE p.kind = %s AND p.author_id <> %s
            AND p.created_at >= %s AND p.created_at < %s AND (
            EXISTS (SELECT 1 FROM {t['Mention']} x WHERE x.post_id = p.id AND x.person_id = %s AND x.reply_id IS NULL)
            {leadership})),
        (SELECT COUNT(DISTINCT x.person_id) FROM {t['PostView']} x {on_my_posts} AND x.person_id <> %s
            AND x.created_at >= %s AND x.created_at < %s)"""
    contacts_sql = f"""
        SELECT x.follower_id FROM {t['Follow']} x WHERE x.target_kind = %s AND x.target_id = %s
            AND x.created_at >= %s AND x.created_at < %s
        UNION SELECT x.person_id FROM {t['Reaction']} x {on_my_posts} AND x.person_id <> %s
            AND x.created_at >= %s AND x.created_at < %s
        UNION SELECT x.author_id FROM {t['Reply']} x {on_my_posts} AND x.author_id <> %s
            AND x.created_at >= %s AND x.created_at < %s
        UNION SELECT p.author_id FROM {t['Mention']} x JOIN {t['Post']} p ON p.id = x.post_id
            WHERE x.person_id = %s AND x.reply_id IS NULL AND p.author_id <> %s
            AND p.created_at >= %s AND p.created_at < %s
        UNION SELECT r.author_id FROM {t['Mention']} x JOIN {t['Reply']} r ON r.id = x.reply_id
            WHERE x.person_id = %s AND r.author_id <> %s AND r.created_at >= %s AND r.created_at < %s"""
    with connection.cursor() as cursor:
        cursor.execute(counts_sql, [me, lo, hi, me, me, lo, hi, me, me, lo, hi,
                                    Post.Kind.QUESTION, me, lo, hi, me, *([me] if leadership else []),
                                    me, me, lo, hi])
        posts, reactions, replies, questions, viewers = cursor.fetchone()
        cursor.execute(contacts_sql, [Follow.Target.PERSON, me, lo, hi, me, me, lo, hi, me, me, lo, hi,
                                      me, me, lo, hi, me, me, lo, hi])
        contacts = {row[0] for row in cursor.fetchall()}
    return WeekNumbers(start, complete=False, posts=posts, reactions=reactions, replies=replies,
                       questions=questions, viewers=viewers, connections=len(contacts - known))


def _first_contacts(person, lo: datetime | None = None, hi: datetime | None = None) -> dict[int, datetime]:
    """Each person who ever followed, answered, reacted to or mentioned `person` (between lo and hi when
    given) and the first time they did. Five grouped queries."""
    def between(field: str) -> dict:
        window = {}
        if lo is not None:
            window[f"{field}__gte"] = lo
        if hi is not None:
            window[f"{field}__lt"] = hi
        return window

    sources = [
        Follow.objects.filter(target_kind=Follow.Target.PERSON, target_id=person.pk, **between("created_at"))
        .values("follower_id").annotate(first=Min("created_at")).values_list("follower_id", "first"),
        Reaction.objects.filter(post__author=person, **between("created_at")).exclude(person=person)
        .values("person_id").annotate(first=Min("created_at")).values_list("person_id", "first"),
        Reply.objects.filter(post__author=person, **between("created_at")).exclude(author=person)
        .values("author_id").annotate(first=Min("created_at")).values_list("author_id", "first"),
        Mention.objects.filter(person=person, reply__isnull=True, **between("post__created_at"))
        .exclude(post__author=person)
        .values("post__author_id").annotate(first=Min("post__created_at")).values_list("post__author_id", "first"),
        Mention.objects.filter(person=person, reply__isnull=False, **between("reply__created_at"))
        .exclude(reply__author=person)
        .values("reply__author_id").annotate(first=Min("reply__created_at"))
        .values_list("reply__author_id", "first"),
    ]
    first: dict[int, datetime] = {}
    for rows in sources:
        for who, when in rows:
            if who not in first or when < first[who]:
                first[who] = when
    return first


def local_today(person, now: datetime | None = None) -> date:
    return rules.local_date(now or timezone.now(), rules.zone_of(person))


def joined_on(person) -> date:
    return rules.local_date(person.date_joined, rules.zone_of(person))


def past_weeks(person, today: date, limit: int = 12) -> list[date]:
    """The Mondays of the person's complete weeks since joining, newest first, at most `limit`: the past
    weekly reviews they can open."""
    current, joined = rules.week_start(today), rules.week_start(joined_on(person))
    starts = [current - timedelta(weeks=k) for k in range(1, limit + 1)]
    return [s for s in starts if s >= joined]


def _review_weeks(person, focus: date, tz) -> list[date]:
    joined = rules.week_start(rules.local_date(person.date_joined, tz))
    starts = [focus - timedelta(weeks=k) for k in range(rules.VERDICT_MAX_WEEKS, -1, -1)]
    return [s for s in starts if s >= joined] or [focus]


def weekly_review(person, now: datetime | None = None, *, focus: date | None = None,
                  snapshot: "DaySnapshot | None" = None) -> WeeklyReview:
    """The weekly review around the ISO week starting on `focus` (default: the current local week),
    with the verdict over the complete weeks up to it since the week of the person's first post.
    With today's `snapshot`, the complete weeks come from it and only the current week is counted."""
    now = now or timezone.now()
    tz = rules.zone_of(person)
    today = rules.local_date(now, tz)
    current = rules.week_start(today)
    focus = focus or current
    starts = _review_weeks(person, focus, tz)
    if snapshot is not None and snapshot.today == today and focus == current:
        numbers = {s: snapshot.weeks[s] for s in starts if s in snapshot.weeks}
        numbers[current] = this_week_numbers(person, current, tz, snapshot.known)
    else:
        numbers = week_numbers(person, starts, tz)
    for s, n in numbers.items():
        n.complete = s < current
    weeks = [numbers[s] for s in starts]
    if snapshot is not None and snapshot.today == today and snapshot.first_post is not None:
        first_post = snapshot.first_post
    else:
        first_post = first_post_at(person)
    practice = rules.week_start(rules.local_date(first_post, tz)) if first_post else None
    complete = [w for w in weeks if w.complete and practice is not None and w.start >= practice]
    before = numbers.get(focus - timedelta(weeks=1))  # None when the person had not joined yet
    org_median, org_people = None, 0
    if len(complete) >= rules.VERDICT_MIN_WEEKS:
        _n, recent_n = rules.verdict_split(complete)
        org_median, org_people = organisation_median([w.start for w in complete[-recent_n:]])
    return WeeklyReview(today=today, focus=numbers[focus], before=before, weeks=weeks,
                        verdict=rules.verdict([w.score for w in complete], org_median, org_people),
                        complete_weeks=len(complete))


ORG_MEDIAN_CACHE_SECONDS = 6 * 3600  # complete weeks do not change; the cache only spares the work


def organisation_median(starts: list[date]) -> tuple[Fraction | None, int]:
    """The median, over everyone who posted in the weeks starting on `starts` (UTC ISO weeks), of their average
    weekly response score (the same five numbers and weights as a person's own, rules.SCORE_WEIGHTS), and how
    many people that is. (None, n) when fewer than rules.MEDIAN_MIN_PEOPLE posted: no aggregate over a smaller
    group. Nothing about any one person leaves this function. Cached per set of weeks."""
    from django.core.cache import cache

    if not starts:
        return None, 0
    key = "coach:org-median:" + ",".join(s.isoformat() for s in sorted(starts))
    hit = cache.get(key)
    if hit is not None:
        return (Fraction(hit[0]) if hit[0] is not None else None), hit[1]
    per_person = organisation_week_scores(sorted(starts))
    n = len(per_person)
    median = None
    if n >= rules.MEDIAN_MIN_PEOPLE:
        values = sorted(per_person.values())
        mid = n // 2
        median = values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2
    cache.set(key, (str(median) if median is not None else None, n), ORG_MEDIAN_CACHE_SECONDS)
    return median, n


def organisation_week_scores(starts: list[date]) -> dict[int, Fraction]:
    """{person id: average weekly response score over the weeks} for the active people who published a post in
    those (UTC) weeks. A fixed number of grouped queries; new connections from the first contact of each pair."""
    from datetime import UTC

    windows = [(datetime.combine(s, datetime.min.time(), tzinfo=UTC),
                datetime.combine(s + timedelta(days=7), datetime.min.time(), tzinfo=UTC)) for s in starts]
    authors = set()
    for lo, hi in windows:
        authors |= set(Post.objects.filter(created_at__gte=lo, created_at__lt=hi, author__is_active=True)
                       .values_list("author_id", flat=True).distinct())
    if not authors:
        return {}
    totals: dict[int, Fraction] = dict.fromkeys(authors, Fraction(0))
    w = rules.SCORE_WEIGHTS

    def add(metric: str, rows) -> None:
        for who, n in rows:
            if who in totals and n:
                totals[who] += w[metric] * n

    for lo, hi in windows:
        when = {"created_at__gte": lo, "created_at__lt": hi}
        add("reactions", Reaction.objects.filter(post__author_id__in=authors, **when)
            .exclude(person_id=F("post__author_id")).values("post__author_id").annotate(n=Count("id"))
            .values_list("post__author_id", "n"))
        add("replies", Reply.objects.filter(post__author_id__in=authors, **when)
            .exclude(author_id=F("post__author_id")).values("post__author_id").annotate(n=Count("id"))
            .values_list("post__author_id", "n"))
        add("viewers", PostView.objects.filter(post__author_id__in=authors, **when)
            .exclude(person_id=F("post__author_id")).values("post__author_id")
            .annotate(n=Count("person_id", distinct=True)).values_list("post__author_id", "n"))
        asked: set[tuple[int, int]] = set(
            Mention.objects.filter(person_id__in=authors, reply__isnull=True, post__kind=Post.Kind.QUESTION,
                                   post__created_at__gte=lo, post__created_at__lt=hi)
            .exclude(post__author_id=F("person_id")).values_list("person_id", "post_id"))
        question = _leadership_questions()
        if question is not None:
            asked |= set(question.objects.filter(leader_id__in=authors, post__created_at__gte=lo,
                                                 post__created_at__lt=hi)
                         .exclude(post__author_id=F("leader_id")).values_list("leader_id", "post_id"))
        add("questions", _counted(who for who, _post in asked))
    # New connections: pairs whose first contact ever falls in one of the weeks.
    first: dict[tuple[int, int], datetime] = {}
    sources = [
        Follow.objects.filter(target_kind=Follow.Target.PERSON, target_id__in=authors)
        .values("target_id", "follower_id").annotate(t=Min("created_at")).values_list("target_id", "follower_id", "t"),
        Reaction.objects.filter(post__author_id__in=authors).exclude(person_id=F("post__author_id"))
        .values("post__author_id", "person_id").annotate(t=Min("created_at"))
        .values_list("post__author_id", "person_id", "t"),
        Reply.objects.filter(post__author_id__in=authors).exclude(author_id=F("post__author_id"))
        .values("post__author_id", "author_id").annotate(t=Min("created_at"))
        .values_list("post__author_id", "author_id", "t"),
        Mention.objects.filter(person_id__in=authors, reply__isnull=True).exclude(post__author_id=F("person_id"))
        .values("person_id", "post__author_id").annotate(t=Min("post__created_at"))
        .values_list("person_id", "post__author_id", "t"),
        Mention.objects.filter(person_id__in=authors, reply__isnull=False).exclude(reply__author_id=F("person_id"))
        .values("person_id", "reply__author_id").annotate(t=Min("reply__created_at"))
        .values_list("person_id", "reply__author_id", "t"),
    ]
    for rows in sources:
        for target, source, when in rows:
            if (target, source) not in first or when < first[(target, source)]:
                first[(target, source)] = when
    add("connections", _counted(target for (target, _s), when in first.items()
                                if any(lo <= when < hi for lo, hi in windows)))
    return {who: total / len(windows) for who, total in totals.items()}


def _counted(ids) -> list[tuple[int, int]]:
    counts: dict[int, int] = {}
    for who in ids:
        counts[who] = counts.get(who, 0) + 1
    return list(counts.items())


# --- grow --------------------------------------------------------------------------------------------

@dataclass
class Step:
    title: str
    text: str
    link: str
    link_text: str


def grow_steps() -> list[Step]:
    return [
        Step("Open a new topic",
             "Pick something you know well and have never written about here. Start with a question, so the "
             "first post invites answers rather than applause.",
             reverse("compose") + "?kind=question", "Ask a question"),
        Step("Write an article",
             "Take an idea you keep explaining in meetings and give it a page of its own: the problem, what you "
             "tried, what you would do next.",
             reverse("compose") + "?kind=article", "Start an article"),
        Step("Give a short talk",
             "Offer twenty minutes on something you learned this quarter, open to anyone who wants to come. "
             "Announce it with an update and ask what people would like to hear.",
             reverse("compose") + "?kind=update", "Announce a talk"),
        Step("Join or host a working-out-loud circle",
             "Four or five colleagues, one hour a week for twelve weeks, each working towards a goal of their own "
             "and helping the others with theirs. Find a circle with room for you, or start one.",
             _url("circle_list") or reverse("group_list"), "Find a circle" if _url("circle_list") else "Browse groups"),
    ]


# --- testing one's influence (issue 16 #6): a first test, feedback, what is running ----------------------------
# Read from townsquare.influence by model name, so the coach keeps working whichever parts of it are installed.

FEEDBACK_POST_DAYS = 14  # a "recent post" to ask feedback on


def _influence_model(name: str):
    from django.apps import apps

    try:
        return apps.get_model("influence", name)
    except LookupError:
        return None


def _url(name: str, *args) -> str | None:
    from django.urls import NoReverseMatch

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def influence_steps(person, now: datetime | None = None) -> list[Step]:
    """For someone whose habits are steady: run a first test (an experiment: two wordings or forms, tried on parts
    of the audience) if they have not yet, and ask for feedback on a recent post that has no request yet."""
    now = now or timezone.now()
    steps = []
    experiment = _influence_model("Experiment")
    start = _url("experiment_create")
    if experiment is not None and start and not experiment.objects.filter(author=person).exists():
        steps.append(Step("Run your first test",
                          "Write one message two ways — or as a post and as an article — and let Townsquare show each "
                          "to half of the audience. After a week you will know which drew more response.",
                          start, "Start an experiment"))
    feedback = _influence_model("FeedbackRequest")
    if feedback is not None:
        recent = (Post.objects.filter(author=person, created_at__gte=now - timedelta(days=FEEDBACK_POST_DAYS))
                  .exclude(pk__in=feedback.objects.filter(author=person).values("post_id"))
                  .order_by("-created_at").first())
        if recent is not None:
            steps.append(Step("Ask for feedback on a recent post",
                              f"“{_snippet(recent.title or recent.body, 60)}”: ask a few colleagues how clear and "
                              "useful it was — anonymously, if honest answers are easier that way.",
                              reverse("feedback_request_create", args=[recent.pk]), "Ask for feedback"))
    return steps


@dataclass
class InProgress:
    experiments: list = field(default_factory=list)  # the person's running experiments
    feedback: list = field(default_factory=list)  # their open feedback requests, with the post


def influence_in_progress(person) -> InProgress:
    """What the weekly review lists of the person's own tests: running experiments, open feedback requests."""
    found = InProgress()
    experiment = _influence_model("Experiment")
    if experiment is not None:
        found.experiments = list(experiment.objects.filter(author=person, ended_at__isnull=True)
                                 .order_by("-started_at")[:10])
    feedback = _influence_model("FeedbackRequest")
    if feedback is not None:
        found.feedback = list(feedback.objects.filter(author=person, closed_on__isnull=True)
                              .select_related("post").order_by("-created_on", "-id")[:10])
    return found


def is_steady(habits: list[HabitStatus]) -> bool:
    """Every switched-on habit at STEADY_STRENGTH or more, and at least one switched on (rules.py)."""
    on = [h for h in habits if h.setting.enabled]
    return bool(on) and all(h.strength_value >= rules.STEADY_STRENGTH for h in on)


def latest_digest(person, today: date) -> WeeklyDigest | None:
    """The in-app weekly review of the last week, if one was made for the person."""
    return (WeeklyDigest.objects.filter(person=person, week_start__gte=rules.week_start(today) - timedelta(weeks=1),
                                        channel__in=[Channel.IN_APP, Channel.BOTH]).first())
