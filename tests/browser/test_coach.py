"""The coach path in a real browser: open the coach, move an anchor, post an update, see it counted."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_coach_path(world, live_server, page, shot):
    from townsquare.coach.models import HabitSetting

    sign_in(page, live_server, "alice@example.test", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coach").click()
    expect(page).to_have_url(f"{live_server.url}/coach/")
    expect(page.get_by_role("heading", name="Your coach", level=1)).to_be_visible()
    expect(page.get_by_test_id("status-describe")).to_contain_text("Not yet")
    expect(page.get_by_test_id("prompt-describe")).to_contain_text("?")
    expect(page.get_by_test_id("check-first_post")).to_contain_text("not done yet")
    shot(page, "coach-before")

    # Move the describe habit to 07:15.
    page.get_by_role("link", name="Settings").click()
    expect(page).to_have_url(f"{live_server.url}/coach/settings/")
    page.get_by_label("Describe at").fill("07:15")
    shot(page, "settings-changed")
    page.get_by_role("button", name="Save settings").click()
    expect(page).to_have_url(f"{live_server.url}/coach/")
    expect(page.locator(".messages")).to_contain_text("Your coach settings are saved.")
    expect(page.get_by_test_id("status-describe")).to_contain_text("07:15")
    assert HabitSetting.objects.get(person=world.alice, habit="describe").anchor.strftime("%H:%M") == "07:15"

    # Post an update from the home composer; the coach counts it.
    page.goto(f"{live_server.url}/")
    composer = page.get_by_role("form", name="Write a post")
    composer.get_by_label("What are you working on?").fill("In the office early: starting the Q3 forecast with Gina.")
    composer.get_by_role("button", name="Post").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coach").click()
    expect(page.get_by_test_id("status-describe")).to_contain_text("Done today")
    expect(page.get_by_test_id("celebrate-describe")).to_be_visible()
    expect(page.get_by_test_id("streak-describe")).to_have_text("1 day")
    expect(page.get_by_test_id("check-first_post")).to_contain_text("(done)")
    expect(page.get_by_test_id("status-interact")).to_contain_text("Not yet")

    # The calendar opens from the keyboard and labels each day.
    summary = page.get_by_test_id("habit-describe").locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("habit-describe").locator(".heatmap .hm-done")).to_have_count(1)
    shot(page, "coach-describe-done")

    assert page.dialogs == [] and page.js_errors == []
    assert page.failed_responses == [], page.failed_responses
    assert page.foreign_requests == [], page.foreign_requests


def test_each_habit_is_celebrated_and_the_coach_becomes_the_start_page(world, live_server, page, shot):
    from townsquare.conversations import services

    note = services.post_create(author=world.gina, body="Month-end close starts Monday: the checklist is pinned.",
                                group=world.public)
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    page.goto(f"{live_server.url}/coach/settings/")
    for habit, anchor in (("Describe", "07:00"), ("Interact", "12:00"), ("Recognise", "16:00")):
        page.get_by_label(f"{habit} at").fill(anchor)
    page.get_by_label("Open Townsquare on my coach page after signing in").check()
    shot(page, "anchors-set")
    page.get_by_role("button", name="Save settings").click()
    expect(page).to_have_url(f"{live_server.url}/coach/")
    for habit, anchor in (("describe", "07:00"), ("interact", "12:00"), ("recognise", "16:00")):
        expect(page.get_by_test_id(f"habit-{habit}")).to_be_visible()
        status = page.get_by_test_id(f"status-{habit}")
        expect(status).to_contain_text(anchor) if "Not yet" in status.inner_text() else None
    expect(page.get_by_test_id("tip-human")).to_be_visible()
    shot(page, "coach-open")
    coach_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Coach")

    # Describe: an update.
    page.goto(f"{live_server.url}/")
    composer = page.get_by_role("form", name="Write a post")
    composer.get_by_label("What are you working on?").fill("Morning: reviewing the Q3 forecast with the finance team.")
    composer.get_by_role("button", name="Post").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    coach_link.click()
    expect(page.get_by_test_id("celebrate-describe")).to_be_visible()
    expect(page.get_by_test_id("streak-describe")).to_have_text("1 day")
    shot(page, "describe-celebrated")

    # Interact: a reaction on someone else's post.
    page.goto(f"{live_server.url}{note.get_absolute_url()}")
    page.get_by_test_id("react-like").first.click()
    expect(page.get_by_test_id("react-like").first).to_have_attribute("aria-pressed", "true")
    coach_link.click()
    expect(page.get_by_test_id("celebrate-interact")).to_be_visible()
    expect(page.get_by_test_id("streak-interact")).to_have_text("1 day")
    shot(page, "interact-celebrated")

    # Recognise: a praise post.
    page.goto(f"{live_server.url}/")
    composer = page.get_by_role("form", name="Write a post")
    composer.get_by_text("Praise", exact=True).click()
    composer.get_by_label("What are you working on?").fill("Thank you @gina for the clearest month-end checklist yet.")
    composer.get_by_label("Praise for").fill("@gina")
    composer.get_by_role("button", name="Post").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    coach_link.click()
    for habit in ("describe", "interact", "recognise"):
        expect(page.get_by_test_id(f"status-{habit}")).to_contain_text("Done today")
        expect(page.get_by_test_id(f"celebrate-{habit}")).to_be_visible()
        expect(page.get_by_test_id(f"streak-{habit}")).to_have_text("1 day")
    expect(page.get_by_test_id("rhythm-summary")).to_contain_text("of 3")
    shot(page, "all-three-celebrated")

    # Rhythm and the weekly review.
    page.get_by_role("navigation", name="Coach").get_by_role("link", name="Rhythm").click()
    expect(page.get_by_role("heading", name="Your rhythm", level=1)).to_be_visible()
    expect(page.get_by_test_id("days-present")).to_contain_text("1 of 14")
    shot(page, "rhythm")
    page.get_by_role("navigation", name="Coach").get_by_role("link", name="Weekly review").click()
    expect(page.get_by_role("heading", name="Your week", level=1)).to_be_visible()
    expect(page.get_by_test_id("verdict-waiting")).to_be_visible()
    shot(page, "week")

    # Signing in again lands on the coach.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("alice@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/coach/")

    assert page.dialogs == [] and page.js_errors == []
    assert page.failed_responses == [], page.failed_responses
    assert page.foreign_requests == [], page.foreign_requests
