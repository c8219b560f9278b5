"""Demo data for events, talks, an ask-me-anything and causes; called by `townsquare seed` (see
townsquare/demo/generator.py → DEMO_EXTENSIONS).

Upcoming events (company-wide talks, community meetups, a full event with a waitlist, a cancelled one)
and past ones, each with RSVPs; an ask-me-anything hosted by the CEO (marked a leader if nobody is) with
questions and votes; volunteering opportunities with sign-ups in two cause groups. The demo accounts
take part: Alex organises a talk and answers a few events; the CEO hosts the AMA. Deterministic for the
seed, and quick at 10,000 people: a couple of dozen posts through the services, the rest bulk-created.
"""

import random
import zoneinfo
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count

from townsquare.conversations import text
from townsquare.conversations.models import Group, Post, SearchEntry
from townsquare.events import services
from townsquare.events.models import AmaQuestion, Event, Opportunity, Rsvp, SignUp
from townsquare.people.models import Person
from townsquare.practices import services as practices
from townsquare.practices.models import Leader, QuestionVote

MEET = "https://meet.example.com/"

COMPANY_TALKS = [
    ("talk", "Lunch & learn: reading a P&L without fear",
     "Twenty minutes on how our profit and loss statement is built, then questions. No finance background "
     "needed — if you've ever wondered where your team's budget shows up, this is for you.", 12, 30, 60),
    ("talk", "How our search works, from the query to the ranking",
     "A tour of the search behind the customer app: what happens in the 80 ms after someone types, what we "
     "measure, and the three changes that moved the needle most this year.", 15, 0, 45),
    ("event", "Customer stories: what we heard this quarter",
     "Five colleagues from Customer Success share one conversation each that changed how they work. "
     "Short, honest, and followed by coffee.", 16, 0, 60),
    ("talk", "Working out loud: a first month, in numbers",
     "What happened when I started posting three small things a day: what worked, what flopped, and what "
     "I'd tell anyone starting now.", 9, 30, 30),
    ("event", "Friday social on the terrace",
     "Drinks, snacks and the end of the week. Bring a colleague you haven't met yet.", 17, 0, 120),
]
GROUP_EVENTS = [
    ("event", "{group}: monthly meetup", "Our monthly get-together: two short talks from members, then open "
     "discussion. Newcomers very welcome — say hello in the thread if you're coming for the first time."),
    ("talk", "{group}: show and tell", "Ten minutes each: something you built, learned or broke this month. "
     "Slides optional, curiosity required."),
]
PAST_EVENTS = [
    ("event", "Summer town hall", "The half-year in review, the plan for the autumn, and your questions."),
    ("talk", "Security basics for everyone", "Phishing, passwords and the three habits that stop most attacks."),
    ("event", "Hack day demos", "Twelve teams, three minutes each. Come and vote for your favourite."),
    ("talk", "Design critique, out loud", "How our design team gives and takes feedback, live on a real screen."),
]
AMA_QUESTIONS = [
    "What is the one decision from this year you would make differently?",
    "How do you decide what we stop doing, not only what we start?",
    "What does success look like for us in three years, in your own words?",
    "How can people outside head office get their ideas in front of the leadership team?",
    "What are you reading at the moment, and why?",
    "Will we keep hybrid working as it is now?",
]
OPPORTUNITIES = [
    ("Food bank shift", "Sorting and packing donations for about 300 families. Closed shoes, please.", 10, 3, 8),
    ("Beach clean-up", "Gloves and bags provided. Meet at the lifeguard tower; we finish with lunch together.", 9, 4, 15),
    ("Coding club mentors", "Help teenagers with their first web page. No teaching experience needed.", 16, 2, 4),
    ("Tree planting day", "A morning with the city parks team planting native trees along the river.", 9, 5, 12),
    ("E-waste drive helpers", "Collect, weigh and label old devices at reception.", 11, 3, 3),
]


def seed(gen) -> None:
    rng = random.Random(f"{gen.seed}:events")
    P = gen.P
    now = datetime.fromtimestamp(gen.now, UTC)
    ids = [p.id for p in P]
    people = {p.pk: p for p in Person.objects.filter(pk__in=[gen.ceo.id, gen.alex.id, gen.admin.id])}
    ceo, alex = people[gen.ceo.id], people[gen.alex.id]

    def local(p, days: int, hour: int, minute: int = 0) -> datetime:
        zone = zoneinfo.ZoneInfo(p.tz)
        day = now.astimezone(zone).date() + timedelta(days=days)
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    def where(p, rng_) -> tuple[str, str]:
        city = p.city.split(",")[0]
        if rng_.random() < 0.3:
            return "", f"{MEET}{rng_.randrange(10**6, 10**7)}"
        online = f"{MEET}{rng_.randrange(10**6, 10**7)}" if rng_.random() < 0.5 else ""
        return f"{city} office, room {rng_.randint(1, 9)}.{rng_.randint(1, 40):02d}", online

    persons: dict[int, Person] = {}

    def person(i: int) -> Person:
        if P[i].id not in persons:
            persons[P[i].id] = Person.objects.get(pk=P[i].id)
        return persons[P[i].id]

    created: list[tuple[Event, int, list[int]]] = []  # event, posted days before, who may answer

    def make(organiser_i, kind, title, description, starts_at, minutes, *, group=None, capacity=None, audience=None,
             posted_days=3):
        place, online = where(P[organiser_i], rng)
        fields = services.EventFields(title=title, description=description, starts_at=starts_at,
                                      ends_at=starts_at + timedelta(minutes=minutes), place=place, online_url=online,
                                      capacity=capacity)
        future = starts_at if starts_at > now else now + timedelta(days=30)
        event = services.event_create(organiser=person(organiser_i), kind=kind, group=group, time_zone=P[organiser_i].tz,
                                      fields=services.EventFields(**{**fields.__dict__, "starts_at": future,
                                                                     "ends_at": future + timedelta(minutes=minutes)}))
        if future != starts_at:  # a past event: put it back where it belongs
            event.starts_at, event.ends_at = starts_at, starts_at + timedelta(minutes=minutes)
            body = services._post_body(event)
            Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at, ends_at=event.ends_at)
            Post.objects.filter(pk=event.post_id).update(body=body, body_html=text.render(body).html)
        created.append((event, posted_days, audience or ids))
        return event

    with transaction.atomic():
        # The CEO hosts an ask-me-anything: a leader, if the organisation has none yet.
        if not Leader.objects.exists():
            Leader.objects.create(person=ceo)
        host = Leader.objects.select_related("person").order_by("person_id").first().person
        index = {p.id: p.i for p in P}
        host_i = index.get(host.pk, gen.ceo.i)
        ama = make(host_i, Event.Kind.AMA, f"Ask {host.name} anything",
                   "An hour to ask me whatever you want to know: strategy, decisions, what keeps me up at night. "
                   "Post your questions here beforehand and vote up the ones you care about most — I'll start "
                   "with the top ones.", local(P[host_i], 2, 13), 60, posted_days=4)

        # Company-wide talks and events in the coming two weeks; Alex gives one of them.
        # The CEO's only post here is the AMA: the demo keeps their working-out-loud story small and honest.
        active = [p.i for p in P if not p.is_newcomer and p.i != gen.ceo.i] or [gen.alex.i]
        for k, (kind, title, description, hour, minute, minutes) in enumerate(COMPANY_TALKS):
            organiser = gen.alex.i if k == 3 else rng.choice(active)
            capacity = 12 if k == 0 else None
            make(organiser, kind, title, description, local(P[organiser], 1 + 3 * k, hour, minute), minutes,
                 capacity=capacity)

        # Meetups in a few public communities, for their members.
        communities = [g for g in gen.G if g.kind == Group.Kind.COMMUNITY and g.vis == Group.Visibility.PUBLIC
                       and len(g.members) >= 5][:4]
        for k, g in enumerate(communities):
            kind, title, description = GROUP_EVENTS[k % len(GROUP_EVENTS)]
            organiser = next((a for a in g.admins if a != gen.ceo.i), gen.alex.i)
            make(organiser, kind, title.format(group=g.name)[:200], description, local(P[organiser], 4 + 2 * k, 17, 30),
                 90, group=Group.objects.get(pk=g.id), audience=[P[i].id for i in g.members])

        # Past events, with who went.
        for k, (kind, title, description) in enumerate(PAST_EVENTS):
            organiser = rng.choice([i for i in range(len(P)) if i != gen.ceo.i])
            make(organiser, kind, title, description, local(P[organiser], -5 - 7 * k, 14), 60, posted_days=6)

        # Causes: events and volunteering opportunities in the first two cause groups.
        causes = [g for g in gen.G if g.kind == Group.Kind.CAUSE and g.vis == Group.Visibility.PUBLIC][:2]
        for k, g in enumerate(causes):
            organiser = next((a for a in g.admins if a != gen.ceo.i), gen.alex.i)
            make(organiser, Event.Kind.EVENT, f"{g.name}: volunteering day"[:200],
                 "A day out together for a good cause — details of each activity are in the group's opportunities. "
                 "Sign up there, and say here whether you'll join us for lunch.",
                 local(P[organiser], 9 + k, 9), 8 * 60, group=Group.objects.get(pk=g.id),
                 audience=[P[i].id for i in g.members])

        # Answers: going, maybe and no from the audience; Alex answers a few.
        rsvps, ama_audience = [], []
        for event, posted_days, audience in created:
            posted = event.starts_at - timedelta(days=posted_days) if event.starts_at < now else now - timedelta(days=posted_days)
            Post.objects.filter(pk=event.post_id).update(created_at=posted)
            SearchEntry.objects.filter(kind=SearchEntry.Kind.POST, object_id=event.post_id).update(created_at=posted)
            pool = [i for i in audience if i != event.organiser_id]
            n = min(len(pool), rng.randint(8, 40) if event.kind != Event.Kind.AMA else rng.randint(30, 60))
            n = max(n, min(len(pool), (event.capacity or 0) + 8))
            answered = rng.sample(pool, n)
            if event.starts_at > now and rng.random() < 0.6 and alex.pk not in answered and alex.pk != event.organiser_id:
                answered.append(alex.pk)
            going = 0  # the organiser hosts and takes no place
            for k, pid in enumerate(answered):
                status = rng.choices([Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.NO], [0.6, 0.25, 0.15])[0]
                if event.capacity is not None and k < event.capacity + 2:
                    status = Rsvp.Status.GOING  # a popular talk: full, with a few waiting
                if event.capacity is not None and status == Rsvp.Status.GOING and going >= event.capacity:
                    status = Rsvp.Status.WAITLIST
                going += status == Rsvp.Status.GOING
                moment = min(posted + timedelta(minutes=20 + 37 * k), now)
                rsvps.append(Rsvp(event=event, person_id=pid, status=status, created_at=moment, updated_at=moment))
            if event.pk == ama.pk:
                ama_audience = answered
        Rsvp.objects.bulk_create(rsvps, batch_size=2000)
        counts = {}
        for event_id, status, n in Rsvp.objects.filter(event__in=[e for e, _, _ in created]).values_list(
                "event_id", "status").annotate(n=Count("id")):
            counts.setdefault(event_id, {})[status] = n
        for event, _, _ in created:
            c = counts.get(event.pk, {})
            Event.objects.filter(pk=event.pk).update(going_count=c.get("going", 0), maybe_count=c.get("maybe", 0),
                                                     waitlist_count=c.get("waitlist", 0))

        # One upcoming event was called off.
        friday = next(e for e, _, _ in created if e.title == "Friday social on the terrace")
        services.event_cancel(person=friday.organiser, event=friday, reason="The terrace is being repaired; we'll pick a new date soon.")

        # Questions for the AMA, with votes.
        askers = (ama_audience or ids)[: len(AMA_QUESTIONS)]
        voters = ama_audience or ids
        for body, asker in zip(AMA_QUESTIONS, askers, strict=False):
            question = practices.question_ask(asker=Person.objects.get(pk=asker), leader=host, body=body)
            asked = min(now - timedelta(days=4) + timedelta(minutes=rng.randint(30, 3 * 24 * 60)), now)
            question.created_at = asked
            question.save(update_fields=["created_at"])
            Post.objects.filter(pk=question.post_id).update(created_at=asked)
            SearchEntry.objects.filter(kind=SearchEntry.Kind.POST, object_id=question.post_id).update(created_at=asked)
            AmaQuestion.objects.create(event=ama, question=question)
            who = rng.sample(voters, min(len(voters), rng.randint(1, 25)))
            QuestionVote.objects.bulk_create([QuestionVote(question=question, person_id=pid) for pid in who],
                                             ignore_conflicts=True)
            question.vote_count = QuestionVote.objects.filter(question=question).count()
            question.save(update_fields=["vote_count"])

        # Volunteering opportunities and sign-ups.
        opportunities, signups = [], []
        for k, g in enumerate(causes):
            for j, (title, description, hour, days, needed) in enumerate(OPPORTUNITIES[k * 2: k * 2 + 3]):
                creator = g.admins[0] if j == 0 else rng.choice(g.members)
                start = local(P[creator], days + 2 * j, hour)
                opportunities.append(Opportunity(
                    group_id=g.id, created_by_id=P[creator].id, title=title, description=description, starts_at=start,
                    ends_at=start + timedelta(hours=3), place=f"{P[creator].city.split(',')[0]}, meeting point at reception", time_zone=P[creator].tz,
                    volunteers_needed=needed, created_at=now - timedelta(days=rng.randint(1, 6))))
        Opportunity.objects.bulk_create(opportunities)
        for k, opportunity in enumerate(Opportunity.objects.filter(group_id__in=[g.id for g in causes]).order_by("id")):
            members = [P[i].id for i in next(g for g in causes if g.id == opportunity.group_id).members]
            pool = [pid for pid in members if pid != opportunity.created_by_id]
            n = opportunity.volunteers_needed if k % 3 == 2 else rng.randint(0, max(0, opportunity.volunteers_needed - 1))
            chosen = rng.sample(pool, min(len(pool), n))
            if k == 0 and alex.pk not in chosen and alex.pk != opportunity.created_by_id and len(chosen) < opportunity.volunteers_needed:
                chosen.append(alex.pk)
            signups += [SignUp(opportunity=opportunity, person_id=pid,
                               created_at=now - timedelta(hours=rng.randint(1, 100))) for pid in chosen]
            opportunity.signup_count = len(chosen)
        SignUp.objects.bulk_create(signups)
        for opportunity in Opportunity.objects.filter(group_id__in=[g.id for g in causes]).annotate(n=Count("signups")):
            Opportunity.objects.filter(pk=opportunity.pk).update(signup_count=opportunity.n)

    gen.counts.update(events=len(created), event_rsvps=len(rsvps), opportunities=len(opportunities),
                      volunteer_signups=len(signups))
