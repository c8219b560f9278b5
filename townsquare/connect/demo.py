"""Demo data for coffee roulette and mentoring, called by the demo generator (`townsquare seed`).

About one person in eight is opted into coffee (a quarter of them fortnightly), with three rounds: two
weeks ago and last week (most people answered "did you meet?") and this week (fresh, in the bell). The
demo CEO and Alex take part. Mentoring: about one person in twenty-five offers help on their own skills,
one in fifty asks for help on another department's skills, and a good part of the requests have been
sent to a mentor (accepted, waiting or declined). Alex has an accepted mentor; the CEO has a request
waiting for an answer. Deterministic for the seed; bulk inserts, so quick at 10,000 people.
"""

import random
from datetime import UTC, datetime, timedelta

from townsquare.connect import pairing, selectors, services
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
from townsquare.conversations.models import Notification
from townsquare.people.models import Person

OFFER_NOTES = [
    "Happy to do a 30-minute call every other week.",
    "Bring a real problem you're working on; that's where I'm most useful.",
    "I learned this the hard way, so I'm glad to save you some steps.",
    "Async is fine too: send me your draft and I'll comment.",
    "",
]
REQUEST_NOTES = [
    "I'm new to this and would like someone to sanity-check my first steps.",
    "I keep getting stuck at the same point and would love a second pair of eyes.",
    "A few conversations over the next month would help a lot.",
    "",
]
MET_WEIGHTS = [("yes", 0.62), ("not_yet", 0.12), ("no", 0.08), ("", 0.18)]


def seed(gen) -> None:
    rng = random.Random(f"{gen.seed}:connect")
    now = datetime.fromtimestamp(gen.now, UTC)
    key, this_monday = selectors.round_key(now)
    if CoffeeRound.objects.filter(key=key).exists():
        return  # already seeded into this database
    _coffee(gen, rng, now)
    _mentoring(gen, rng, now)


def _coffee(gen, rng, now) -> None:
    people = gen.P
    chosen = [p for p in people if rng.random() < 0.125]
    for named in (gen.ceo, gen.alex):
        if named not in chosen:
            chosen.append(named)
    chosen.sort(key=lambda p: p.i)
    cadence = {p.id: ("fortnightly" if rng.random() < 0.25 and p not in (gen.ceo, gen.alex) else "weekly")
               for p in chosen}
    joined = now - timedelta(days=60)
    CoffeeProfile.objects.bulk_create([
        CoffeeProfile(person_id=p.id, active=True, cadence=cadence[p.id], created_at=joined, updated_at=joined)
        for p in chosen], batch_size=2000)
    persons = {p.pk: p for p in Person.objects.filter(pk__in=[p.id for p in chosen]).select_related("department")}
    dept = {p.id: p.dept for p in chosen}
    connected = selectors.connected_pairs(CoffeeProfile.objects.values("person_id"), now=now)

    history: list[set] = []
    notifications = []
    for weeks_ago in (2, 1, 0):
        moment = now - timedelta(weeks=weeks_ago)
        key, week_start = selectors.round_key(moment)
        started = datetime.combine(week_start, datetime.min.time(), tzinfo=UTC) + timedelta(hours=6, minutes=5)
        takes_part = selectors.fortnightly_week(week_start)
        ids = [pid for pid in dept if cadence[pid] == "weekly" or takes_part]
        recent = set().union(*history[-selectors.no_repeat_rounds():]) if history else set()
        result = pairing.pair([pairing.Candidate(pid, dept[pid]) for pid in ids], recent=recent, connected=connected,
                              seed=f"{gen.seed}:{key}")
        history.append({p for g in result.groups for p in pairing.pairs_of(g)})
        coffee_round = CoffeeRound.objects.create(
            key=key, week_start=week_start, seed=f"{gen.seed}:{key}", created_at=started, people_count=len(ids),
            group_count=len(result.groups), left_out_count=len(result.left_out))
        qrng = random.Random(f"{gen.seed}:{key}:questions")
        matches = []
        for group in result.groups:
            question = qrng.choice(services.FIRST_QUESTIONS)
            matches.append(CoffeeMatch(round=coffee_round, first_question=question, created_at=started,
                                       intro=services.introduction([persons[pid] for pid in group], question)))
        CoffeeMatch.objects.bulk_create(matches, batch_size=1000)
        if services.connection_needs_refetch(matches):
            matches = list(CoffeeMatch.objects.filter(round=coffee_round).order_by("id"))
        members = []
        for match, group in zip(matches, result.groups, strict=True):
            for pid in group:
                met = "" if weeks_ago == 0 and rng.random() < 0.85 else \
                    rng.choices([m for m, _ in MET_WEIGHTS], [w for _, w in MET_WEIGHTS])[0]
                answered = started + timedelta(days=rng.randint(2, 6)) if met else None
                members.append(CoffeeMatchMember(match=match, round=coffee_round, person_id=pid, met=met,
                                                 answered_at=min(answered, now) if answered else None))
                if weeks_ago == 0:
                    other = next(o for o in group if o != pid)
                    message = ("is your coffee match this week. Say hello and find half an hour." if len(group) == 2
                               else f"and {persons[[o for o in group if o not in (pid, other)][0]].name} are your "
                                    "coffee match this week: a trio. Say hello and find half an hour.")
                    notifications.append(Notification(
                        recipient_id=pid, actor_id=other, verb=Notification.Verb.PAIRING, message=message,
                        link=f"/coffee/#match-{match.pk}", created_at=started))
        CoffeeMatchMember.objects.bulk_create(members, batch_size=2000)
    Notification.objects.bulk_create(notifications, batch_size=2000)


def _mentoring(gen, rng, now) -> None:
    people = gen.P
    offerers = [p for p in people if rng.random() < 0.04 and p is not gen.alex]
    if gen.ceo not in offerers:
        offerers.append(gen.ceo)
    askers = [p for p in people if rng.random() < 0.02 and p not in (gen.ceo, gen.alex)] + [gen.alex]
    if not any(p.dept != gen.alex.dept for p in offerers):
        return

    def norm(names):
        return [n for n in dict.fromkeys(services.normalise_topics(list(names)))]

    offer_topics = {p.id: norm(rng.sample(p.skills, min(len(p.skills), rng.randint(1, 3)))) for p in offerers}
    offer_topics[gen.ceo.id] = ["strategy", "leading through change", "public speaking"]
    # Requests ask for skills that someone in another department offers, so most find a match.
    offered = [(p, t) for p in offerers for t in offer_topics[p.id]]
    request_topics = {}
    for p in askers:
        pool = [t for q, ts in ((q, offer_topics[q.id]) for q in offerers) if q.dept != p.dept for t in ts]
        if p is gen.alex:
            pool = ["public speaking"] if any("public speaking" in offer_topics[q.id] for q in offerers) else pool
        request_topics[p.id] = norm(rng.sample(pool, min(len(pool), rng.randint(1, 2)))) if pool else ["writing"]
    names = sorted({t for ts in list(offer_topics.values()) + list(request_topics.values()) for t in ts})
    MentoringTopic.objects.bulk_create([MentoringTopic(name=n) for n in names], ignore_conflicts=True)
    topic_ids = dict(MentoringTopic.objects.filter(name__in=names).values_list("name", "pk"))

    def when():
        return now - timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 23))

    offers = [MentorOffer(person_id=p.id, note=rng.choice(OFFER_NOTES), created_at=when()) for p in offerers]
    MentorOffer.objects.bulk_create(offers, batch_size=2000)
    requests = [MentorRequest(person_id=p.id, note=rng.choice(REQUEST_NOTES), created_at=when()) for p in askers]
    MentorRequest.objects.bulk_create(requests, batch_size=2000)
    if services.connection_needs_refetch(offers + requests):
        offers = list(MentorOffer.objects.filter(person_id__in=[p.id for p in offerers]).order_by("id"))
        requests = list(MentorRequest.objects.filter(person_id__in=[p.id for p in askers]).order_by("id"))
    offer_of = {o.person_id: o for o in offers}
    MentorOffer.topics.through.objects.bulk_create([
        MentorOffer.topics.through(mentoroffer_id=o.pk, mentoringtopic_id=topic_ids[t])
        for o in offers for t in offer_topics[o.person_id]], batch_size=2000)
    MentorRequest.topics.through.objects.bulk_create([
        MentorRequest.topics.through(mentorrequest_id=r.pk, mentoringtopic_id=topic_ids[t])
        for r in requests for t in request_topics[r.person_id]], batch_size=2000)

    by_topic: dict[str, list] = {}
    for p, t in offered:
        by_topic.setdefault(t, []).append(p)
    mentorships = []
    for r, asker in zip(requests, askers, strict=True):
        if asker is not gen.alex and rng.random() > 0.45:
            continue
        mentors = [m for t in request_topics[asker.id] for m in by_topic.get(t, []) if m.id != asker.id]
        if not mentors:
            continue
        mentor = sorted(mentors, key=lambda m: (m.dept == asker.dept, m.i))[0] if asker is gen.alex else rng.choice(mentors)
        status = "accepted" if asker is gen.alex else rng.choices(["accepted", "pending", "declined"], [6, 3, 1])[0]
        created = max(r.created_at, offer_of[mentor.id].created_at) + timedelta(hours=rng.randint(1, 48))
        created = min(created, now - timedelta(hours=1))
        mentorships.append(Mentorship(offer_id=offer_of[mentor.id].pk, request_id=r.pk, mentor_id=mentor.id,
                                      mentee_id=asker.id, status=status, created_at=created,
                                      decided_at=None if status == "pending" else min(now, created + timedelta(days=1))))
    # Someone asks the CEO: an open request waiting on their mentoring page.
    ceo_offer = offer_of[gen.ceo.id]
    asker_for_ceo = next((r for r, a in zip(requests, askers, strict=True)
                          if a is not gen.alex and not any(m.request_id == r.pk for m in mentorships)), None)
    if asker_for_ceo is not None:
        mentorships.append(Mentorship(offer_id=ceo_offer.pk, request_id=asker_for_ceo.pk, mentor_id=gen.ceo.id,
                                      mentee_id=asker_for_ceo.person_id, status="pending",
                                      message="I'm preparing my first all-hands talk. Could I borrow 20 minutes?",
                                      created_at=now - timedelta(hours=20)))
        if "public speaking" not in request_topics[asker_for_ceo.person_id]:
            MentorRequest.topics.through.objects.create(mentorrequest_id=asker_for_ceo.pk,
                                                        mentoringtopic_id=topic_ids["public speaking"])
    Mentorship.objects.bulk_create(mentorships, batch_size=2000)
