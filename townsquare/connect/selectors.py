"""Reads for coffee roulette and mentoring, each page in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from townsquare.connect import matching
from townsquare.connect.models import (
    CoffeeMatch,
    CoffeeMatchMember,
    CoffeeProfile,
    CoffeeRound,
    MentorOffer,
    MentorRequest,
    Mentorship,
)
from townsquare.connect.pairing import pair_key, pairs_of
from townsquare.conversations.models import Follow, Reaction, Reply

CONNECTED_DAYS = 90
HISTORY_LIMIT = 20


def no_repeat_rounds() -> int:
    """How many past rounds a pair may not repeat in (setting COFFEE_NO_REPEAT_ROUNDS, default 6)."""
    return int(getattr(settings, "COFFEE_NO_REPEAT_ROUNDS", 6))


# --- rounds ----------------------------------------------------------------------------------

def round_key(moment: datetime) -> tuple[str, date]:
    """The ISO week of a moment (in UTC): ("2026-W48", the Monday of that week)."""
    year, week, _ = moment.astimezone(UTC).isocalendar()
    return f"{year}-W{week:02d}", date.fromisocalendar(year, week, 1)


def fortnightly_week(week_start: date) -> bool:
    """Fortnightly people take part in every other ISO week: those whose week number since year 1 is even."""
    return ((week_start.toordinal() - 1) // 7) % 2 == 0


def round_participants(week_start: date) -> QuerySet[CoffeeProfile]:
    """Active people opted in for this week: the weekly ones, and the fortnightly ones on their weeks."""
    cadences = [CoffeeProfile.Cadence.WEEKLY]
    if fortnightly_week(week_start):
        cadences.append(CoffeeProfile.Cadence.FORTNIGHTLY)
    return CoffeeProfile.objects.filter(active=True, person__is_active=True, cadence__in=cadences)


def recent_pairs(*, before: date, rounds: int) -> set[frozenset[int]]:
    """Every pair that met in the last `rounds` rounds before the week starting `before` (two queries)."""
    if rounds <= 0:
        return set()
    round_ids = list(CoffeeRound.objects.filter(week_start__lt=before).order_by("-week_start")
                     .values_list("pk", flat=True)[:rounds])
    groups: dict[int, list[int]] = {}
    for match_id, person_id in CoffeeMatchMember.objects.filter(round_id__in=round_ids).values_list(
            "match_id", "person_id"):
        groups.setdefault(match_id, []).append(person_id)
    return {p for members in groups.values() for p in pairs_of(members)}


def connected_pairs(people: QuerySet, *, now: datetime | None = None) -> set[frozenset[int]]:
    """Pairs of `people` (a queryset of person ids) who are already connected, in ONE query: one follows the
    other (either way), or one replied or reacted to the other's post in the last 90 days."""
    since = (now or timezone.now()) - timedelta(days=CONNECTED_DAYS)
    follows = Follow.objects.filter(target_kind=Follow.Target.PERSON, follower_id__in=people,
                                    target_id__in=people).order_by().values_list("follower_id", "target_id")
    replies = Reply.objects.filter(created_at__gte=since, author_id__in=people, post__author_id__in=people
                                   ).order_by().values_list("author_id", "post__author_id")
    reactions = Reaction.objects.filter(created_at__gte=since, person_id__in=people, post__author_id__in=people
                                        ).order_by().values_list("person_id", "post__author_id")
    return {pair_key(a, b) for a, b in follows.union(replies, reactions) if a != b}


# --- my coffee -------------------------------------------------------------------------------

@dataclass
class MatchView:
    match: CoffeeMatch
    me: CoffeeMatchMember
    others: list  # Person objects
    answers: dict = field(default_factory=dict)  # person id -> met answer

    @property
    def round(self) -> CoffeeRound:
        return self.match.round


@dataclass
class MyCoffee:
    profile: CoffeeProfile | None
    current: MatchView | None
    history: list[MatchView]
    next_round: date
    takes_part_next: bool
    latest_round: CoffeeRound | None
    sat_out_latest: bool


def my_coffee(person, *, now: datetime | None = None) -> MyCoffee:
    """The person's settings, their newest match and their history (four queries)."""
    now = now or timezone.now()
    profile = CoffeeProfile.objects.filter(person=person).first()
    members = Prefetch("members", queryset=CoffeeMatchMember.objects.select_related(
        "person", "person__department").order_by("person__name"))
    matches = list(CoffeeMatch.objects.filter(members__person=person).select_related("round")
                   .prefetch_related(members).order_by("-round__week_start", "-id")[:HISTORY_LIMIT + 1])
    views = []
    for match in matches:
        all_members = list(match.members.all())
        me = next(m for m in all_members if m.person_id == person.pk)
        views.append(MatchView(match=match, me=me, others=[m.person for m in all_members if m.person_id != person.pk],
                               answers={m.person_id: m.met for m in all_members}))
    latest = CoffeeRound.objects.order_by("-week_start").first()
    current = views[0] if views and latest and views[0].match.round_id == latest.pk else None
    key, this_monday = round_key(now)
    next_monday = this_monday if latest is None or latest.key != key else this_monday + timedelta(days=7)
    if profile and profile.cadence == CoffeeProfile.Cadence.FORTNIGHTLY and not fortnightly_week(next_monday):
        next_monday += timedelta(days=7)  # a fortnightly person's next week
    takes_part = bool(profile and profile.active)
    sat_out = bool(latest and profile and profile.active and current is None
                   and profile.updated_at < latest.created_at and _took_part(profile, latest))
    return MyCoffee(profile=profile, current=current, history=views[1 if current else 0:HISTORY_LIMIT],
                    next_round=next_monday, takes_part_next=takes_part, latest_round=latest, sat_out_latest=sat_out)


def _took_part(profile: CoffeeProfile, coffee_round: CoffeeRound) -> bool:
    return profile.cadence == CoffeeProfile.Cadence.WEEKLY or fortnightly_week(coffee_round.week_start)


def coffee_stats() -> dict:
    """Organisation-wide counts for the page: people opted in, and meetings reported last round."""
    opted_in = CoffeeProfile.objects.filter(active=True, person__is_active=True).count()
    return {"opted_in": opted_in}


# --- mentoring -------------------------------------------------------------------------------

def offers_visible_to(person) -> QuerySet[MentorOffer]:
    """Active offers of active people: an offer is a public "I can help", shown to everyone signed in."""
    if not person.is_authenticated:
        return MentorOffer.objects.none()
    return MentorOffer.objects.filter(active=True, person__is_active=True)


SUGGESTION_POOL = 2_000  # the newest active offers weighed for one request (matching each takes microseconds)


def suggestions_for(request: MentorRequest, *, limit: int = 10) -> list[MentorOffer]:
    """Offers that match the request's topics by topic, meaning, word or close spelling (matching.py),
    ranked by match score, then mentors in another department than the asker, then the newest offer.
    Each carries `match_reasons` (why it matched, one per requested topic) and `shared_topics` (the offered
    topics that matched). Two queries: the offers with their people, and their topics."""
    wanted = [t.name for t in request.topics.all()]
    if not wanted:
        return []
    dept = request.person.department_id
    offers = list(MentorOffer.objects.filter(active=True, person__is_active=True).exclude(person=request.person)
                  .select_related("person", "person__department").prefetch_related("topics")
                  .order_by("-created_at", "-id")[:SUGGESTION_POOL])
    ranked = []
    for offer in offers:
        topics = list(offer.topics.all())
        reasons = matching.match(wanted, [t.name for t in topics])
        if not reasons:
            continue
        offer.match_reasons = reasons
        matched = {r.offered for r in reasons}
        offer.shared_topics = [t for t in topics if t.name in matched]
        other = 1 if not dept or offer.person.department_id != dept else 0
        ranked.append((-matching.score(reasons), -other, offer))
    ranked.sort(key=lambda row: (row[0], row[1]))  # stable: newest first within a rank
    return [offer for _, _, offer in ranked[:limit]]


def my_mentoring(person) -> dict:
    """Everything on the mentoring page: my offers, my requests, and requests sent and received."""
    offers = list(MentorOffer.objects.filter(person=person).prefetch_related("topics").order_by("-active", "-created_at"))
    requests = list(MentorRequest.objects.filter(person=person).prefetch_related("topics")
                    .order_by("-open", "-created_at"))
    related = ("mentor", "mentor__department", "mentee", "mentee__department", "request", "offer")
    received = list(Mentorship.objects.filter(mentor=person).select_related(*related)
                    .prefetch_related("request__topics").order_by("status", "-created_at")[:50])
    sent = list(Mentorship.objects.filter(mentee=person).select_related(*related)
                .prefetch_related("offer__topics").order_by("-created_at")[:50])
    return {"offers": offers, "requests": requests, "received": received, "sent": sent,
            "pending_received": sum(1 for m in received if m.status == Mentorship.Status.PENDING)}
