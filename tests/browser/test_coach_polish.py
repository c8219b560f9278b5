"""Issue 17 "Everyday polish" — the coach's flows in a real browser, at desktop and phone size: nudges in the
bell, questions addressed to a leader first, the composer opened from a habit (prompt and colleague carried in),
the celebration right after the post, follow suggestions, past weeks and the verdict's comparison, rhythm."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _setup(world):
    from townsquare.coach import services as coach
    from townsquare.coach.models import HabitSetting
    from townsquare.people.models import Person
    from townsquare.practices import services as practices

    Person.objects.filter(pk=world.erin.pk).update(date_joined=timezone.now() - timedelta(weeks=3))
    practices.leader_add(admin=world.olga, person=world.erin)
    practices.question_ask(asker=world.alice, leader=world.erin, body="Why did we pause the Lisbon office?")
    practices.question_ask(asker=world.gina, leader=world.erin, body="What is the plan for the pricing review?")
    for p in world.people.values():
        for habit in ("describe", "interact", "recognise"):
            HabitSetting.objects.create(person=p, habit=habit, enabled=p == world.erin, anchor=time(0, 0))
    coach.nudges_send()


def _both(page, phone, shot, path, name):
    page.goto(path)
    shot(page, f"{name}-desktop")
    phone.goto(path)
    shot(phone, f"{name}-phone")


def test_coach_polish_flows(world, live_server, page, new_page, shot):
    _setup(world)
    sign_in(page, live_server, "erin@example.test", PASSWORD)
    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, "erin@example.test", PASSWORD)

    # The nudges are in the bell, in our words.
    _both(page, phone, shot, "/notifications/", "bell")
    rows = page.get_by_test_id("notification-link").filter(has_text="Your coach:")
    expect(rows).to_have_count(3)

    # The Interact prompt puts the two questions addressed to Erin first.
    _both(page, phone, shot, "/coach/", "coach")
    interact = page.get_by_test_id("prompt-interact")
    expect(interact).to_contain_text("2 questions addressed to you")
    expect(interact.get_by_role("link")).to_have_count(2)
    expect(page.get_by_test_id("follow-suggestions")).to_be_visible()

    # Recognise: the composer carries the prompt and Gina.
    page.get_by_test_id("prompt-recognise").get_by_role("link", name="Praise Gina Groupadmin").click()
    expect(page).to_have_url(re.compile(r"/compose/\?kind=praise&habit=recognise&praised=%40gina$"))
    expect(page.get_by_test_id("composer-prompt")).to_contain_text("Gina Groupadmin")
    expect(page.get_by_label("Praise for")).to_have_value("@gina")
    expect(page.get_by_role("radio", name="Praise")).to_be_checked()
    shot(page, "composer-desktop")
    phone.goto(page.url)
    expect(phone.get_by_test_id("composer-prompt")).to_be_visible()
    shot(phone, "composer-phone")
    page.get_by_label("What are you working on?").fill("Gina closed the month two days early and wrote down how.")
    page.get_by_role("button", name="Post").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    expect(page.get_by_test_id("post-celebration")).to_contain_text("Recognise done for today!")
    shot(page, "celebration-desktop")
    phone.goto(page.url)
    expect(phone.get_by_test_id("post-celebration")).to_be_visible()
    shot(phone, "celebration-phone")

    # Done: the recognise nudge has left the bell and the coach page.
    page.goto("/notifications/")
    expect(page.get_by_test_id("notification-link").filter(has_text="Your coach:")).to_have_count(2)
    page.goto("/coach/")
    expect(page.get_by_test_id("celebrate-recognise")).to_be_visible()
    expect(page.get_by_test_id("nudge").filter(has_text="Recognise")).to_have_count(0)

    # Follow a suggested colleague from the checklist, in place.
    first = page.get_by_test_id("follow-suggestions").locator("li").first
    first.get_by_role("button", name="+ Follow").click()
    expect(first.get_by_role("button", name="✓ Following")).to_be_visible()

    # Past weeks open; a bad week is explained.
    _both(page, phone, shot, "/coach/week/", "week")
    past = page.get_by_test_id("past-weeks").get_by_role("link")
    expect(past.first).to_be_visible()
    past.first.click()
    expect(page.get_by_test_id("week-intro")).to_contain_text("in the week of")
    shot(page, "past-week-desktop")
    page.goto("/coach/week/?week=2019-01-07")
    expect(page.get_by_test_id("week-error")).to_contain_text("before you joined")

    _both(page, phone, shot, "/coach/rhythm/", "rhythm")
    _both(page, phone, shot, "/notifications/settings/", "preferences")
    expect(page.get_by_test_id("coach-email-link")).to_be_visible()

    for pg in (page, phone):
        assert pg.dialogs == [] and pg.js_errors == [], (pg.dialogs, pg.js_errors)
        assert pg.foreign_requests == [], pg.foreign_requests
    failed = [r for r in page.failed_responses if "week=2019" not in r]
    assert failed == [], failed
