"""Coffee roulette services and pages: rounds (idempotent, fortnightly, no repeats), connected pairs,
notifications, "did you meet?" and the my-coffee page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from townsquare.connect import selectors, services
from townsquare.connect.models import CoffeeMatch, CoffeeMatchMember, CoffeeProfile, CoffeeRound
from townsquare.connect.pairing import pair_key
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification
from townsquare.people.models import Department, Person

MONDAY = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # ISO week 2026-W10


def opt_in(*people, cadence="weekly"):
    for p in people:
        services.coffee_settings_save(person=p, active=True, cadence=cadence)


def make_people(n, prefix="p"):
    depts = [Department.objects.get_or_create(name=f"Dept {k}")[0] for k in range(3)]
    return [Person.objects.create_user(f"{prefix}{i}@example.test", "x", name=f"Person {prefix}{i}",
                                       handle=f"{prefix}{i}", department=depts[i % 3], title="Engineer")
            for i in range(n)]


def test_round_key_is_the_iso_week():
    assert selectors.round_key(MONDAY) == ("2026-W10", MONDAY.date())
    assert selectors.round_key(MONDAY + timedelta(days=6, hours=17))[0] == "2026-W10"
    assert selectors.round_key(MONDAY + timedelta(days=7))[0] == "2026-W11"


def test_a_round_pairs_everyone_once_and_tells_them(world, django_capture_on_commit_callbacks):
    opt_in(world.alice, world.otto, world.erin, world.gina)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.coffee_round_run(MONDAY)
    assert run.created and len(run.groups) == 2 and run.left_out == []
    assert CoffeeMatchMember.objects.count() == 4
    notes = Notification.objects.filter(verb=Notification.Verb.PAIRING)
    assert sorted(notes.values_list("recipient__handle", flat=True)) == ["alice", "erin", "gina", "otto"]
    alice_note = notes.get(recipient=world.alice)
    partner = CoffeeMatchMember.objects.filter(match__members__person=world.alice).exclude(person=world.alice).get()
    assert alice_note.actor_id == partner.person_id
    assert "coffee match this week" in alice_note.text and alice_note.link.startswith("/coffee/#match-")
    # the same week again, by the task, the command or a second worker: nothing new
    assert services.coffee_round_run(MONDAY + timedelta(days=2)).created is False
    call_command("coffee_round", now=(MONDAY + timedelta(hours=3)).isoformat())
    assert CoffeeRound.objects.count() == 1 and CoffeeMatchMember.objects.count() == 4


def test_odd_count_makes_one_trio_and_the_intro_names_everyone(world):
    opt_in(world.alice, world.otto, world.erin)
    run = services.coffee_round_run(MONDAY)
    assert run.groups and len(run.groups[0]) == 3
    match = CoffeeMatch.objects.get()
    for p in (world.alice, world.otto, world.erin):
        assert p.name in match.intro
    assert "Chief Executive, Executive Office" in match.intro and match.first_question in match.intro


def test_inactive_opted_out_and_deactivated_people_are_not_paired(world):
    opt_in(world.alice, world.otto, world.erin, world.dave)
    services.coffee_settings_save(person=world.erin, active=False, cadence="weekly")
    run = services.coffee_round_run(MONDAY)
    placed = {pid for g in run.groups for pid in g}
    assert placed == {world.alice.pk, world.otto.pk}


def test_fortnightly_people_take_part_every_other_week(world):
    opt_in(world.alice, world.otto)
    opt_in(world.gina, world.erin, cadence="fortnightly")
    seen = {}
    for k in range(4):
        run = services.coffee_round_run(MONDAY + timedelta(weeks=k))
        seen[k] = {pid for g in run.groups for pid in g} | set(run.left_out)
    fortnightly = {world.gina.pk, world.erin.pk}
    with_them = [k for k in range(4) if fortnightly <= seen[k]]
    assert len(with_them) == 2 and with_them[1] - with_them[0] == 2
    assert all({world.alice.pk, world.otto.pk} <= seen[k] for k in range(4))


def test_no_pair_repeats_within_the_window(world, settings):
    settings.COFFEE_NO_REPEAT_ROUNDS = 2
    people = make_people(6)
    opt_in(*people)
    rounds = []
    for k in range(5):
        run = services.coffee_round_run(MONDAY + timedelta(weeks=k))
        rounds.append({pair_key(*g) for g in run.groups if len(g) == 2})
        assert run.left_out == []
    for k in range(2, 5):
        assert not rounds[k] & (rounds[k - 1] | rounds[k - 2])


def test_connected_pairs_in_one_query(world):
    people = make_people(4)
    a, b, c, d = people
    from townsquare.conversations.models import Follow
    Follow.objects.get_or_create(follower=a, target_kind=Follow.Target.PERSON, target_id=b.pk)
    post = conversations.post_create(author=c, body="Hello")
    conversations.reply_create(author=d, post=post, body="Hi back")
    old = conversations.post_create(author=b, body="Old news")
    conversations.reaction_set(person=c, post=old, kind="like")
    from townsquare.conversations.models import Reaction
    Reaction.objects.filter(post=old).update(created_at=datetime.now(UTC) - timedelta(days=120))
    opt_in(*people)
    with CaptureQueriesContext(connection) as queries:
        connected = selectors.connected_pairs(CoffeeProfile.objects.values("person_id"))
    assert len(queries) == 1
    assert connected == {pair_key(a.pk, b.pk), pair_key(c.pk, d.pk)}  # the 120-day-old reaction does not count


def test_round_prefers_unconnected_people(world):
    from townsquare.conversations.models import Follow

    a, b, c, d = make_people(4)
    for x, y in ((a, b), (c, d), (a, c)):
        Follow.objects.create(follower=x, target_kind=Follow.Target.PERSON, target_id=y.pk)
    opt_in(a, b, c, d)
    run = services.coffee_round_run(MONDAY)
    assert {pair_key(*g) for g in run.groups} == {pair_key(a.pk, d.pk), pair_key(b.pk, c.pk)}


def test_did_you_meet(world, client_for):
    opt_in(world.alice, world.otto)
    services.coffee_round_run(MONDAY)
    match = CoffeeMatch.objects.get()
    with pytest.raises(ValidationError):
        services.coffee_met_answer(person=world.alice, match=match, answer="maybe")
    with pytest.raises(ValidationError):
        services.coffee_met_answer(person=world.gina, match=match, answer="yes")
    response = client_for(world.alice).post(f"/coffee/matches/{match.pk}/met/", {"met": "yes"})
    assert response.status_code == 302
    assert CoffeeMatchMember.objects.get(person=world.alice).met == "yes"
    assert CoffeeMatchMember.objects.get(person=world.otto).met == ""
    assert client_for(world.alice).post(f"/coffee/matches/{match.pk}/met/", {"met": "perhaps"}).status_code == 400
    assert client_for(world.gina).post(f"/coffee/matches/{match.pk}/met/", {"met": "yes"}).status_code == 404
    assert client_for(world.olga).post(f"/coffee/matches/{match.pk}/met/", {"met": "yes"}).status_code == 404


def test_my_coffee_page(world, client_for, django_assert_max_num_queries):
    client = client_for(world.alice)
    page = client.get("/coffee/")
    assert b"Meet someone new over coffee" in page.content
    assert client.post("/coffee/settings/", {"active": "on", "cadence": "sometimes"}).status_code == 400
    assert not CoffeeProfile.objects.exists()
    client.post("/coffee/settings/", {"active": "on", "cadence": "fortnightly"})
    assert CoffeeProfile.objects.get(person=world.alice).cadence == "fortnightly"
    assert b"Your next match arrives on" in client.get("/coffee/").content
    opt_in(world.otto)
    services.coffee_settings_save(person=world.alice, active=True, cadence="weekly")
    services.coffee_round_run(datetime.now(UTC) - timedelta(weeks=1))  # last week: alice meets otto
    with django_assert_max_num_queries(12):
        page = client.get("/coffee/")
    assert page.status_code == 200
    assert page.context["coffee"].current.others == [world.otto]  # the newest round's match, until the next round
    assert page.context["coffee"].history == []
    assert b"Otto Outsider" in page.content and b"Did you meet?" in page.content
    run = services.coffee_round_run()  # this week: the only possible pair met last week, so both sit out
    assert run.groups == [] and sorted(run.left_out) == sorted([world.alice.pk, world.otto.pk])
    page = client.get("/coffee/")
    assert b"No match for you this round" in page.content
    assert page.context["coffee"].current is None
    assert [v.others for v in page.context["coffee"].history] == [[world.otto]]
    # otto's page shows the match too; gina's does not
    assert b"Alice Member" in client_for(world.otto).get("/coffee/").content
    assert b"Alice Member" not in client_for(world.gina).get("/coffee/").content


def test_history_lists_earlier_matches(world):
    people = make_people(4)
    opt_in(*people)
    for k in range(3):
        services.coffee_round_run(MONDAY + timedelta(weeks=k))
    mine = selectors.my_coffee(people[0], now=MONDAY + timedelta(weeks=2, days=1))
    assert mine.current is not None and len(mine.history) == 2
    partners = {mine.current.others[0].pk} | {v.others[0].pk for v in mine.history}
    assert len(partners) == 3  # never the same partner twice within the window


def test_the_match_says_how_to_reach_them_with_what_really_exists(world, client_for):
    """Issue 17: no "send a message" (there is no messaging): their email, a mention, their profile."""
    opt_in(world.alice, world.otto)
    services.coffee_round_run(datetime.now(UTC))
    html = client_for(world.alice).get("/coffee/").content.decode()
    assert "Send a message" not in html and "find a time in their calendar" not in html
    assert "Townsquare has no private messages" in html
    assert f'href="mailto:{world.otto.email}?subject=Coffee%20this%20week%3F"' in html
    assert "@otto" in html and world.otto.get_absolute_url() in html
    assert world.gina.email not in html
    match = CoffeeMatch.objects.get()
    response = client_for(world.alice).post(f"/coffee/matches/{match.pk}/met/", {"met": "not_yet"}, follow=True)
    assert "send a message" not in response.content.decode().lower()
