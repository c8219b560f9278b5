"""Demo data for analytics (called through townsquare/analytics/demo.py by `townsquare seed`).

The generated conversation already holds a mix of personas (engaged people, regulars, occasional
posters, observers, newcomers) and departments that mostly talk among themselves (colleagues are drawn
from one's own team first); Finance and Legal keep to themselves far more (demo/generator.py INSULAR), so
the E-I index flags them as silos. On top of it:

* purposes: about a third of the people who post chose a purpose, more of them recently, and tag a share
  of their posts with it that grows week by week — so Purpose is the emerging level of the iceberg and
  the Purpose index rises;
* a few emergent leaders (high influence, nobody reporting to them) agreed to be named, Alex among them
  when Alex qualifies; the others are only counted;
* one analyst (the first person of People & Culture who is not an admin).

Then the interaction graph is rebuilt and every metric and report computed, so the dashboards show data
at once. Deterministic for the seed; bulk writes only.
"""

import random
from datetime import UTC, datetime, timedelta

from django.db import transaction

from townsquare.analytics import graph, metrics, reports
from townsquare.analytics.models import AnalystRole, AnalyticsPreference, PersonMetric
from townsquare.conversations.models import Post
from townsquare.people.models import Person

PURPOSES = [
    "Understand our customers better, one conversation at a time",
    "Make the company strategy something everyone can explain",
    "Meet talented people outside my team",
    "Share what we learn so nobody solves the same problem twice",
]
PURPOSE_SHARE = 0.35        # of the people who posted
TAG_START, TAG_END = 0.03, 0.3   # chance a post of theirs is tagged, first week → last week
MAX_TAGGED = 60_000


def seed(gen) -> None:
    rng = random.Random(f"{gen.seed}:analytics")
    _purposes(gen, rng)
    graph.rebuild()
    metrics.recompute()
    _emergent_leaders(gen, rng)   # needs the influence percentiles; the org report then names them
    _analyst(gen)
    reports.refresh_all(themes=True, graph_metrics=False)


def _purposes(gen, rng) -> None:
    from townsquare.purpose.models import Purpose, PurposeTag

    start = datetime.fromtimestamp(gen.start, UTC)
    span = max(1, gen.now - gen.start)
    authors = sorted(set(Post.objects.filter(created_at__gte=start).values_list("author_id", flat=True)))
    already = set(Purpose.objects.values_list("person_id", flat=True))
    chosen = {pk for pk in authors if pk not in already and rng.random() < PURPOSE_SHARE}
    # More people chose a purpose in the later weeks: the choice time leans towards now.
    purposes = {pk: (rng.choice(PURPOSES), start + timedelta(seconds=int(span * (rng.random() ** 0.5))))
                for pk in sorted(chosen)}
    tagged_already = set(PurposeTag.objects.values_list("post_id", flat=True))
    tags = []
    rows = (Post.objects.filter(author_id__in=list(purposes), created_at__gte=start).order_by("id")
            .values_list("id", "author_id", "created_at")) if len(purposes) < 900 else \
        (Post.objects.filter(created_at__gte=start).order_by("id").values_list("id", "author_id", "created_at"))
    for pk, author, created in rows.iterator(chunk_size=20_000):
        chosen_at = purposes.get(author)
        if chosen_at is None or created < chosen_at[1] or pk in tagged_already:
            continue
        progress = (created.timestamp() - gen.start) / span
        if rng.random() < TAG_START + (TAG_END - TAG_START) * progress:
            tags.append(PurposeTag(post_id=pk, person_id=author, purpose_text=chosen_at[0], created_at=created))
            if len(tags) >= MAX_TAGGED:
                break
    with transaction.atomic():
        Purpose.objects.bulk_create([Purpose(person_id=pk, text=text, source="own", chosen_at=at)
                                     for pk, (text, at) in purposes.items()], batch_size=2000)
        PurposeTag.objects.bulk_create(tags, batch_size=2000)


def _emergent_leaders(gen, rng) -> None:
    managers = set(Person.objects.filter(reports__isnull=False).values_list("pk", flat=True).distinct())
    emergent = [pk for pk in PersonMetric.objects.filter(influence_percentile__gte=reports.EMERGENT_PERCENTILE)
                .order_by("person_id").values_list("person_id", flat=True) if pk not in managers]
    agree = {pk for pk in emergent if rng.random() < 0.3}
    if getattr(gen, "alex", None) is not None and gen.alex.id in emergent:
        agree.add(gen.alex.id)
    AnalyticsPreference.objects.bulk_create([AnalyticsPreference(person_id=pk, named_as_leader=True) for pk in sorted(agree)],
                                            ignore_conflicts=True)


def _analyst(gen) -> None:
    person = (Person.objects.filter(department__name="People & Culture", is_staff=False, is_active=True)
              .order_by("pk").first())
    if person is not None:
        AnalystRole.objects.get_or_create(person=person)
