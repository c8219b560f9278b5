"""Counts of people are never under 5, not even worked out by subtraction from a total on the same page."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from townsquare.analytics import personas, privacy, selectors
from townsquare.analytics.metrics import MIN_GROUP
from townsquare.analytics.models import PersonMetric
from townsquare.conversations.models import Membership
from townsquare.people.models import Person

counts = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 40), min_size=1)


@given(counts)
def test_suppressed_counts_give_no_small_number_away(cells):
    shown = privacy.suppress(cells)
    total = sum(cells.values())
    visible = [n for n in shown.values() if n is not None]
    assert all(n == 0 or n >= MIN_GROUP for n in visible)
    assert all(shown[k] in (None, n) for k, n in cells.items())  # shown counts are the true ones
    if total >= MIN_GROUP:
        hidden_sum = total - sum(visible)
        assert hidden_sum == 0 or hidden_sum >= MIN_GROUP  # what total minus shown gives is 0 or 5+
        hidden_people = [k for k, n in shown.items() if n is None and cells[k]]
        assert len(hidden_people) != 1  # one hidden cell would be exactly total minus the rest


@given(counts)
def test_merged_departments_leave_no_small_pool(cells):
    labels = privacy.merge_small(cells, "other")
    pooled = privacy.pooled_size(cells, labels, "other")
    assert all(cells[k] >= MIN_GROUP for k, lab in labels.items() if lab != "other")
    if sum(cells.values()) >= MIN_GROUP:
        assert pooled == 0 or pooled >= MIN_GROUP


def test_the_reported_persona_mix_of_33_members_hides_the_one_by_subtraction_too(world, db):
    """The case that was found: Responder 18, Engager 14 and 1 Observer, out of 33 members."""
    people = [Person.objects.create_user(f"m{i}@example.test", "x", name=f"Member {i}", handle=f"m{i}")
              for i in range(33)]
    for i, person in enumerate(people):
        Membership.objects.create(group=world.public, person=person)
        persona = personas.RESPONDER if i < 18 else personas.ENGAGER if i < 32 else personas.OBSERVER
        PersonMetric.objects.create(person=person, persona=persona)
    Membership.objects.filter(group=world.public).exclude(person__in=people).delete()
    data = selectors.group_analytics(world.public)
    assert data["members"] == 33
    mix = dict(data["mix"])
    shown = [n for n in mix.values() if n is not None]
    assert sum(shown) <= 33 - MIN_GROUP  # the hidden personas hold at least 5 people between them
    assert mix[personas.label(personas.RESPONDER)] == 18 and mix[personas.label(personas.ENGAGER)] is None
    assert mix[personas.label(personas.OBSERVER)] is None


@pytest.mark.django_db
def test_a_group_of_four_shows_no_figures_about_its_members(world, client_for):
    Membership.objects.filter(group=world.private).exclude(person=world.gina).delete()
    for handle in ("p1", "p2", "p3"):
        Membership.objects.create(group=world.private, person=Person.objects.create_user(
            f"{handle}@example.test", "x", name=handle, handle=handle))
    response = client_for(world.gina).get(reverse("analytics_group", args=[world.private.slug]))
    assert response.status_code == 200 and response.context["too_small"]
    assert b"too few for analytics" in response.content and b"active members" not in response.content
