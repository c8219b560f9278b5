"""Moderation in a real browser: a member reports a post in a public group with a reason through the post page's
report link; an organisation admin opens the moderation queue, opens the item and hides the post with a reason; its
author sees the bell, opens the notification, reads the reason and still sees her post with it; another reader sees
only "A post was hidden by a moderator" in its place; the admin shows it again and the reader sees the post again."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_csp import violations, watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BODY = "Guild meetup notes: the pipeline review slides and everyone's home phone numbers are in the shared drive."
REPORT_REASON = "It lists colleagues' private phone numbers."
HIDE_REASON = "Personal phone numbers must not be shared in a public group."
HIDDEN = "A post was hidden by a moderator."


def test_report_hide_notify_restore(world, live_server, new_page, shot):
    from townsquare.conversations import services as conversations

    post = conversations.post_create(author=world.gina, body=BODY, group=world.public)
    post_url = f"{live_server.url}{post.get_absolute_url()}"

    # alice reports it from the post page
    alice = watch(new_page())
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(post_url)
    expect(alice.get_by_text(BODY)).to_be_visible()
    alice.get_by_role("link", name="Report this post").click()
    expect(alice.get_by_role("heading", name="Report this post")).to_be_visible()
    alice.get_by_label("What is wrong with it?").fill(REPORT_REASON)
    shot(alice, "report-form")
    alice.get_by_role("button", name="Send the report").click()
    expect(alice).to_have_url(post_url)
    expect(alice.locator(".messages")).to_contain_text("Thank you. A moderator will look at it.")
    shot(alice, "reported")

    # olga finds it in the queue and hides it with a reason
    olga = watch(new_page())
    sign_in(olga, live_server, "olga@example.test", PASSWORD)
    olga.goto(f"{live_server.url}/moderation/")
    item = olga.get_by_test_id("queue-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("1 report on a post in Data Guild")
    expect(item).to_contain_text(REPORT_REASON)
    expect(item).to_contain_text("Alice Member")
    shot(olga, "queue")
    item.get_by_role("link", name="Decide").click()
    expect(olga.get_by_role("heading", name="Moderate this post")).to_be_visible()
    expect(olga.get_by_text(REPORT_REASON)).to_be_visible()
    form = olga.get_by_test_id("decide-form")
    form.get_by_label("Hide it").check()
    form.get_by_role("textbox", name="Reason").fill(HIDE_REASON)
    shot(olga, "moderate-hide")
    form.get_by_role("button", name="Decide").click()
    expect(olga).to_have_url(post_url)
    expect(olga.locator(".messages")).to_contain_text("Hidden. Its author is told")
    shot(olga, "hidden-moderator-view")

    # gina, the author: the bell, the notice with the reason, her post still there with the reason
    gina = watch(new_page())
    sign_in(gina, live_server, "gina@example.test", PASSWORD)
    expect(gina.get_by_test_id("unread-count")).to_have_text("1")
    gina.get_by_test_id("notifications-link").click()
    note = gina.get_by_test_id("notification").filter(has_text="hid your post")
    expect(note).to_have_count(1)
    expect(note).not_to_contain_text("Alice")
    shot(gina, "notifications")
    note.get_by_role("link").click()
    expect(gina.get_by_role("heading", name="A moderator's decision about your post")).to_be_visible()
    expect(gina.get_by_text("Your post was hidden.")).to_be_visible()
    expect(gina.locator("main")).to_contain_text(HIDE_REASON)
    expect(gina.locator("main")).not_to_contain_text("Alice")
    shot(gina, "notice")
    gina.get_by_role("link", name="Open your post").click()
    expect(gina).to_have_url(post_url)
    expect(gina.get_by_text(BODY)).to_be_visible()
    expect(gina.get_by_test_id("hidden-notice")).to_contain_text(HIDE_REASON)
    shot(gina, "hidden-author-view")

    # otto, another reader: only the short notice in its place
    otto = watch(new_page())
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(post_url)
    expect(otto.get_by_text(HIDDEN)).to_be_visible()
    expect(otto.get_by_text(BODY)).to_have_count(0)
    expect(otto.locator("main")).not_to_contain_text(HIDE_REASON)
    shot(otto, "hidden-reader-view")

    # olga shows it again; otto reads it again
    olga.goto(f"{live_server.url}/moderation/")
    expect(olga.get_by_test_id("queue-empty")).to_be_visible()
    olga.get_by_role("list", name="Recent decisions").get_by_role("link", name="restore").click()
    form = olga.get_by_test_id("decide-form")
    form.get_by_label("Show it again").check()
    shot(olga, "moderate-restore")
    form.get_by_role("button", name="Decide").click()
    expect(olga.locator(".messages")).to_contain_text("Shown again. Its author is told.")

    otto.goto(post_url)
    expect(otto.get_by_text(BODY)).to_be_visible()
    expect(otto.get_by_text(HIDDEN)).to_have_count(0)
    shot(otto, "restored-reader-view")
    for page in (alice, olga, gina, otto):
        assert violations(page) == [] and page.js_errors == []
