"""A newcomer's first session, end to end, in a real browser against the running server."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _post_card(page, text: str):
    return page.locator("article.post").filter(has_text=text)


def test_newcomer_path(world, live_server, new_page, shot):
    from townsquare.conversations import services
    from townsquare.conversations.models import Group, Membership, Notification, Post, Reaction, Reply

    # A post already in the Data Guild, for the group feed later on.
    services.post_create(author=world.gina, group=world.public, body="Welcome to the Data Guild! Introduce yourself here.")

    # 1. alice signs in through the form.
    alice = new_page()
    alice.goto(f"{live_server.url}/")
    expect(alice).to_have_url(re.compile(r"/login/\?next=/$"))
    shot(alice, "login-form")
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    expect(alice).to_have_url(f"{live_server.url}/")
    expect(alice.get_by_role("heading", name="Home", level=1)).to_be_visible()
    # The stylesheet and htmx are served and applied.
    assert alice.evaluate("typeof window.htmx") == "object"
    assert alice.evaluate("getComputedStyle(document.querySelector('header.topbar')).position") == "sticky"
    shot(alice, "alice-home")

    # 2. alice posts an update that mentions @gina and tags a #topic.
    body = "Kicking off the quarterly pipelinereview with @gina today. Notes to follow. #forecasting"
    composer = alice.get_by_role("form", name="Write a post")
    expect(composer.get_by_role("radio", name="Update")).to_be_checked()
    composer.get_by_label("What are you working on?").fill(body)
    composer.get_by_role("button", name="Post").click()
    expect(alice).to_have_url(re.compile(r"/posts/\d+/$"))
    expect(alice.locator(".messages")).to_contain_text("Posted.")
    post = Post.objects.get(author=world.alice)
    assert alice.url.endswith(f"/posts/{post.pk}/")
    card = alice.locator(f"#post-{post.pk}")
    expect(card.get_by_role("link", name="@gina")).to_have_attribute("href", "/people/gina/")
    expect(card.get_by_role("link", name="#forecasting")).to_have_attribute("href", "/topics/forecasting/")
    shot(alice, "alice-posted")

    # 3. gina, in her own browser context, sees the unread badge and the mention.
    gina = new_page()
    sign_in(gina, live_server, "gina@example.test", PASSWORD)
    badge = gina.get_by_test_id("unread-count")
    expect(badge).to_have_text("1")
    expect(gina.get_by_test_id("notifications-link")).to_have_attribute("aria-label", "Notifications, 1 unread")
    shot(gina, "gina-badge")
    gina.get_by_test_id("notifications-link").click()
    expect(gina).to_have_url(f"{live_server.url}/notifications/")
    note = gina.get_by_test_id("notification")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("Alice Member mentioned you")
    expect(note).to_contain_text("pipelinereview")
    expect(note).to_contain_text("new")
    shot(gina, "gina-notifications")

    # 4. gina follows the notification to alice's post and replies.
    note.get_by_role("link", name=re.compile("Alice Member mentioned you")).click()
    expect(gina).to_have_url(re.compile(rf"/posts/{post.pk}/"))
    gina.get_by_label("Your reply").fill("Thanks @alice, I'll bring the Q3 numbers.")
    gina.get_by_role("button", name="Reply").click()
    reply = Reply.objects.get(post=post)
    expect(gina).to_have_url(re.compile(rf"/posts/{post.pk}/#reply-{reply.pk}$"))
    expect(gina.locator(f"#reply-{reply.pk}")).to_contain_text("I'll bring the Q3 numbers.")
    expect(gina.get_by_role("heading", name="1 reply")).to_be_visible()
    shot(gina, "gina-replied")

    # 5. alice likes her post from the feed; htmx swaps the action bar without a reload.
    alice.goto(f"{live_server.url}/")
    card = alice.locator(f"#post-{post.pk}")
    expect(card).to_contain_text("pipelinereview")
    expect(card.get_by_role("link", name=re.compile("1 reply"))).to_be_visible()
    like = card.get_by_test_id("react-like")
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like).to_have_accessible_name("Like")
    alice.evaluate("window.__sameDocument = true")
    with alice.expect_response(re.compile(rf"/posts/{post.pk}/react/$")) as reaction:
        like.click()
    assert reaction.value.status == 200
    assert reaction.value.request.headers.get("hx-request") == "true"
    expect(like).to_have_accessible_name("Like 1")  # the word behind the emoji, then the count shown
    expect(like).to_have_attribute("aria-pressed", "true")
    assert alice.evaluate("window.__sameDocument") is True, "the page reloaded instead of swapping the card"
    assert Reaction.objects.filter(post=post, person=world.alice, kind="like").count() == 1
    shot(alice, "alice-liked")
    # The swapped-in fragment works too: a second click takes the like back.
    card.get_by_test_id("react-like").click()
    expect(card.get_by_test_id("react-like")).to_have_accessible_name("Like")
    expect(card.get_by_test_id("react-like")).to_have_attribute("aria-pressed", "false")
    card.get_by_test_id("react-like").click()
    expect(card.get_by_test_id("react-like")).to_have_accessible_name("Like 1")
    assert alice.evaluate("window.__sameDocument") is True
    alice.reload()
    expect(alice.locator(f"#post-{post.pk}").get_by_test_id("react-like")).to_have_accessible_name("Like 1")

    # 6. alice finds her post with the top search box.
    search = alice.get_by_role("searchbox", name="Search").first
    expect(search).to_have_attribute("id", "site-search")
    search.fill("pipelinerev")
    search.press("Enter")
    expect(alice).to_have_url(re.compile(r"/search/\?q=pipelinerev$"))
    results = alice.get_by_test_id("search-results")
    hit = results.get_by_role("link", name=re.compile("Kicking off the quarterly pipelinereview"))
    expect(hit).to_have_count(1)
    expect(hit).to_have_attribute("href", f"/posts/{post.pk}/")
    expect(results).to_contain_text("Alice Member")
    shot(alice, "alice-search")
    hit.click()
    expect(alice).to_have_url(f"{live_server.url}/posts/{post.pk}/")

    # 7. otto, a newcomer in no group, joins the public Data Guild and sees its feed.
    otto = new_page()
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    expect(otto).to_have_url(f"{live_server.url}/groups/")
    shot(otto, "otto-groups")
    otto.get_by_role("link", name="Data Guild").first.click()
    expect(otto).to_have_url(f"{live_server.url}/groups/{world.public.slug}/")
    expect(otto.get_by_role("heading", name="Data Guild", level=1)).to_be_visible()
    expect(otto.get_by_role("form", name="Write a post")).to_have_count(0)
    join = otto.get_by_test_id("join-group")
    expect(join).to_have_text("Join")
    shot(otto, "otto-before-join")
    join.click()
    expect(otto.locator(".messages")).to_contain_text("Welcome to Data Guild.")
    expect(otto.get_by_test_id("join-group")).to_have_count(0)
    expect(otto.get_by_role("button", name="Leave")).to_be_visible()
    expect(otto.get_by_role("link", name="4 members")).to_be_visible()
    feed = otto.locator("#feed")
    expect(feed.locator("article.post")).to_have_count(1)
    expect(feed).to_contain_text("Welcome to the Data Guild! Introduce yourself here.")
    group_composer = otto.get_by_role("form", name="Write a post")
    expect(group_composer.get_by_label("Post to")).to_have_value(world.public.slug)
    shot(otto, "otto-joined-group")
    assert Membership.objects.filter(group=world.public, person=world.otto, state="active").exists()
    assert Group.objects.get(pk=world.public.pk).member_count == 4

    # otto says hello in the group; the post appears in the group feed.
    group_composer.get_by_label("What are you working on?").fill("Hello Data Guild, Otto from engineering here.")
    group_composer.get_by_role("button", name="Post").click()
    expect(otto).to_have_url(re.compile(r"/posts/\d+/$"))
    otto.goto(f"{live_server.url}/groups/{world.public.slug}/")
    expect(otto.locator("#feed article.post")).to_have_count(2)
    expect(otto.locator("#feed article.post").first).to_contain_text("Hello Data Guild, Otto from engineering here.")
    shot(otto, "otto-posted-in-group")

    # 8. alice sees the notification of gina's reply.
    alice.goto(f"{live_server.url}/")
    expect(alice.get_by_test_id("unread-count")).to_have_text("1")
    alice.get_by_test_id("notifications-link").click()
    notes = alice.get_by_test_id("notification")
    expect(notes).to_have_count(1)
    expect(notes.first).to_contain_text("Gina Groupadmin replied to your post")
    expect(notes.first).to_contain_text("pipelinereview")
    shot(alice, "alice-notifications")
    alice.get_by_role("button", name="Mark all as read").click()
    expect(alice.locator(".messages")).to_contain_text("All caught up.")
    expect(alice.get_by_test_id("unread-count")).to_have_count(0)
    assert not Notification.objects.filter(recipient=world.alice, read_at__isnull=True).exists()
    notes.first.get_by_role("link").click()
    expect(alice).to_have_url(re.compile(rf"/posts/{post.pk}/"))
    expect(alice.locator(f"#reply-{reply.pk}")).to_be_visible()
    shot(alice, "alice-sees-reply")

    for pg in (alice, gina, otto):
        assert pg.dialogs == [], pg.dialogs
        assert pg.js_errors == [], pg.js_errors
        assert pg.failed_responses == [], pg.failed_responses  # e.g. the CSS or htmx missing
        assert pg.foreign_requests == [], pg.foreign_requests


def _no_horizontal_scroll(pg):
    return pg.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_phone_width_home_and_composer(world, live_server, new_page, shot):
    from townsquare.conversations import services
    from townsquare.conversations.models import Post

    # Content that tends to push a narrow layout sideways: an unbroken word and a long URL.
    services.post_create(author=world.gina, body=(
        "Read the spec: https://docs.example.test/" + "really-long-path-segment-" * 12 + " and "
        + "Supercalifragilisticexpialidocious" * 4 + "\n\n| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n"
        + "| " + " | ".join(["wide-table-cell-content"] * 6) + " |"
    ), kind="article", title="An article whose title is long enough to need wrapping on a phone screen " * 2)

    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(phone, live_server, "alice@example.test", PASSWORD)
    expect(phone).to_have_url(f"{live_server.url}/")
    assert phone.evaluate("window.innerWidth") == PHONE["width"]
    shot(phone, "phone-home")
    assert _no_horizontal_scroll(phone), phone.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]")

    # The composer is usable: in the page width, typeable, and its Post button works.
    composer = phone.get_by_role("form", name="Write a post")
    box = composer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    textarea = composer.get_by_label("What are you working on?")
    expect(textarea).to_be_visible()
    tbox = textarea.bounding_box()
    assert tbox["width"] >= PHONE["width"] * 0.6 and tbox["x"] + tbox["width"] <= PHONE["width"]
    assert tbox["height"] >= 40
    textarea.tap()
    textarea.fill("Posting from my phone on the train. #mobile")
    post_button = composer.get_by_role("button", name="Post")
    post_button.scroll_into_view_if_needed()
    bbox = post_button.bounding_box()
    assert bbox["x"] >= 0 and bbox["x"] + bbox["width"] <= PHONE["width"]
    assert bbox["height"] >= 24
    shot(phone, "phone-composer-filled")
    post_button.tap()
    expect(phone).to_have_url(re.compile(r"/posts/\d+/$"))
    post = Post.objects.get(author=world.alice)
    expect(phone.locator(f"#post-{post.pk}")).to_contain_text("Posting from my phone on the train.")
    assert _no_horizontal_scroll(phone)
    shot(phone, "phone-posted")

    # Other pages a phone user reaches first.
    for path in ("/", "/company/", "/groups/", f"/groups/{world.public.slug}/", "/people/", "/people/alice/",
                 "/notifications/", "/search/?q=spec"):
        phone.goto(f"{live_server.url}{path}")
        expect(phone.locator("main#main")).to_be_visible()
        shot(phone, f"phone{path}")
        assert _no_horizontal_scroll(phone), (path, phone.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]"))
    assert phone.dialogs == [] and phone.js_errors == []
    assert phone.failed_responses == [], phone.failed_responses


def test_keyboard_reaches_skip_link_and_search(world, live_server, page, shot):
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    page.goto(f"{live_server.url}/")
    expect(page.locator("header.topbar")).to_be_visible()
    # Start from the top of the document, as a keyboard user does after a page load.
    page.evaluate("document.activeElement && document.activeElement.blur()")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"
    shot(page, "skip-link-focused", full_page=False)

    reached_search = False
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            reached_search = True
            break
    assert reached_search, "Tab from the top never reached the search box"
    search = page.locator("#site-search")
    expect(search).to_be_focused()
    shot(page, "search-focused", full_page=False)
    page.keyboard.type("pipeline")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=pipeline$"))

    # The skip link moves focus past the top bar to the main content.
    page.goto(f"{live_server.url}/")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('header') === null"), "focus went back into the top bar"
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
