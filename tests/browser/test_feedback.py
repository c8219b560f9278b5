"""Feedback requests in a real browser: the author asks chosen people for anonymous feedback from their own post;
two of them answer (one by keyboard alone), the author sees the small summary on the post and the results with
the comments held back; a third answer brings the comments out. Only the author sees the summary; nothing on
the way is blocked by the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_csp import violations, watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def answer(new_page, live_server, post_url: str, email: str, *, clarity: int, usefulness: int, comment: str,
           keyboard: bool = False):
    page = watch(new_page())
    sign_in(page, live_server, email, PASSWORD)
    page.goto(post_url)
    box = page.get_by_test_id("feedback-invite")
    expect(box).to_contain_text("asks for your anonymous feedback on this post")
    box.get_by_role("link", name="Answer the feedback request").click()
    expect(page.get_by_role("heading", name="Give feedback")).to_be_visible()
    expect(page.get_by_test_id("feedback-anonymous")).to_contain_text("stored without your name")
    form = page.get_by_role("form", name="Give feedback")
    clear = form.get_by_role("group", name=re.compile("How clear"))
    useful = form.get_by_role("group", name=re.compile("How useful"))
    if keyboard:
        clear.get_by_role("radio", name="1").focus()
        page.keyboard.press("Space")
        for _ in range(clarity - 1):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")  # into the usefulness group
        page.keyboard.press("Space")
        for _ in range(usefulness - 1):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        page.keyboard.type(comment)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    else:
        clear.get_by_role("radio", name=str(clarity)).check()
        useful.get_by_role("radio", name=str(usefulness)).check()
        form.get_by_label("A comment").fill(comment)
        form.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".messages")).to_contain_text("your feedback was sent")
    expect(page.get_by_test_id("feedback-invite")).to_contain_text("You have given your feedback")
    expect(page.get_by_test_id("feedback-summary")).to_have_count(0)
    assert violations(page) == [] and page.js_errors == []
    return page


def test_ask_answer_and_see_results(world, live_server, new_page, shot):
    from townsquare.conversations import services

    post = services.post_create(author=world.alice, body="Thinking of moving the monthly close to a rolling forecast.")
    post_url = f"{live_server.url}{post.get_absolute_url()}"

    author = watch(new_page())
    sign_in(author, live_server, "alice@example.test", PASSWORD)
    author.goto(post_url)
    ask_box = author.get_by_test_id("feedback-ask")
    expect(ask_box).to_contain_text("Only you see the results")
    ask_box.get_by_role("link", name="Ask for feedback").click()
    form = author.get_by_role("form", name="Ask for feedback")
    # A mistake first: nobody named.
    form.get_by_role("button", name="Ask for feedback").click()
    expect(author.get_by_test_id("feedback-error")).to_contain_text("Name at least one person to ask")
    form.get_by_label("People to ask").fill("@gina, @erin @otto")
    form.get_by_label("Anonymous answers").check()
    shot(author, "ask-form")
    form.get_by_role("button", name="Ask for feedback").click()
    expect(author).to_have_url(post_url)
    summary = author.get_by_test_id("feedback-summary")
    expect(summary).to_contain_text("No answers yet (answers are anonymous)")
    expect(summary).to_contain_text("only you can see this")

    gina = answer(new_page, live_server, post_url, "gina@example.test", clarity=4, usefulness=5,
                  comment="Clear, and I'd add what changes for the team", keyboard=True)
    shot(gina, "answered")
    answer(new_page, live_server, post_url, "erin@example.test", clarity=2, usefulness=3,
           comment="A number would make it concrete")

    author.reload()
    expect(summary).to_contain_text("2 answers; the ratings appear at 3.")  # anonymous: no one told apart
    shot(author, "post-with-summary")
    summary.get_by_role("link", name="See the results").click()
    expect(author.get_by_role("heading", name="Feedback results")).to_be_visible()
    expect(author.get_by_test_id("feedback-ratings-hidden")).to_contain_text("once at least 3 people")
    expect(author.get_by_test_id("feedback-averages")).to_have_count(0)
    expect(author.get_by_test_id("feedback-comments-hidden")).to_contain_text("appear once at least 3 people")
    expect(author.get_by_text("A number would make it concrete")).to_have_count(0)
    shot(author, "results-comments-held-back")

    answer(new_page, live_server, post_url, "otto@example.test", clarity=5, usefulness=5, comment="")
    author.reload()
    comments = author.get_by_test_id("feedback-comments")
    expect(comments.locator("blockquote")).to_have_count(2)
    expect(comments).to_contain_text("A number would make it concrete")
    expect(comments).to_contain_text("Clear, and I'd add what changes for the team")
    expect(author.get_by_test_id("feedback-results")).to_contain_text("3 answers")
    expect(author.get_by_test_id("feedback-averages")).to_have_text("Clarity 3.7 / 5 · usefulness 4.3 / 5")
    shot(author, "results")

    # Closing: no more answers, the results stay.
    author.get_by_role("button", name="Close the request").click()
    expect(author.locator(".messages")).to_contain_text("Feedback request closed")
    expect(author.get_by_test_id("feedback-results")).to_contain_text("3 answers")
    assert violations(author) == [] and author.js_errors == []
