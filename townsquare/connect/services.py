"""Writes for coffee roulette and mentoring. Each validates first and writes in one transaction; bell
notifications go out after commit (conversations.services.notify)."""

import random
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from townsquare.connect import pairing, selectors
from townsquare.connect.models import (
    CoffeeMatch,
    CoffeeMatchMember,
    CoffeeProfile,
    CoffeeRound,
    MentoringTopic,
    MentorOffer,
    MentorRequest,
    Mentorship,
)
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification
from townsquare.core.validation import clean_text
from townsquare.people.models import Person

NOTE_MAX_CHARS = 1_000
MESSAGE_MAX_CHARS = 1_000
TOPIC_MAX_CHARS = 40
TOPICS_MAX = 8

# A first question for the coffee, written by us: open, light, about work and the person.
FIRST_QUESTIONS = [
    "What are you working on this month that you are most looking forward to?",
    "What does a good week look like in your team?",
    "What is something your department does that the rest of us rarely see?",
    "What did you learn recently that changed how you work?",
    "Who helped you most when you joined, and how?",
    "What is a question you get asked a lot, and what is the answer?",
    "If you could fix one small thing about how we work, what would it be?",
    "What brought you to this job, and what keeps you here?",
    "What is a skill you would love to learn from someone here?",
    "What are your customers (inside or outside) asking for at the moment?",
]


# --- coffee roulette -------------------------------------------------------------------------

@transaction.atomic
def coffee_settings_save(*, person: Person, active: bool, cadence: str) -> CoffeeProfile:
    if cadence not in CoffeeProfile.Cadence.values:
        raise ValidationError("Choose how often you would like a coffee: every week or every other week.")
    profile, created = CoffeeProfile.objects.get_or_create(person=person, defaults={"active": active, "cadence": cadence})
    if not created:
        profile.active, profile.cadence, profile.updated_at = active, cadence, timezone.now()
        profile.save(update_fields=["active", "cadence", "updated_at"])
    return profile


def _label(person: Person) -> str:
    """ "Ana Ruiz (Data Analyst, Finance)", leaving out what the profile does not say."""
    parts = [p for p in (person.title, person.department.name if person.department_id else "") if p]
    return f"{person.name} ({', '.join(parts)})" if parts else person.name


def _common_topics(people: list[Person]) -> list[str]:
    """Skills and interests every person in the group lists (case-insensitive), as the first one wrote it."""
    sets = []
    for p in people:
        words = {}
        for w in p.skill_list + p.interest_list:
            words.setdefault(w.casefold(), w)
        sets.append(words)
    shared = set(sets[0]).intersection(*sets[1:]) if sets else set()
    return sorted(sets[0][k] for k in shared)


def introduction(people: list[Person], first_question: str) -> str:
    """Our short introduction for a coffee group: who, what they share, a question to start with."""
    names = [_label(p) for p in people]
    who = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    lines = [f"Meet {who}."]
    departments = {p.department_id for p in people}
    if len(departments) > 1 and None not in departments:
        lines.append("You work in different parts of the company, so there is a lot to find out.")
    common = _common_topics(people)
    if common:
        topics = ", ".join(common[:3])
        lines.append(f"You all list {topics}." if len(people) > 2 else f"You both list {topics}.")
    lines.append(f"No agenda needed. If you want an opener: “{first_question}”")
    return " ".join(lines)


@dataclass
class RoundRun:
    key: str
    created: bool
    round: CoffeeRound | None = None
    groups: list[tuple[int, ...]] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)


def coffee_round_run(now: datetime | None = None, *, seed: str | None = None) -> RoundRun:
    """Pair everyone taking part in this ISO week's round, once. Safe to call again and again: the unique
    round key makes every call after the first (or one racing with it) a no-op."""
    now = now or timezone.now()
    key, week_start = selectors.round_key(now)
    if CoffeeRound.objects.filter(key=key).exists():
        return RoundRun(key=key, created=False)
    try:
        with transaction.atomic():
            return _round_create(key=key, week_start=week_start, now=now, seed=seed or key)
    except IntegrityError:
        return RoundRun(key=key, created=False)  # another worker made it first


def _round_create(*, key, week_start, now, seed) -> RoundRun:
    coffee_round = CoffeeRound.objects.create(key=key, week_start=week_start, seed=seed, created_at=now)
    profiles = selectors.round_participants(week_start)
    people = {p.pk: p for p in Person.objects.filter(pk__in=profiles.values("person_id")).select_related("department")}
    result = pairing.pair(
        [pairing.Candidate(pid, p.department_id) for pid, p in people.items()],
        recent=selectors.recent_pairs(before=week_start, rounds=selectors.no_repeat_rounds()),
        connected=selectors.connected_pairs(profiles.values("person_id"), now=now),
        seed=seed,
    )
    rng = random.Random(f"{seed}:questions")
    matches = []
    for group in result.groups:
        question = rng.choice(FIRST_QUESTIONS)
        members = [people[pid] for pid in group]
        matches.append(CoffeeMatch(round=coffee_round, intro=introduction(members, question), first_question=question,
                                   created_at=now))
    CoffeeMatch.objects.bulk_create(matches)
    if connection_needs_refetch(matches):
        matches = list(CoffeeMatch.objects.filter(round=coffee_round).order_by("id"))
    CoffeeMatchMember.objects.bulk_create([CoffeeMatchMember(match=m, round=coffee_round, person_id=pid)
                                           for m, group in zip(matches, result.groups, strict=True) for pid in group])
    coffee_round.people_count = len(people)
    coffee_round.group_count = len(result.groups)
    coffee_round.left_out_count = len(result.left_out)
    coffee_round.save(update_fields=["people_count", "group_count", "left_out_count"])
    link = reverse("coffee_home")
    notes = []
    for match, group in zip(matches, result.groups, strict=True):
        for pid in group:
            others = [people[o] for o in group if o != pid]
            if len(others) == 1:
                message = "is your coffee match this week. Say hello and find half an hour."
            else:
                message = f"and {others[1].name} are your coffee match this week: a trio. Say hello and find half an hour."
            notes.append(Notification(recipient_id=pid, actor=others[0], verb=Notification.Verb.PAIRING,
                                      message=message[:300], link=f"{link}#match-{match.pk}"))
    # Each person hears it "from" their partner, so the actor differs per recipient: one batch through the
    # bell's own store (after commit, one insert and one notifications_created signal for the whole round)
    # rather than one notify() call per person.
    conversations.notify_each(notes)
    return RoundRun(key=key, created=True, round=coffee_round, groups=result.groups, left_out=result.left_out)


def connection_needs_refetch(objs) -> bool:
    """bulk_create sets primary keys on PostgreSQL and SQLite ≥ 3.35; refetch only when it did not."""
    return any(o.pk is None for o in objs)


@transaction.atomic
def coffee_met_answer(*, person: Person, match: CoffeeMatch, answer: str) -> CoffeeMatchMember:
    if answer not in CoffeeMatchMember.Met.values:
        raise ValidationError("Choose one answer: yes, not yet, or no.")
    member = CoffeeMatchMember.objects.select_for_update().filter(match=match, person=person).first()
    if member is None:
        raise ValidationError("You were not part of this coffee.")
    member.met, member.answered_at = answer, timezone.now()
    member.save(update_fields=["met", "answered_at"])
    return member


# --- mentoring -------------------------------------------------------------------------------

def normalise_topics(raw: str | list[str]) -> list[str]:
    """Free tags → clean topics: split on commas (or new lines), lower case, single spaces, no leading '#',
    no repeats. Refuses none, more than 8, or one longer than 40 characters."""
    parts = raw if isinstance(raw, list) else re.split(r"[,\n;]", raw or "")
    topics: list[str] = []
    for part in parts:
        if "\x00" in part:
            raise ValidationError("A topic contains a NUL character, which text cannot hold. Remove it.")
        topic = re.sub(r"\s+", " ", part.strip().lstrip("#").strip()).casefold()
        if not topic:
            continue
        if len(topic) > TOPIC_MAX_CHARS:
            raise ValidationError(f"“{topic[:50]}…” is {len(topic)} characters; a topic takes at most "
                                  f"{TOPIC_MAX_CHARS}. Use a few words, and commas between topics.")
        if topic not in topics:
            topics.append(topic)
    if not topics:
        raise ValidationError("Add at least one topic, for example: negotiation, public speaking, sql.")
    if len(topics) > TOPICS_MAX:
        raise ValidationError(f"You listed {len(topics)} topics; keep it to {TOPICS_MAX} at most.")
    return topics


def _topic_objects(names: list[str]) -> list[MentoringTopic]:
    existing = {t.name: t for t in MentoringTopic.objects.filter(name__in=names)}
    missing = [MentoringTopic(name=n) for n in names if n not in existing]
    if missing:
        MentoringTopic.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in MentoringTopic.objects.filter(name__in=names)}
    return [existing[n] for n in names]


@transaction.atomic
def offer_create(*, person: Person, topics: str | list[str], note: str = "") -> MentorOffer:
    names = normalise_topics(topics)
    note = clean_text(note, what="note", max_chars=NOTE_MAX_CHARS, required=False)
    offer = MentorOffer.objects.create(person=person, note=note)
    offer.topics.set(_topic_objects(names))
    return offer


@transaction.atomic
def request_create(*, person: Person, topics: str | list[str], note: str = "") -> MentorRequest:
    names = normalise_topics(topics)
    note = clean_text(note, what="note", max_chars=NOTE_MAX_CHARS, required=False)
    request = MentorRequest.objects.create(person=person, note=note)
    request.topics.set(_topic_objects(names))
    return request


@transaction.atomic
def offer_set_active(*, person: Person, offer: MentorOffer, active: bool) -> MentorOffer:
    if offer.person_id != person.pk:
        raise ValidationError("Only the person who made the offer can change it.")
    offer.active = active
    offer.save(update_fields=["active"])
    return offer


@transaction.atomic
def request_set_open(*, person: Person, request: MentorRequest, open_: bool) -> MentorRequest:
    if request.person_id != person.pk:
        raise ValidationError("Only the person who asked can change the request.")
    request.open = open_
    request.save(update_fields=["open"])
    return request


@transaction.atomic
def mentorship_ask(*, mentee: Person, request: MentorRequest, offer: MentorOffer, message: str = "") -> Mentorship:
    """Send one of my requests to a mentor, about one of their offers. The mentor is told in the bell."""
    if request.person_id != mentee.pk:
        raise ValidationError("You can only send your own requests.")
    if not request.open:
        raise ValidationError("This request is closed. Reopen it first.")
    if offer.person_id == mentee.pk:
        raise ValidationError("That is your own offer.")
    if not offer.active or not offer.person.is_active:
        raise ValidationError("This offer is no longer open. Choose another mentor.")
    message = clean_text(message, what="message", max_chars=MESSAGE_MAX_CHARS, required=False)
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(offer=offer, request=request, mentor=offer.person, mentee=mentee,
                                                   message=message)
    except IntegrityError:
        raise ValidationError(f"You have already asked {offer.person.name} about this request.") from None
    conversations.notify(recipients=[offer.person], actor=mentee, verb=Notification.Verb.PAIRING,
                         message="would like you as a mentor. Accept or decline on your mentoring page.",
                         link=reverse("mentoring_home") + f"#mentorship-{mentorship.pk}")
    return mentorship


@transaction.atomic
def mentorship_decide(*, mentor: Person, mentorship: Mentorship, accept: bool) -> Mentorship:
    """The mentor accepts or declines; both are told in the bell."""
    mentorship = Mentorship.objects.select_for_update().select_related("mentee").get(pk=mentorship.pk)
    if mentorship.mentor_id != mentor.pk:
        raise ValidationError("Only the mentor who was asked can answer.")
    if mentorship.status == Mentorship.Status.WITHDRAWN:
        raise ValidationError(f"{mentorship.mentee.name} has found a mentor for this request already, so it is "
                              "closed. Thank you for offering.")
    if mentorship.status != Mentorship.Status.PENDING:
        raise ValidationError(f"You have already answered this request: {mentorship.get_status_display().lower()}.")
    now = timezone.now()
    mentorship.status = Mentorship.Status.ACCEPTED if accept else Mentorship.Status.DECLINED
    mentorship.decided_at = now
    mentorship.save(update_fields=["status", "decided_at"])
    link = reverse("mentoring_home") + f"#mentorship-{mentorship.pk}"
    if accept:
        # The request is answered: it closes, and the other mentors asked about it are told they need not answer.
        MentorRequest.objects.filter(pk=mentorship.request_id).update(open=False)
        others = list(Mentorship.objects.select_for_update().filter(request_id=mentorship.request_id,
                                                                   status=Mentorship.Status.PENDING))
        Mentorship.objects.filter(pk__in=[m.pk for m in others]).update(status=Mentorship.Status.WITHDRAWN,
                                                                        decided_at=now)
        conversations.notify(recipients=[m.mentor_id for m in others], actor=mentorship.mentee,
                             verb=Notification.Verb.PAIRING, link=reverse("mentoring_home"),
                             message="has found a mentor for the request they sent you, so there's nothing to "
                                     "answer. Thank you for offering.")
        to_mentee = (f"accepted your mentoring request, which is now closed. Write to them at {mentor.email} "
                     "to set a first conversation.")
        to_mentor = f"is now your mentee. Thank you for offering your time. Their email: {mentorship.mentee.email}"
    else:
        to_mentee = "can't mentor you on this right now. Try another suggestion on your request."
        to_mentor = "has been told you can't mentor them right now."
    conversations.notify(recipients=[mentorship.mentee_id], actor=mentor, verb=Notification.Verb.PAIRING,
                         message=to_mentee, link=link)
    # Notify the mentor too, with the mentee as the actor, so the bell reads as a confirmation.
    conversations.notify(recipients=[mentorship.mentor_id], actor=mentorship.mentee, verb=Notification.Verb.PAIRING,
                         message=to_mentor, link=link)
    return mentorship
