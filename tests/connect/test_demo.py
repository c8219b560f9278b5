"""The connect and circles demo data: present, plausible, deterministic, and the pages render over it."""

import pytest
from django.test import Client

from townsquare.circles.models import Circle, CircleCheckIn, CircleMember
from townsquare.connect.models import CoffeeMatchMember, CoffeeProfile, CoffeeRound, MentorOffer, Mentorship
from townsquare.connect.pairing import pairs_of
from townsquare.demo import generator
from townsquare.demo.generator import CEO_EMAIL, generate
from townsquare.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    return (
        sorted(CoffeeMatchMember.objects.values_list("round__key", "person__email", "met")),
        sorted(Mentorship.objects.values_list("mentor__email", "mentee__email", "status")),
        sorted(CircleMember.objects.values_list("circle__name", "person__email", "goal")),
    )


def test_demo_coffee_mentoring_and_circles(monkeypatch):
    # Only our two demo extensions: this test is about them, and stays independent of other packages' demos.
    monkeypatch.setattr(generator, "DEMO_EXTENSIONS", ["townsquare.connect.demo", "townsquare.circles.demo"])
    generate(people=150, seed=11, weeks=2, progress=False)
    rounds = list(CoffeeRound.objects.order_by("week_start"))
    assert len(rounds) == 3 and rounds[0].group_count > 5
    # no pair repeats across the demo's rounds, and people answered "did you meet?" for the older ones
    seen = set()
    for r in rounds:
        groups = {}
        for match_id, pid in CoffeeMatchMember.objects.filter(round=r).values_list("match_id", "person_id"):
            groups.setdefault(match_id, []).append(pid)
        pairs = {p for g in groups.values() for p in pairs_of(g)}
        assert not pairs & seen
        seen |= pairs
    assert CoffeeMatchMember.objects.filter(round=rounds[0], met="yes").count() > 5
    ceo = Person.objects.get(email=CEO_EMAIL)
    assert CoffeeProfile.objects.filter(person=ceo).exists()
    assert Mentorship.objects.filter(mentor=ceo, status="pending").exists()
    assert Mentorship.objects.filter(status="accepted").exists() and MentorOffer.objects.count() > 3
    assert set(Circle.objects.values_list("status", flat=True)) == {"forming", "active", "completed"}
    ceo_circle = Circle.objects.get(members__person=ceo)
    assert ceo_circle.week() == 4 and CircleCheckIn.objects.filter(circle=ceo_circle).count() >= 6

    client = Client()
    client.force_login(ceo)
    for url in ("/coffee/", "/mentoring/", "/circles/", f"/circles/{ceo_circle.pk}/", "/circles/find/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert b"People asking you" in client.get("/mentoring/").content
    assert b"Week 4 of 12" in client.get(f"/circles/{ceo_circle.pk}/").content
    first = snapshot()

    from django.core.management import call_command
    call_command("flush", interactive=False, verbosity=0)
    generate(people=150, seed=11, weeks=2, progress=False)
    assert snapshot() == first
