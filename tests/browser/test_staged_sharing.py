"""Staged sharing in a real browser: the CEO writes a post in the composer and shares it first as a preview with
two people; an outsider cannot open it and does not see it in the company feed; a preview reader sees it marked as
a preview on their home feed and replies; the author widens it to the whole company in one step; the reply stays,
the card says when it was first shared and with how many responses, the outsider now reads it, and the history
records the widening. Desktop and phone; nothing blocked by the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_csp import violations, watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BODY = "Before I share this widely: should we move planning to one page per team? What would you change?"


def test_preview_then_widen(world, live_server, new_page, shot):
    from townsquare.conversations.models import Post

    erin = watch(new_page())
    sign_in(erin, live_server, "erin@example.test", PASSWORD)
    erin.goto(f"{live_server.url}/compose/")
    composer = erin.get_by_role("form", name="Write a post")
    composer.get_by_label("What are you working on?").fill(BODY)
    composer.get_by_label("Share first with").select_option(label="People I choose (preview)")
    composer.get_by_label("Preview for").fill("@alice @gina")
    shot(erin, "composer-preview")
    composer.get_by_role("button", name="Post").click()
    expect(erin.locator(".messages")).to_contain_text("Shared as a preview")
    expect(erin.get_by_test_id("stage-line")).to_have_text("Preview — shared with 2 people")
    post = Post.objects.get(body=BODY)
    post_url = f"{live_server.url}{post.get_absolute_url()}"
    shot(erin, "preview-author")

    otto = watch(new_page())
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    response = otto.goto(post_url)
    assert response.status == 404
    otto.goto(f"{live_server.url}/company/")
    expect(otto.get_by_text(BODY)).to_have_count(0)

    alice = watch(new_page(viewport=PHONE))
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/")
    card = alice.locator(f"#post-{post.pk}")
    expect(card.get_by_test_id("stage-line")).to_have_text("Preview — shared with 2 people")
    shot(alice, "preview-reader-phone")
    alice.goto(post_url)
    expect(alice.get_by_role("heading", name="Ready to share it more widely?")).to_have_count(0)
    alice.get_by_label("Your reply").fill("One page would help. Add a line on risks?")
    alice.get_by_role("button", name="Reply").click()
    expect(alice.get_by_text("One page would help.")).to_be_visible()

    erin.goto(post_url)
    widen = erin.get_by_role("form", name="Ready to share it more widely?")
    widen.get_by_label("Widen to").select_option(label="The whole company")
    widen.get_by_role("button", name="Widen").click()
    expect(erin.locator(".messages")).to_contain_text("Widened to the whole company")
    expect(erin.get_by_test_id("stage-line")).to_have_text(re.compile(r"^First shared with 2 people on \d+ \w+: 1 response$"))
    expect(erin.get_by_text("One page would help.")).to_be_visible()
    expect(erin.get_by_role("form", name="Ready to share it more widely?")).to_have_count(0)
    shot(erin, "widened-author")

    otto.goto(post_url)
    expect(otto.get_by_text(BODY)).to_be_visible()
    expect(otto.get_by_test_id("stage-line")).to_contain_text("First shared with 2 people")
    alice.goto(post_url)
    expect(alice.get_by_test_id("stage-line")).to_contain_text("First shared with 2 people")  # she sees it widened
    shot(alice, "widened-reader-phone")

    erin.goto(f"{post_url}history/")
    expect(erin.get_by_test_id("history-widened")).to_contain_text(
        "Widened from a preview for 2 people to the whole company.")
    for page in (erin, otto, alice):
        assert violations(page) == [] and page.js_errors == []
