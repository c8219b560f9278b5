"""The writing coach in a real browser: hints appear in the composer as one types, with no page reload, by
keyboard alone; they change with the text and the kind; only the body and the kind are sent; nothing is
saved; the post goes out with the words as typed. On a phone the hints fit the screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_csp import violations, watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PRESS_RELEASE = ("The leadership team is pleased to announce that going forward we will leverage our synergies "
                 "across every region.")


def hints_sent(page) -> list[dict]:
    sent = []
    page.on("request", lambda r: "/influence/hints/" in r.url and sent.append(
        {"method": r.method, "data": r.post_data or ""}))
    return sent


def test_hints_appear_as_one_types(world, live_server, new_page, shot):
    from townsquare.conversations.models import Post

    page = watch(new_page())
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    sent = hints_sent(page)
    page.evaluate("window.__samePage = true")  # gone if the page reloads
    composer = page.get_by_role("form", name="Write a post")
    coach = composer.get_by_test_id("writing-hints")
    expect(coach).to_have_attribute("aria-live", "polite")
    expect(coach).to_contain_text("Tips appear here as you write")

    # By keyboard alone: into the text box, and type.
    body = composer.get_by_label("What are you working on?")
    body.focus()
    page.keyboard.type(PRESS_RELEASE, delay=5)
    hints = coach.get_by_test_id("writing-hints-list")
    expect(hints.locator('[data-code="press_release"]')).to_contain_text(
        "“The leadership team is pleased to announce” sounds like a press release")
    expect(hints.locator('[data-code="jargon"]').first).to_contain_text("“going forward” is corporate-speak")
    expect(hints.locator('[data-code="jargon"]').nth(1)).to_contain_text("“leverage” is corporate-speak: try “use”")
    expect(hints.locator('[data-code="no_question"]')).to_contain_text("twice the replies")
    expect(coach.get_by_test_id("writing-summary")).to_contain_text("18 words")
    shot(page, "hints-while-typing")

    # Debounced: a burst of keystrokes is one request, not one per key; and only the body and the kind go.
    assert 1 <= len(sent) <= 3, sent
    assert all(s["method"] == "POST" and set(re.findall(r"(?:^|&)([^=&]+)=", s["data"])) == {"body", "kind"}
               for s in sent), sent

    # Asking a question takes the question tip away.
    page.keyboard.type(" What do you think?", delay=5)
    expect(hints.locator('[data-code="no_question"]')).to_have_count(0)
    expect(hints.locator('[data-code="press_release"]')).to_have_count(1)

    # Another kind of post, chosen with the keyboard: the length is judged against it.
    composer.get_by_role("radio", name="Update").focus()
    page.keyboard.press("ArrowRight")  # Question
    page.keyboard.press("ArrowRight")  # Praise
    page.keyboard.press("ArrowRight")  # Idea
    page.keyboard.press("ArrowRight")  # Article
    expect(composer.get_by_role("radio", name="Article")).to_be_checked()
    expect(hints.locator('[data-code="length"]')).to_contain_text("short for an article")
    shot(page, "hints-for-an-article")

    assert page.evaluate("window.__samePage === true"), "the page reloaded"
    assert Post.objects.count() == 0  # asking the coach posts nothing
    assert page.js_errors == [] and page.failed_responses == [] and violations(page) == []

    # Suggestions only: the post goes out with the words as typed.
    composer.get_by_role("radio", name="Update").check()
    composer.get_by_role("button", name="Post").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    post = Post.objects.get()
    assert post.body == PRESS_RELEASE + " What do you think?"
    expect(page.locator(f"#post-{post.pk}")).to_contain_text("pleased to announce that going forward")


def test_hints_on_a_phone(world, live_server, new_page, shot):
    page = watch(new_page(viewport=PHONE))
    sign_in(page, live_server, "erin@example.test", PASSWORD)
    page.goto(f"{live_server.url}/compose/")
    composer = page.get_by_role("form", name="Write a post")
    coach = composer.get_by_test_id("writing-hints")
    composer.get_by_label("What are you working on?").press_sequentially(
        "It was decided by the board that all staff are reminded to utilise the new expenses portal in order to "
        "streamline the approval process for every department and every region of the company.", delay=2)
    hints = coach.get_by_test_id("writing-hints-list")
    expect(hints.locator('[data-code="passive"]').first).to_contain_text("“was decided” is passive")
    expect(hints.locator('[data-code="jargon"]')).to_contain_text("“utilise”")
    expect(hints.locator('[data-code="wordy"]')).to_contain_text("“in order to” can be shorter")
    expect(hints.locator('[data-code="long_sentence"]')).to_contain_text("A sentence of 33 words")
    shot(page, "phone-hints")
    coach.scroll_into_view_if_needed()
    shot(page, "phone-hints-in-view", full_page=False)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the composer scrolls sideways on a phone ({width}px)"
    assert page.js_errors == [] and page.failed_responses == [] and violations(page) == []


def test_a_draft_that_cannot_be_read_says_why(world, live_server, new_page):
    """A 400 from the coach (here a control character pasted in) is shown in its place, not dropped."""
    page = new_page()
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    composer = page.get_by_role("form", name="Write a post")
    composer.get_by_label("What are you working on?").fill("Pasted from a document\x0bwith a vertical tab")
    expect(composer.get_by_test_id("writing-hints-error")).to_contain_text("invisible control character (U+000B)")
    assert page.js_errors == []
