"""Demo data for ask leadership and polls (called by the demo generator, before the events' demo): the CEO and
the heads of a few departments are leaders people may ask, so /ask/ lists several and the events' ask-me-
anything has a host; two company-wide polls (one anonymous) with votes, so feeds show poll cards to vote on.
Deterministic: leaders, authors and votes are chosen by position in the organisation, not at random."""

from django.db import transaction

from townsquare.people.models import Person
from townsquare.practices import services
from townsquare.practices.models import Leader

POLLS = [  # (question, options, anonymous)
    ("Which day suits the monthly all-hands best?", ["Tuesday", "Wednesday", "Thursday"], True),
    ("What should our next lunch-and-learn be about?", ["Writing for busy readers", "Running better meetings",
                                                       "Our data platform, end to end"], False),
]
POLL_VOTERS = 40  # the first people by position vote; enough for the results to read like a real poll

LEADERS_MAX = 5  # the CEO and up to four department heads


def seed(gen) -> None:
    P = gen.P
    heads = sorted(gen.execs.values(), key=lambda p: (p.dept, p.i))
    chosen = [gen.ceo] + heads[: LEADERS_MAX - 1]
    admin_id = P[gen.admin.i].id
    with transaction.atomic():
        Leader.objects.bulk_create([Leader(person_id=P[p.i].id, added_by_id=admin_id) for p in chosen],
                                   ignore_conflicts=True)
    _polls(gen)


def _polls(gen) -> None:
    P = gen.P
    authors = [Person.objects.get(pk=P[gen.admin.i].id), Person.objects.get(pk=P[gen.alex.i].id)]
    voters = list(Person.objects.filter(is_active=True).order_by("pk")[:POLL_VOTERS])
    for n, ((question, options, anonymous), author) in enumerate(zip(POLLS, authors, strict=True)):
        poll = services.poll_create(author=author, question=question, options=options, anonymous=anonymous)
        choices = list(poll.options.order_by("pk").values_list("pk", flat=True))
        for i, person in enumerate(voters):
            if person.pk != author.pk and (i + n) % 4:  # three in four vote, each poll a different three
                services.poll_vote(person=person, poll=poll, option_ids=[choices[(i * (n + 2)) % len(choices)]])
