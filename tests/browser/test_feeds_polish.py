"""Issue 17 "Everyday polish" for feeds and the composer, in a real browser, desktop and phone:
the ranked feed switch (keyboard, remembered), sharing a post into another group, events and polls from the
composer with their own cards, and praise for a team. Nothing blocked by the Content-Security-Policy."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_csp import violations, watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _aged(post, *, hours: float, reactions: int = 0, replies: int = 0):
    from townsquare.conversations.models import Post

    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=hours),
                                           reaction_count=reactions, reply_count=replies)


def test_ranked_feed_switch_by_keyboard_and_remembered(world, live_server, new_page, shot):
    from townsquare.conversations import services

    busy = services.post_create(author=world.gina, body="Yesterday's budget review drew a real conversation")
    _aged(busy, hours=30, reactions=12, replies=6)
    quiet = services.post_create(author=world.otto, body="A quiet note from this morning")
    _aged(quiet, hours=1)

    alice = watch(new_page())
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/company/")
    cards = alice.locator("article.post")
    expect(cards.first).to_contain_text("A quiet note from this morning")
    switch = alice.get_by_role("form", name="Order of the feed")
    expect(switch.get_by_role("button", name="Newest first")).to_have_attribute("aria-pressed", "true")
    # keyboard only: focus "Newest first", Tab to "Ranked", Enter
    switch.get_by_role("button", name="Newest first").focus()
    alice.keyboard.press("Tab")
    expect(switch.get_by_role("button", name="Ranked")).to_be_focused()
    alice.keyboard.press("Enter")
    expect(alice.get_by_role("button", name="Ranked")).to_have_attribute("aria-pressed", "true")
    expect(cards.first).to_contain_text("Yesterday's budget review")
    expect(alice.get_by_test_id("ranked-help")).to_be_visible()
    # the live banner counts from the moment the ranked page was ranked
    since = alice.locator("#live-config").get_attribute("data-since")
    assert since and since > quiet.created_at.isoformat()
    shot(alice, "company-ranked")

    phone = watch(new_page(viewport=PHONE))
    sign_in(phone, live_server, "alice@example.test", PASSWORD)  # another session: the choice is the person's
    phone.goto(f"{live_server.url}/company/")
    expect(phone.get_by_role("button", name="Ranked")).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("article.post").first).to_contain_text("Yesterday's budget review")
    shot(phone, "company-ranked-phone")
    phone.get_by_role("button", name="Newest first").click()
    expect(phone.locator("article.post").first).to_contain_text("A quiet note from this morning")
    assert violations(alice) == [] and violations(phone) == []


def test_share_a_post_into_another_group(world, live_server, new_page, shot):
    from townsquare.conversations import services
    from townsquare.conversations.models import Notification

    secret = services.post_create(author=world.gina, body="Board pack draft: revenue is up 12 percent", group=world.secret)
    alice = watch(new_page())
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}{secret.get_absolute_url()}")
    share = alice.get_by_test_id("share-form")
    share.get_by_text("Share into a group").click()
    form = alice.get_by_role("form", name="Share this post")
    form.get_by_label("Share with").select_option(label="Data Guild")
    form.get_by_label("Your comment").fill("The guild will want to see this")
    shot(alice, "share-form")
    form.get_by_role("button", name="Share").click()
    expect(alice.locator(".messages")).to_contain_text("Shared with Data Guild.")
    card = alice.locator("article.post").first
    expect(card).to_contain_text("The guild will want to see this")
    expect(card.get_by_test_id("shared-original")).to_contain_text("revenue is up 12 percent")
    shot(alice, "shared-card-reader")

    otto = watch(new_page(viewport=PHONE))
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}{world.public.get_absolute_url()}")
    card = otto.locator("article.post").filter(has_text="The guild will want to see this")
    expect(card.get_by_test_id("shared-hidden")).to_have_text(
        "🔒 A post you can't see: it is in a group you are not in, or it was removed.")
    expect(otto.get_by_text("revenue is up")).to_have_count(0)
    shot(otto, "shared-card-outsider-phone")
    assert Notification.objects.filter(recipient=world.gina, verb="share").count() == 1
    assert violations(alice) == [] and violations(otto) == []


def test_praise_a_team_from_the_composer(world, live_server, new_page, shot):
    for viewport, name in ((None, "desktop"), (PHONE, "phone")):
        alice = watch(new_page(viewport=viewport))
        sign_in(alice, live_server, "alice@example.test", PASSWORD)
        alice.goto(f"{live_server.url}/")
        composer = alice.get_by_role("form", name="Write a post")
        expect(composer.get_by_label("Or a team")).to_be_hidden()  # only for praise
        composer.get_by_text("Praise", exact=True).click()
        composer.get_by_label("What are you working on?").fill(f"The books closed two days early ({name})")
        composer.get_by_label("Or a team").select_option(label="Finance Team")
        shot(alice, f"composer-praise-team-{name}")
        composer.get_by_role("button", name="Post").click()
        card = alice.locator("article.post").filter(has_text=f"two days early ({name})")
        expect(card.locator(".praise-to")).to_have_text("🏅 Praise for the Finance Team")
        shot(alice, f"praise-team-card-{name}")
        assert violations(alice) == []


def test_event_and_poll_from_the_composer_with_their_own_cards(world, live_server, new_page, shot):
    import zoneinfo

    from townsquare.practices.models import PollVote

    start = (timezone.now() + timedelta(days=4)).astimezone(zoneinfo.ZoneInfo(world.alice.time_zone))
    alice = watch(new_page())
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/")
    composer = alice.get_by_role("form", name="Write a post")
    expect(composer.get_by_label("Starts")).to_be_hidden()
    composer.get_by_role("radio", name="Event").check()
    composer.get_by_label("Title").fill("Budget clinic")
    composer.get_by_label("What are you working on?").fill("Bring your questions about next year's numbers.")
    composer.get_by_label("Starts").fill(start.replace(hour=14, minute=0).strftime("%Y-%m-%dT%H:%M"))
    composer.get_by_label("Place", exact=True).fill("Room 4.2")
    composer.get_by_label("Places (empty: no limit)").fill("20")
    shot(alice, "composer-event")
    composer.get_by_role("button", name="Post").click()
    expect(alice.locator(".messages")).to_contain_text("Posted.")

    alice.goto(f"{live_server.url}/")
    composer = alice.get_by_role("form", name="Write a post")
    composer.get_by_role("radio", name="Poll").check()
    composer.get_by_label("What are you working on?").fill("Which day suits the offsite?")
    composer.get_by_label("Options").fill("Tuesday\nThursday\nFriday")
    composer.get_by_label("Anonymous votes").check()
    shot(alice, "composer-poll")
    composer.get_by_role("button", name="Post").click()
    expect(alice.locator(".messages")).to_contain_text("Posted.")

    for viewport, name in ((PHONE, "phone"), (None, "desktop")):  # the phone first: she has not voted yet
        gina = watch(new_page(viewport=viewport))
        sign_in(gina, live_server, "gina@example.test", PASSWORD)
        gina.goto(f"{live_server.url}/company/")
        event = gina.get_by_test_id("event-card")
        expect(event).to_contain_text("Room 4.2")
        # shown in the reader's zone (gina: UTC), written in alice's (Los Angeles)
        expect(event).to_contain_text(start.replace(hour=14, minute=0).astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%H:%M"))
        poll = gina.get_by_test_id("poll-card")
        expect(poll.get_by_role("button", name="Thursday")).to_be_visible()
        shot(gina, f"home-event-and-poll-{name}")
        if name == "desktop":
            gina.evaluate("window.__noReload = true")
            poll.get_by_role("button", name="Thursday").click()  # htmx: the card is replaced in place
            expect(poll).to_contain_text("Your vote is in. Nobody can see what you chose.")
            assert gina.evaluate("window.__noReload") is True  # the page did not reload
            event.get_by_role("button", name="RSVP: I'm going").click()
            expect(gina.locator(".messages")).to_contain_text("going")
            gina.goto(f"{live_server.url}/company/")
            expect(gina.get_by_test_id("event-card")).to_contain_text("You are going")
            shot(gina, "home-after-vote-and-rsvp")
        assert violations(gina) == []
    assert PollVote.objects.count() == 0
