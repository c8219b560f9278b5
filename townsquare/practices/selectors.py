"""Reads for ask leadership and polls."""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, QuerySet

from townsquare.conversations.models import Group, Membership
from townsquare.people.models import Person
from townsquare.practices.access import questions_visible_to
from townsquare.practices.models import (
    Leader,
    Poll,
    PollParticipant,
    PollVote,
    Question,
    QuestionVote,
    Reminder,
)

LIST_LIMIT = 100


def leaders() -> QuerySet[Person]:
    return Person.objects.filter(leader_role__isnull=False, is_active=True).order_by("name")


def leader_by_handle(handle: str) -> Person | None:
    return Person.objects.filter(handle=handle, leader_role__isnull=False).first()


def questions_for(person, *, status: str = "", leader: Person | None = None) -> QuerySet[Question]:
    qs = questions_visible_to(person).select_related("asker", "leader", "post").annotate(
        voted=Exists(QuestionVote.objects.filter(question=OuterRef("pk"), person=person.pk)))
    if status in Question.Status.values:
        qs = qs.filter(status=status)
    if leader is not None:
        qs = qs.filter(leader=leader)
    return qs


def poll_groups(person) -> QuerySet[Group]:
    """The groups the person may post a poll in: those they are an active member of, by name."""
    return Group.objects.filter(memberships__person=person, memberships__state=Membership.State.ACTIVE).order_by("name")


def poll_group(person, slug: str) -> Group | None:
    """One of `poll_groups`, by slug; None when the person is not a member of such a group."""
    return poll_groups(person).filter(slug=slug).first() if slug else None


def has_voted(person, question: Question) -> bool:
    return QuestionVote.objects.filter(question=question, person=person).exists()


@dataclass
class LeaderRecord:
    received: int
    answered: int
    declined: int
    open: int
    share_answered: float | None  # 0..1, None when nothing was received
    median_time_to_answer: timedelta | None

    @property
    def share_answered_percent(self) -> int | None:
        return None if self.share_answered is None else round(100 * self.share_answered)

    @property
    def median_text(self) -> str:
        return duration_text(self.median_time_to_answer) if self.median_time_to_answer is not None else "—"


def duration_text(delta: timedelta) -> str:
    """A short human duration: "45 minutes", "5 hours", "2.5 days"."""
    minutes = delta.total_seconds() / 60
    if minutes < 60:
        n = max(1, round(minutes))
        return f"{n} minute{'s' if n != 1 else ''}"
    if minutes < 48 * 60:
        n = round(minutes / 60)
        return f"{n} hour{'s' if n != 1 else ''}"
    days = round(minutes / 1440, 1)
    return f"{days:g} days"


def leader_record(leader: Person) -> LeaderRecord:
    """Questions received, the share answered and the median time from asking to answering."""
    rows = list(Question.objects.filter(leader=leader).values_list("status", "created_at", "answered_at"))
    answered = [a - c for s, c, a in rows if s == Question.Status.ANSWERED and a is not None]
    declined = sum(1 for s, _, _ in rows if s == Question.Status.DECLINED)
    return LeaderRecord(
        received=len(rows), answered=len(answered), declined=declined,
        open=sum(1 for s, _, _ in rows if s == Question.Status.OPEN),
        share_answered=len(answered) / len(rows) if rows else None,
        median_time_to_answer=statistics.median(answered) if answered else None,
    )


def reminders_for(leader) -> list[Reminder]:
    """The leader's newest reminder for each question still open, newest first."""
    if not leader.is_authenticated or not Leader.objects.filter(person=leader).exists():
        return []
    newest: dict[int, Reminder] = {}
    for reminder in (Reminder.objects.filter(leader=leader, question__status=Question.Status.OPEN)
                     .select_related("question", "question__asker").order_by("-day", "-id")[:500]):
        newest.setdefault(reminder.question_id, reminder)
    return list(newest.values())


@dataclass
class PollState:
    voted: bool
    closed: bool
    show_results: bool
    my_option_ids: set[int]  # empty for anonymous polls: nothing links a vote to a person
    options: list
    total_votes: int


def poll_state(person, poll: Poll) -> PollState:
    voted = PollParticipant.objects.filter(poll=poll, person=person).exists()
    closed = poll.is_closed()
    options = list(poll.options.all())
    total = sum(o.vote_count for o in options)
    # Multiple choice: the share of voters who chose the option; single choice: the share of votes.
    base = poll.voter_count if poll.multiple else total
    for option in options:
        option.percent = round(100 * option.vote_count / base) if base else 0
    mine = set() if poll.anonymous else set(
        PollVote.objects.filter(option__poll=poll, person=person).values_list("option_id", flat=True))
    return PollState(voted=voted, closed=closed, show_results=voted or closed, my_option_ids=mine, options=options,
                     total_votes=total)


# --- the community page: every practice, with what is going on in each --------------------------------

@dataclass
class PracticeCard:
    key: str
    title: str
    text: str
    url_name: str
    action: str
    count: int | None = None
    count_label: str = ""


# Each package adds its own cards (in its AppConfig.ready), so this page knows none of them: register_card(
# order, provider), provider(person) → PracticeCard. The order keeps the page in the same sequence.
_card_providers: list[tuple[int, object]] = []


def register_card(order: int, provider) -> None:
    if all(p is not provider for _, p in _card_providers):
        _card_providers.append((order, provider))
        _card_providers.sort(key=lambda item: item[0])


def community(person) -> list[PracticeCard]:
    """The practices on one page, each with one number that says what is going on there now. Every
    number counts only what the person may read (each package's access function)."""
    return [provider(person) for _, provider in _card_providers]


def ask_card(person) -> PracticeCard:
    return PracticeCard("ask", "Ask leadership", "Put a question or a concern to a named leader, in the open. "
                        "Vote for the ones you want answered.", "ask_list", "Ask or vote",
                        questions_visible_to(person).filter(status=Question.Status.OPEN).count(), "open questions")


def polls_card(person) -> PracticeCard:
    return PracticeCard("polls", "Polls", "Ask everyone, or your group, a quick question with a few answers.",
                        "poll_create", "Start a poll")


# --- poll cards in feeds (a conversations card renderer, practices/apps.py) ----------------------------------

def poll_cards_load(posts, person) -> None:
    """Each poll post's poll, its options and whether the reader voted: three queries for the whole page. What the
    card shows (counts, the reader's "voted") is its cache key; an anonymous poll shows counts only."""
    polls = {p.post_id: p for p in Poll.objects.filter(post_id__in=[p.pk for p in posts]).prefetch_related("options")}
    voted = set(PollParticipant.objects.filter(poll__in=list(polls.values()), person=person)
                .values_list("poll_id", flat=True)) if polls and person.is_authenticated else set()
    for post in posts:
        poll = polls.get(post.pk)
        if poll is None:
            continue
        post.card_context = poll_card(poll, voted=poll.pk in voted)
        post.card_key = ("poll", poll.pk, poll.voter_count, poll.anonymous, post.card_context["closed"],
                         post.card_context["voted"], tuple((o.pk, o.label, o.vote_count) for o in poll.options.all()))


def poll_card(poll: Poll, *, voted: bool, error: str = "") -> dict:
    options = list(poll.options.all())
    base = poll.voter_count if poll.multiple else sum(o.vote_count for o in options)
    for option in options:
        option.percent = round(100 * option.vote_count / base) if base else 0
    return {"poll": poll, "options": options, "voted": voted, "closed": poll.is_closed(), "error": error}
