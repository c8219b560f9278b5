"""The bell in a real browser: two notifications wait; alice opens one from the notifications page, lands on its
post, and the bell counts one fewer; the other stays unread until she opens it or marks all as read."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_opening_a_notification_marks_it_read_and_goes_to_its_post(world, live_server, new_page, shot):
    from townsquare.conversations import services as conversations

    first = conversations.post_create(author=world.gina, body="Thanks @alice for the forecast model review")
    conversations.post_create(author=world.gina, body="@alice could you look at the Q3 numbers next?")

    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    bell = alice.get_by_test_id("notifications-link")
    expect(alice.get_by_test_id("unread-count")).to_have_text("2")
    bell.click()
    expect(alice.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    rows = alice.get_by_test_id("notification")
    expect(rows).to_have_count(2)
    expect(alice.locator(".notification-row.unread")).to_have_count(2)
    shot(alice, "two-unread")

    # the older one (the review thanks) is the second row; opened from the keyboard
    link = rows.filter(has_text="forecast model review").get_by_test_id("notification-link")
    link.focus()
    alice.keyboard.press("Enter")
    expect(alice).to_have_url(re.compile(re.escape(first.get_absolute_url()) + "$"))
    expect(alice.locator("article.post").first).to_contain_text("for the forecast model review")
    expect(alice.get_by_test_id("unread-count")).to_have_text("1")
    shot(alice, "opened-one")

    alice.get_by_test_id("notifications-link").click()
    expect(alice.locator(".notification-row.unread")).to_have_count(1)
    expect(alice.locator(".notification-row.unread")).to_contain_text("Q3 numbers")
    alice.get_by_role("button", name="Mark all as read").click()
    expect(alice.get_by_test_id("unread-count")).to_have_count(0)
