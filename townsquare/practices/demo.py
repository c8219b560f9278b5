"""Demo data for ask leadership (called by the demo generator, before the events' demo): the CEO and the
heads of a few departments are leaders people may ask, so /ask/ lists several and the events' ask-me-
anything has a host. Deterministic: the leaders are chosen by position in the organisation, not at random."""

from django.db import transaction

from townsquare.practices.models import Leader

LEADERS_MAX = 5  # the CEO and up to four department heads


def seed(gen) -> None:
    P = gen.P
    heads = sorted(gen.execs.values(), key=lambda p: (p.dept, p.i))
    chosen = [gen.ceo] + heads[: LEADERS_MAX - 1]
    admin_id = P[gen.admin.i].id
    with transaction.atomic():
        Leader.objects.bulk_create([Leader(person_id=P[p.i].id, added_by_id=admin_id) for p in chosen],
                                   ignore_conflicts=True)
