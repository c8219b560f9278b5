"""Writes for ask leadership and polls. Each validates everything first and writes in one
transaction, so a refused input changes nothing that is stored."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Group, Notification, Post
from townsquare.core import audit
from townsquare.core.validation import clean_text
from townsquare.people.models import Person
from townsquare.practices import access
from townsquare.practices.models import (
    Leader,
    Poll,
    PollOption,
    PollParticipant,
    PollVote,
    Question,
    QuestionVote,
    Reminder,
)

QUESTION_MAX_CHARS = 2_000
REASON_MAX_CHARS = 1_000
ANSWER_MAX_CHARS = 5_000
THEME_MAX_CHARS = 200
POLL_QUESTION_MAX_CHARS = 300
OPTION_MAX_CHARS = 200
OPTIONS_MIN, OPTIONS_MAX = 2, 10
REMIND_AFTER = timedelta(days=3)


# --- leaders -----------------------------------------------------------------------------

@transaction.atomic
def leader_add(*, admin: Person, person: Person) -> Leader:
    if not access.can_manage_leaders(admin):
        raise PermissionDenied("Only organisation admins choose the leaders.")
    if not person.is_active:
        raise ValidationError(f"{person.name} has been deactivated, so they cannot be asked questions.")
    leader, created = Leader.objects.get_or_create(person=person, defaults={"added_by": admin})
    if created:
        audit.record(actor=admin, action="leader.add", target=person, before={"leader": False}, after={"leader": True})
    return leader


@transaction.atomic
def leader_remove(*, admin: Person, person: Person) -> None:
    if not access.can_manage_leaders(admin):
        raise PermissionDenied("Only organisation admins choose the leaders.")
    removed, _ = Leader.objects.filter(person=person).delete()
    if removed:
        audit.record(actor=admin, action="leader.remove", target=person, before={"leader": True}, after={"leader": False})


# --- questions ---------------------------------------------------------------------------

@transaction.atomic
def question_ask(*, asker: Person, leader: Person, body: str, kind: str = Question.Kind.QUESTION) -> Question:
    """Ask a leader: a Question and a company-wide conversations Post of kind "question"."""
    if kind not in Question.Kind.values:
        raise ValidationError("Choose whether this is a question or a concern.")
    body = clean_text(body, what="question", max_chars=QUESTION_MAX_CHARS)
    if not Leader.objects.filter(person=leader, person__is_active=True).exists():
        raise ValidationError("Choose one of the leaders in the list.")
    label = "Question" if kind == Question.Kind.QUESTION else "Concern"
    # The leader is told in the post's own batch of notifications, so an @mention of them in the question
    # does not ring their bell a second time; the bell opens the question's page (its status, the answer form).
    told = Notification(recipient_id=leader.pk, actor=asker, verb=Notification.Verb.QUESTION,
                        message="" if kind == Question.Kind.QUESTION else "raised a concern with you")
    post = conversations.post_create(author=asker, kind=Post.Kind.QUESTION, title=f"{label} for {leader.name}"[:200],
                                     body=body, notices=[told])
    question = Question.objects.create(asker=asker, leader=leader, kind=kind, body=body, post=post)
    if told.pk is not None:
        Notification.objects.filter(pk=told.pk).update(link=question.get_absolute_url())
    return question


@transaction.atomic
def question_vote_toggle(*, person: Person, question: Question) -> bool:
    """Up-vote, or take the vote back. Returns True when the person's vote now counts."""
    deleted, _ = QuestionVote.objects.filter(question=question, person=person).delete()
    if not deleted:
        QuestionVote.objects.create(question=question, person=person)
    question.vote_count = QuestionVote.objects.filter(question=question).count()
    question.save(update_fields=["vote_count"])
    return not deleted


def _question_votes_refresh(question: Question) -> None:
    question.vote_count = QuestionVote.objects.filter(question=question).count()
    question.save(update_fields=["vote_count"])


@transaction.atomic
def question_vote_set(*, person: Person, question: Question) -> bool:
    """Up-vote; a vote that is there already changes nothing (the API's PUT). Returns True."""
    Question.objects.select_for_update().filter(pk=question.pk).first()  # the count stays equal to its rows
    QuestionVote.objects.get_or_create(question=question, person=person)
    _question_votes_refresh(question)
    return True


@transaction.atomic
def question_vote_unset(*, person: Person, question: Question) -> bool:
    """Take the vote back; no vote is no change (the API's DELETE). Returns False."""
    Question.objects.select_for_update().filter(pk=question.pk).first()
    QuestionVote.objects.filter(question=question, person=person).delete()
    _question_votes_refresh(question)
    return False


@transaction.atomic
def question_decline(*, person: Person, question: Question, reason: str) -> Question:
    if not access.can_change_status(person, question):
        raise PermissionDenied("Only the leader it is addressed to, or an organisation admin, can decline it.")
    reason = clean_text(reason, what="reason", max_chars=REASON_MAX_CHARS)
    if question.status == Question.Status.ANSWERED:
        raise ValidationError("This question has been answered already.")
    question.status, question.decline_reason, question.decided_at = Question.Status.DECLINED, reason, timezone.now()
    question.save(update_fields=["status", "decline_reason", "decided_at"])
    return question


@transaction.atomic
def question_reopen(*, person: Person, question: Question) -> Question:
    """Back to open: the answer reply stays on the post, but the question no longer counts as answered."""
    if not access.can_change_status(person, question):
        raise PermissionDenied("Only the leader it is addressed to, or an organisation admin, can reopen it.")
    question.status, question.decided_at, question.answered_at = Question.Status.OPEN, None, None
    question.decline_reason = ""
    question.save(update_fields=["status", "decided_at", "answered_at", "decline_reason"])
    return question


@transaction.atomic
def question_answer(*, person: Person, question: Question, answer: str, purpose_theme: str = "") -> Question:
    """"Explain the decision": the leader's answer becomes a reply on the question's post."""
    if not access.can_answer(person, question):
        raise PermissionDenied("Only the leader it is addressed to can answer it.")
    answer = clean_text(answer, what="answer", max_chars=ANSWER_MAX_CHARS)
    purpose_theme = clean_text(purpose_theme, what="purpose theme", max_chars=THEME_MAX_CHARS, required=False)
    if question.status == Question.Status.ANSWERED:
        raise ValidationError("You have answered this question already.")
    body = answer if not purpose_theme else f"{answer}\n\n*The purpose this decision serves:* {purpose_theme}"
    reply = conversations.reply_create(author=person, post=question.post, body=body)
    now = timezone.now()
    question.status, question.answer_reply, question.purpose_theme = Question.Status.ANSWERED, reply, purpose_theme
    question.answered_at = question.decided_at = now
    question.decline_reason = ""
    question.save(update_fields=["status", "answer_reply", "purpose_theme", "answered_at", "decided_at",
                                 "decline_reason"])
    return question


@dataclass
class ReminderRun:
    created: int
    already: int


def reminders_send(now: datetime | None = None) -> ReminderRun:
    """One reminder per question open more than three days, per day. Safe to run again and again:
    the unique constraint on (question, day) turns a repeat into a no-op."""
    now = now or timezone.now()
    day = now.astimezone(UTC).date()
    due = Question.objects.filter(status=Question.Status.OPEN, created_at__lte=now - REMIND_AFTER,
                                  leader__is_active=True).values_list("pk", "leader_id")
    created = already = 0
    for question_id, leader_id in due:
        try:
            with transaction.atomic():
                Reminder.objects.create(question_id=question_id, leader_id=leader_id, day=day, created_at=now)
            created += 1
        except IntegrityError:
            already += 1
    return ReminderRun(created=created, already=already)


# --- polls ---------------------------------------------------------------------------------

def parse_options(raw: str) -> list[str]:
    """One option a line; blank lines are skipped. Refuses fewer than 2, more than 10, repeats."""
    options = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    if len(options) < OPTIONS_MIN:
        raise ValidationError(f"A poll needs at least {OPTIONS_MIN} options, one a line.")
    if len(options) > OPTIONS_MAX:
        raise ValidationError(f"You wrote {len(options)} options; a poll takes at most {OPTIONS_MAX}.")
    seen = set()
    for option in options:
        clean_text(option, what="option", max_chars=OPTION_MAX_CHARS)
        if option.casefold() in seen:
            raise ValidationError(f"“{option}” is in the list twice. Each option must be different.")
        seen.add(option.casefold())
    return options


@transaction.atomic
def poll_create(*, author: Person, question: str, options: list[str] | str, multiple: bool = False,
                anonymous: bool = False, closes_at: datetime | None = None, group: Group | None = None) -> Poll:
    """A poll and the post that carries it (company-wide, or in a group the author belongs to)."""
    question = clean_text(question, what="question", max_chars=POLL_QUESTION_MAX_CHARS)
    options = parse_options(options if isinstance(options, str) else "\n".join(options))
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError("The closing time is in the past. Choose a moment still to come, or leave it empty.")
    poll = Poll.objects.create(author=author, question=question, multiple=multiple, anonymous=anonymous,
                               closes_at=closes_at)
    PollOption.objects.bulk_create([PollOption(poll=poll, label=label, position=i) for i, label in enumerate(options)])
    how = "Choose as many as you like" if multiple else "Choose one"
    secrecy = " Votes are anonymous." if anonymous else ""
    lines = "\n".join(f"- {label}" for label in options)
    body = f"{question}\n\n{lines}\n\n{how}.{secrecy} [Vote in the poll]({reverse('poll_detail', args=[poll.pk])})"
    poll.post = conversations.post_create(author=author, kind=Post.Kind.POLL, group=group,
                                          title=f"Poll: {question}"[:200], body=body)
    poll.save(update_fields=["post"])
    return poll


def poll_attach(*, author: Person, post: Post, options: str, anonymous: bool = False) -> Poll:
    """The poll of a post written in the composer as a Poll (the composer extra "polls"; inside post_create's
    transaction): the post's first line is the question, 2–6 options, one choice, optionally anonymous."""
    first_line = next((line.strip() for line in post.body.splitlines() if line.strip()), "")
    question = clean_text((post.title or first_line)[:POLL_QUESTION_MAX_CHARS], what="question",
                          max_chars=POLL_QUESTION_MAX_CHARS)
    labels = parse_options(options)
    if len(labels) > COMPOSER_OPTIONS_MAX:
        raise ValidationError(f"You wrote {len(labels)} options; a poll from the composer takes 2 to "
                              f"{COMPOSER_OPTIONS_MAX}.")
    poll = Poll.objects.create(post=post, author=author, question=question, anonymous=bool(anonymous))
    PollOption.objects.bulk_create([PollOption(poll=poll, label=label, position=i) for i, label in enumerate(labels)])
    return poll


COMPOSER_OPTIONS_MAX = 6


@transaction.atomic
def poll_vote(*, person: Person, poll: Poll, option_ids: list[int]) -> None:
    """Vote once. Anonymous polls record only THAT the person voted plus the option counters."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.is_closed():
        raise ValidationError("This poll has closed; votes are no longer taken.")
    chosen = list(PollOption.objects.filter(poll=poll, pk__in=set(option_ids)))
    if not chosen or len(chosen) != len(set(option_ids)):
        raise ValidationError("Choose one of the poll's options." if not poll.multiple
                              else "Choose at least one of the poll's options.")
    if not poll.multiple and len(chosen) > 1:
        raise ValidationError("This poll takes one choice only.")
    try:
        with transaction.atomic():
            PollParticipant.objects.create(poll=poll, person=person)
    except IntegrityError:
        raise ValidationError("You have voted in this poll already; a vote cannot be changed.") from None
    PollOption.objects.filter(pk__in=[o.pk for o in chosen]).update(vote_count=F("vote_count") + 1)
    if not poll.anonymous:
        PollVote.objects.bulk_create([PollVote(option=o, person=person) for o in chosen])
    Poll.objects.filter(pk=poll.pk).update(voter_count=F("voter_count") + 1)
