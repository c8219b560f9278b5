"""Issue 17 #8: coffee roulette (opt in/out, my current pairing) and working-out-loud circles (joinable, join,
my circles, check-in) through the API."""

import pytest

from townsquare.circles import services as circles
from townsquare.circles.models import Circle, CircleCheckIn, CircleMember
from townsquare.connect import services as connect
from townsquare.connect.models import CoffeeProfile
from townsquare.people.models import Person

pytestmark = pytest.mark.django_db


def test_opt_in_and_out_of_coffee_idempotently(api_as, world):
    client = api_as(world.alice)
    assert client.get("/me/coffee").body["opted_in"] is False
    joined = client.put("/me/coffee", {"cadence": "fortnightly"}).body
    assert joined["opted_in"] and joined["cadence"] == "fortnightly" and joined["current"] is None
    assert client.put("/me/coffee", {"cadence": "fortnightly"}).body["opted_in"]
    left = client.delete("/me/coffee").body
    assert left["opted_in"] is False and left["cadence"] == "fortnightly"
    assert client.delete("/me/coffee").body["opted_in"] is False
    assert CoffeeProfile.objects.filter(person=world.alice).count() == 1
    bad = client.put("/me/coffee", {"cadence": "daily"})
    assert bad.status_code == 422 and "cadence" in bad.body["error"]["fields"]


def test_my_current_pairing_is_shown_to_me_and_my_partner_only(api_as, world):
    for person in (world.alice, world.otto):
        connect.coffee_settings_save(person=person, active=True, cadence="weekly")
    connect.coffee_round_run(seed="test")
    alice = api_as(world.alice).get("/me/coffee").body
    assert [p["handle"] for p in alice["current"]["people"]] == ["otto"]
    assert [p["handle"] for p in api_as(world.otto).get("/me/coffee").body["current"]["people"]] == ["alice"]
    assert api_as(world.gina).get("/me/coffee").body["current"] is None


def _extra(n):
    return [Person.objects.create_user(f"c{i}@example.test", "x", name=f"Circle {i}", handle=f"c{i}") for i in range(n)]


def test_find_join_and_check_in_to_a_circle(api_as, world):
    circle = circles.circle_create(person=world.erin, name="Writing circle", focus="Writing", goal="Write weekly")
    for p in _extra(2):
        circles.circle_join(person=p, circle=circle, goal="Learn")
    client = api_as(world.alice)
    joinable = client.get("/circles/joinable").body["items"]
    assert [c["id"] for c in joinable] == [circle.pk] and "members" not in joinable[0]
    too_early = client.put(f"/circles/{circle.pk}/check-in", {"met": True, "note": "Hi"})
    assert too_early.status_code == 404  # not a member yet
    joined = client.post(f"/circles/{circle.pk}/join", {"goal": "Share my work"})
    assert joined.status_code == 200 and joined.body["status"] == "active" and joined.body["week"] == 1
    assert {m["person"]["handle"] for m in joined.body["members"]} == {"erin", "c0", "c1", "alice"}
    assert client.get("/circles/joinable").body["items"] == []
    checked = client.put(f"/circles/{circle.pk}/check-in", {"met": True, "note": "Wrote two posts"})
    assert checked.status_code == 200 and checked.body["week"] == 1
    again = client.put(f"/circles/{circle.pk}/check-in", {"met": False, "note": "Changed my mind"})
    assert again.body["met"] is False and CircleCheckIn.objects.filter(circle=circle).count() == 1
    mine = client.get("/me/circles").body["items"]
    assert [c["id"] for c in mine] == [circle.pk] and mine[0]["my_check_in"]["note"] == "Changed my mind"


def test_a_circle_is_for_its_members_only(api_as, world):
    circle = circles.circle_create(person=world.erin, name="Private circle", focus="Leading", goal="Lead openly")
    for who in ("otto", "olga"):
        client = api_as(world.people[who])
        assert client.put(f"/circles/{circle.pk}/check-in", {"met": True, "note": "Sneaky"}).status_code == 404
        assert client.get("/me/circles").body["items"] == []
    assert api_as(world.erin).post(f"/circles/{circle.pk}/join", {"goal": "Again"}).status_code == 404  # in already


def test_bad_input_is_clear_and_changes_nothing(api_as, world):
    circle = circles.circle_create(person=world.erin, name="Forming circle", focus="Writing", goal="Write")
    client = api_as(world.alice)
    empty = client.post(f"/circles/{circle.pk}/join", {"goal": " "})
    assert empty.status_code == 422 and "goal" in empty.body["error"]["fields"]
    assert client.post(f"/circles/{circle.pk}/join", {"goal": "Write more"}).status_code == 200
    forming = client.put(f"/circles/{circle.pk}/check-in", {"met": True, "note": "Hello"})
    assert forming.status_code == 422 and "four members" in forming.body["error"]["message"]
    assert CircleMember.objects.filter(circle=circle).count() == 2 and not CircleCheckIn.objects.exists()
    Circle.objects.filter(pk=circle.pk).update(member_count=5)
    other = api_as(world.otto).post(f"/circles/{circle.pk}/join", {"goal": "Me too"})
    assert other.status_code == 422 and "filled up" in other.body["error"]["message"]


def test_a_read_only_token_cannot_opt_in_join_or_check_in(api_as, world):
    circle = circles.circle_create(person=world.erin, name="Circle", focus="Writing", goal="Write")
    reader = api_as(world.alice, scope="read")
    assert reader.get("/me/coffee").status_code == 200
    for response in (reader.put("/me/coffee", {"cadence": "weekly"}), reader.delete("/me/coffee"),
                     reader.post(f"/circles/{circle.pk}/join", {"goal": "Join"}),
                     reader.put(f"/circles/{circle.pk}/check-in", {"met": True, "note": "Hi"})):
        assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert not CoffeeProfile.objects.exists() and CircleMember.objects.filter(person=world.alice).count() == 0
