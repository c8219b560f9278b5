"""Demo circles, called by the demo generator (`townsquare seed`): four circles at different stages.

* "Leaders learning in the open" — the demo CEO with three colleagues from other departments, in week 4,
  with check-ins for weeks 1–3 (and some for this week) and a few notes;
* "Shipping in the open" — Alex and four others, in week 11;
* "Customer voices" — completed last week, with its twelve weeks of check-ins;
* "Early career network" — forming: three people, room for two more, for the finder.

Deterministic for the seed and a few dozen rows, so quick at any size.
"""

import random
from datetime import UTC, datetime, timedelta

from townsquare.circles.guides import GUIDES, WEEKS
from townsquare.circles.models import Circle, CircleCheckIn, CircleMember, CircleNote
from townsquare.conversations.text import render

GOALS = [
    "Get to know the people who run our biggest customer accounts.",
    "Share one thing a week about how my team makes decisions.",
    "Find two people outside my department to test ideas with.",
    "Write my first article on what we learned from the last launch.",
    "Understand how finance plans the year, so my requests land better.",
    "Build a small network of people who care about accessibility.",
    "Become someone people ask about onboarding.",
    "Speak at an internal talk before the end of the quarter.",
    "Learn how other teams run their retrospectives.",
    "Make our team's work visible beyond our own group.",
]
PROGRESS = [
    "Wrote my list: ten names, four of them outside my department.",
    "Thanked two people I'd never thanked properly. One replied within minutes.",
    "Posted a short update on what I'm exploring. Three people reacted, one sent a link.",
    "Answered a question in the data community. It felt good to be useful.",
    "Shared a draft early for once; the comments made it much better.",
    "Quiet week — travel. I did read what two people on my list posted.",
    "Introduced two people who should have met months ago.",
    "Asked a specific question and got a specific answer. The trick really works.",
    "Rewrote my goal: narrower, and more honest.",
    "Had coffee with someone from my list. We're meeting again next month.",
]
NOTES = [
    "Link from today's meeting: the post I mentioned about running better retros.",
    "Reminder: next week we swap — **Tuesday 13:00** instead of 12:30.",
    "Small win: the person I thanked last week asked me to review their proposal.",
    "Question for next time: how do you keep a list of people without it feeling transactional?",
]


def seed(gen) -> None:
    if Circle.objects.filter(name="Leaders learning in the open").exists():
        return  # already seeded into this database
    rng = random.Random(f"{gen.seed}:circles")
    now = datetime.fromtimestamp(gen.now, UTC)
    P = gen.P
    used = {gen.ceo.i, gen.alex.i, gen.admin.i}

    def pick(count, *, not_dept=None):
        pool = [p for p in P if p.i not in used and (not_dept is None or p.dept not in not_dept)]
        chosen = []
        for p in rng.sample(pool, min(len(pool), count * 4)):
            if len(chosen) == count:
                break
            if p.dept not in {c.dept for c in chosen}:
                chosen.append(p)
        for p in chosen:
            used.add(p.i)
        return chosen

    specs = [
        ("Leaders learning in the open", "Leaders practising working out loud: sharing decisions, listening first",
         "Tuesdays 08:00", [gen.ceo] + pick(3, not_dept={gen.ceo.dept}), 3, "active"),
        ("Shipping in the open", "Making engineering work visible to the rest of the company",
         "Thursdays 12:30", [gen.alex] + pick(4, not_dept={gen.alex.dept}), 10, "active"),
        ("Customer voices", "Bringing what customers tell us into every team's conversations",
         "Wednesdays 16:00", pick(5), 13, "completed"),
        ("Early career network", "Meeting people across departments in our first years here",
         "Fridays 11:00", pick(3), None, "forming"),
    ]
    for name, focus, meets, members, weeks_ago, status in specs:
        if len(members) < 3:
            continue
        creator = members[0]
        started = None if weeks_ago is None else now - timedelta(weeks=weeks_ago, days=rng.randint(1, 4))
        created = (started or now) - timedelta(days=rng.randint(3, 10))
        circle = Circle.objects.create(
            name=name, focus=focus, meets=meets, time_zone=creator.tz, created_by_id=creator.id,
            status=status, member_count=len(members), created_at=created, started_at=started,
            completed_at=started + timedelta(weeks=WEEKS) if status == "completed" else None)
        CircleMember.objects.bulk_create([
            CircleMember(circle=circle, person_id=p.id, goal=rng.choice(GOALS), joined_at=created + timedelta(days=k))
            for k, p in enumerate(members)])
        if started is None:
            continue
        current = circle.week(now) if status == "active" else WEEKS
        check_ins = []
        for week in range(1, current + 1):
            week_start = started + timedelta(weeks=week - 1)
            moment = week_start + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 8))
            if moment > now:  # this week, so far: somewhere between its start and now
                moment = week_start + (now - week_start) * rng.uniform(0.3, 0.9)
            met = rng.random() < 0.85
            for p in members:
                if rng.random() < (0.5 if week == current and status == "active" else 0.85):
                    check_ins.append(CircleCheckIn(circle=circle, person_id=p.id, week=week, met=met,
                                                   note=rng.choice(PROGRESS), created_at=moment, updated_at=moment))
        CircleCheckIn.objects.bulk_create(check_ins)
        notes = []
        for k, text in enumerate(rng.sample(NOTES, 3)):
            moment = min(now - timedelta(hours=2), started + timedelta(days=3 + 6 * k, hours=rng.randint(0, 8)))
            notes.append(CircleNote(circle=circle, author_id=rng.choice(members).id, body=text,
                                    body_html=render(text).html, created_at=moment))
        if status == "active":
            guide = GUIDES[current - 1]
            text = f"This week is “{guide.title}”. I'll bring my notes on the first exercise."
            notes.append(CircleNote(circle=circle, author_id=creator.id, body=text, body_html=render(text).html,
                                    created_at=now - timedelta(hours=3)))
        CircleNote.objects.bulk_create(notes)
