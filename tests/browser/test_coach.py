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
