"""The bell groups reactions to one post into one line in a real browser (issue 17): five reactions read as
"… and 4 others reacted to your post"; opening that line (from the keyboard) lands on the post and reads all five,
while a mention stays new. Screenshots at desktop and phone size."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_grouped_reactions_read_as_one_line(world, live_server, new_page, shot, viewport):
    from townsquare.conversations import services
    from townsquare.people.models import Person

    post = services.post_create(author=world.alice, body="The forecast model is ready for review")
    for i in range(5):
        p = Person.objects.create_user(f"fan{i}@example.test", PASSWORD, name=f"Fan Number{i}", handle=f"fan-{i}")
        services.reaction_set(person=p, post=post, kind="like")
    services.post_create(author=world.gina, body="@alice could you look at the Q3 numbers next?")

    alice = new_page(viewport=viewport)
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    expect(alice.get_by_test_id("unread-count")).to_have_text("6")
    alice.get_by_test_id("notifications-link").click()
    rows = alice.get_by_test_id("notification")
    expect(rows).to_have_count(2)
    grouped = rows.filter(has_text="reacted to your post")
    expect(grouped).to_have_attribute("data-grouped", "5")
    expect(grouped.get_by_test_id("notification-link")).to_have_text("Fan Number4 and 4 others reacted to your post")
    shot(alice, "grouped-line")

    grouped.get_by_test_id("notification-link").focus()
    alice.keyboard.press("Enter")
    expect(alice).to_have_url(re.compile(re.escape(post.get_absolute_url()) + "$"))
    expect(alice.get_by_test_id("unread-count")).to_have_text("1")  # all five read; the mention still new
    alice.get_by_test_id("notifications-link").click()
    expect(alice.locator(".notification-row.unread")).to_have_count(1)
    expect(alice.locator(".notification-row.unread")).to_contain_text("Q3 numbers")
    shot(alice, "after-opening")
    assert alice.js_errors == [] and alice.failed_responses == []
