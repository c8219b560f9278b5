"""Circles: forming and starting at four, at most five, goals, weekly check-ins, the private space,
completion (by a member or after twelve weeks), the finder, and the guides."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from townsquare.circles import guides, selectors, services
from townsquare.circles.models import Circle, CircleCheckIn, CircleMember, CircleNote
from townsquare.conversations.models import Notification
from townsquare.people.models import Person


def person(handle, **extra):
    return Person.objects.create_user(f"{handle}@example.test", "x", name=handle.title(), handle=handle, **extra)


@pytest.fixture
def forming(world):
    circle = services.circle_create(person=world.alice, name="Lunch circle", focus="Customer research and forecasting",
                                    goal="Meet five people who talk to customers", meets="Tuesdays 12:30")
    services.circle_join(person=world.gina, circle=circle, goal="Get better at presenting numbers")
    services.circle_join(person=world.otto, circle=circle, goal="Understand how finance plans")
    circle.refresh_from_db()
    return circle


def test_guides_are_twelve_distinct_weeks_around_three_questions():
    assert len(guides.GUIDES) == guides.WEEKS == 12
    assert len({g.title for g in guides.GUIDES}) == 12
    assert len({g.idea for g in guides.GUIDES}) == 12
    assert {g.focus for g in guides.GUIDES} == {0, 1, 2}
    assert all(len(g.exercises) >= 3 and g.meeting and g.check_in_prompt for g in guides.GUIDES)
    assert guides.guide_for(0) is guides.GETTING_STARTED and guides.guide_for(99).week == 12


def test_a_week_guide_is_read_through_access_guide_week(world):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from townsquare.circles import access

    assert access.access_guide_week(world.erin, 1) is guides.GUIDES[0]
    assert access.access_guide_week(world.olga, "12") is guides.GUIDES[11]
    for person, week in [(world.erin, 0), (world.erin, 13), (world.erin, "x"), (AnonymousUser(), 1)]:
        with pytest.raises(Http404, match="No such week"):
            access.access_guide_week(person, week)


def test_a_circle_starts_with_its_fourth_member(world, forming, django_capture_on_commit_callbacks):
    assert forming.status == Circle.Status.FORMING and forming.week() == 0 and forming.member_count == 3
    with pytest.raises(ValidationError, match="goal"):
        services.circle_join(person=world.erin, circle=forming, goal="  ")
    with django_capture_on_commit_callbacks(execute=True):
        circle = services.circle_join(person=world.erin, circle=forming, goal="Post once a week about strategy")
    assert circle.status == Circle.Status.ACTIVE and circle.started_at is not None and circle.week() == 1
    told = set(Notification.objects.filter(verb="circle", message__contains="the circle starts")
               .values_list("recipient__handle", flat=True))
    assert told == {"alice", "gina", "otto"}  # erin joined herself; the bell never tells the actor
    with pytest.raises(ValidationError, match="already"):
        services.circle_join(person=world.erin, circle=circle, goal="Again")


def test_at_most_five_and_no_late_joiners(world, forming):
    services.circle_join(person=world.erin, circle=forming, goal="Goal four")
    circle = services.circle_join(person=world.olga, circle=forming, goal="Goal five")
    assert circle.member_count == 5
    with pytest.raises(ValidationError, match="filled up"):
        services.circle_join(person=person("sixth"), circle=circle, goal="Goal six")
    other = services.circle_create(person=person("host"), name="B", focus="b", goal="g")
    for h in ("b1", "b2", "b3"):
        services.circle_join(person=person(h), circle=other, goal="g")
    other.refresh_from_db()
    later = other.started_at + timedelta(weeks=2, days=1)
    with pytest.raises(ValidationError, match="too far"):
        services.circle_join(person=person("late"), circle=other, goal="g", now=later)
    assert CircleMember.objects.filter(circle=other).count() == 4


def test_week_counts_from_the_start(world, forming):
    circle = services.circle_join(person=world.erin, circle=forming, goal="g")
    start = circle.started_at
    assert circle.week(start + timedelta(days=6)) == 1
    assert circle.week(start + timedelta(days=7)) == 2
    assert circle.week(start + timedelta(weeks=11, days=6)) == 12
    assert circle.week(start + timedelta(weeks=30)) == 12


def test_check_ins_one_per_member_and_week(world, forming):
    with pytest.raises(ValidationError, match="start"):
        services.check_in(person=world.alice, circle=forming, met=True, note="Early")
    circle = services.circle_join(person=world.erin, circle=forming, goal="g")
    services.check_in(person=world.alice, circle=circle, met=False, note="Wrote my list")
    services.check_in(person=world.alice, circle=circle, met=True, note="Wrote my list, and we met")
    assert CircleCheckIn.objects.get(person=world.alice).note == "Wrote my list, and we met"
    services.check_in(person=world.alice, circle=circle, met=True, note="Week 2", now=circle.started_at + timedelta(days=8))
    assert sorted(CircleCheckIn.objects.values_list("week", flat=True)) == [1, 2]
    with pytest.raises(ValidationError, match="progress"):
        services.check_in(person=world.alice, circle=circle, met=True, note="")
    with pytest.raises(ValidationError):
        services.check_in(person=world.olga, circle=circle, met=True, note="Not a member")


def test_notes_are_rendered_safely(world, forming):
    note = services.note_add(person=world.alice, circle=forming, body="**Hi** <script>alert(1)</script>")
    assert "<strong>Hi</strong>" in note.body_html and "<script>" not in note.body_html
    with pytest.raises(ValidationError):
        services.note_add(person=world.olga, circle=forming, body="Let me in")


def test_completion_by_a_member_and_by_the_tick(world, forming, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        services.circle_complete(person=world.alice, circle=forming)  # not started
    circle = services.circle_join(person=world.erin, circle=forming, goal="g")
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_complete(person=world.gina, circle=circle)
    circle.refresh_from_db()
    assert circle.status == Circle.Status.COMPLETED
    assert Notification.objects.filter(recipient=world.alice, message__contains="completed").exists()

    other = services.circle_create(person=person("h"), name="B", focus="b", goal="g")
    for h in ("c1", "c2", "c3"):
        services.circle_join(person=person(h), circle=other, goal="g")
    other.refresh_from_db()
    assert services.circles_complete_due(other.started_at + timedelta(weeks=11)).completed == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.circles_complete_due(other.started_at + timedelta(weeks=12)).completed == [other.pk]
    assert services.circles_complete_due(other.started_at + timedelta(weeks=13)).completed == []  # once only
    assert Notification.objects.filter(message__contains="finished twelve weeks").count() == 4
    call_command("circles_complete")


def test_finder_matches_goal_words_and_time_zone(world):
    def circle(name, focus, tz, by):
        return services.circle_create(person=person(by, time_zone=tz), name=name, focus=focus, goal="g", time_zone=tz)

    sydney_sql = circle("Sydney data", "Learning SQL and forecasting", "Australia/Sydney", "s1")
    london_sql = circle("London data", "Forecasting with SQL", "Europe/London", "s2")
    london_other = circle("London writers", "Writing articles", "Europe/London", "s3")
    mine = circle("Mine", "forecasting", "Europe/London", "s4")
    services.circle_join(person=world.otto, circle=mine, goal="g")
    full = circle("Full", "forecasting", "Europe/London", "s5")
    for h in ("f1", "f2", "f3", "f4"):
        services.circle_join(person=person(h), circle=full, goal="g")
    now = datetime(2026, 1, 15, 12, tzinfo=UTC)
    results = selectors.find_circles(world.otto, words="forecasts for SQL", time_zone="Europe/Dublin", now=now)
    ids = [r.circle.pk for r in results]
    assert ids[:3] == [london_sql.pk, sydney_sql.pk, london_other.pk]
    assert mine.pk not in ids and full.pk not in ids  # his own, and a full one
    assert results[0].matched == ["forecasting", "sql"] and results[0].hours_text == "your time zone"
    assert results[1].hours_text == "11 hours from you"


def test_pages(world, forming, client_for, django_assert_max_num_queries):
    alice, otto, erin, olga = (client_for(p) for p in (world.alice, world.otto, world.erin, world.olga))
    url = f"/circles/{forming.pk}/"
    services.note_add(person=world.gina, circle=forming, body="Our secret plan")
    assert b"Our secret plan" in alice.get(url).content
    for outsider in (erin, olga):  # could join it: a preview, never the members' space
        preview = outsider.get(url)
        assert preview.status_code == 200 and b"You can join this circle" in preview.content
        assert b"Our secret plan" not in preview.content and b"Get better at presenting" not in preview.content
    assert b"Lunch circle" in erin.get("/circles/find/").content
    assert b"Our secret plan" not in erin.get("/circles/find/").content
    assert erin.post(f"/circles/{forming.pk}/join/", {"goal": ""}).status_code == 400
    assert erin.post(f"/circles/{forming.pk}/join/", {"goal": "Share my strategy notes"}).status_code == 302
    with django_assert_max_num_queries(12):
        page = erin.get(url)
    assert page.status_code == 200 and b"Week 1 of 12" in page.content
    assert guides.GUIDES[0].title.encode() in page.content
    assert erin.post(f"/circles/{forming.pk}/check-in/", {"met": "yes", "note": ""}).status_code == 400
    assert erin.post(f"/circles/{forming.pk}/check-in/", {"met": "yes", "note": "Drafted my list"}).status_code == 302
    assert b"Drafted my list" in alice.get(url).content
    assert olga.post(f"/circles/{forming.pk}/notes/", {"body": "hi"}).status_code == 404
    assert otto.post(f"/circles/{forming.pk}/join/", {"goal": "again"}).status_code == 404  # a member already
    assert CircleNote.objects.count() == 1
    assert alice.get("/circles/guide/").status_code == 200
    assert b"Look back and celebrate" in alice.get("/circles/guide/week-12/").content
    assert alice.get("/circles/guide/week-13/").status_code == 404
    assert alice.post(f"/circles/{forming.pk}/complete/").status_code == 302
    page = alice.get(url)
    assert b"You did it" in page.content and b"1 week of showing up" in page.content
    assert b"you met in 1 of your weeks" in page.content


# --- issue 17: a joinable preview; one count rule ---------------------------------------------------------

def test_a_forming_circle_is_a_joinable_preview_to_people_who_could_join(world, forming, client_for):
    url = f"/circles/{forming.pk}/"
    erin = client_for(world.erin)
    html = erin.get(url).content.decode()
    assert "You can join this circle" in html and "Customer research and forecasting" in html
    assert "3 of 5 places taken · 1 more to start" in html
    for private in ("Meet five people who talk to customers", "Gina", "Otto", "Members and goals"):
        assert private not in html
    response = erin.post(f"/circles/{forming.pk}/join/", {"goal": "", "from": "preview"})
    assert response.status_code == 400 and "You can join this circle" in response.content.decode()
    assert not CircleMember.objects.filter(person=world.erin).exists()
    assert erin.post(f"/circles/{forming.pk}/join/", {"goal": "Write weekly", "from": "preview"}).status_code == 302
    assert "Members and goals" in erin.get(url).content.decode()  # now a member: the circle's own space


def test_a_full_circle_stays_a_404_to_outsiders(world, forming, client_for):
    services.circle_join(person=world.erin, circle=forming, goal="g")
    services.circle_join(person=world.olga, circle=forming, goal="g")
    outsider = person("zed")
    assert client_for(outsider).get(f"/circles/{forming.pk}/").status_code == 404


def test_one_count_rule_everywhere(world, forming, client_for):
    assert forming.count_label == "3 of 5 places taken · 1 more to start"
    finder = client_for(world.erin).get("/circles/find/").content.decode()
    mine = client_for(world.alice).get("/circles/").content.decode()
    page = client_for(world.alice).get(f"/circles/{forming.pk}/").content.decode()
    for html in (finder, mine, page):
        assert "3 of 5 places taken · 1 more to start" in html
        assert "3 of 4" not in html and "of 4 people" not in html
    services.circle_join(person=world.erin, circle=forming, goal="g")
    forming.refresh_from_db()
    assert forming.count_label == "4 of 5 places taken"  # started: no "more to start"
