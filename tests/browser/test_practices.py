"""Ask leadership and polls in a real browser: alice asks erin (a leader) a question, otto votes it
up, erin explains the decision and the question shows as answered; then alice starts a poll, votes
and sees the results."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_ask_leadership_and_poll(world, live_server, new_page, shot):
    from townsquare.practices import services
    from townsquare.practices.models import Poll, PollParticipant, Question

    services.leader_add(admin=world.olga, person=world.erin)

    # alice asks erin, starting from the Questions page
    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/questions/")
    alice.get_by_role("link", name="Ask leadership").click()
    expect(alice).to_have_url(f"{live_server.url}/ask/")
    expect(alice.get_by_test_id("ask-empty")).to_contain_text("No questions yet")
    shot(alice, "ask-empty")
    alice.get_by_role("link", name="Ask a leader").click()
    form = alice.get_by_role("form", name="Ask a leader")
    form.get_by_label("Leader").select_option("erin")
    form.get_by_role("button", name="Ask").click()  # empty: refused, nothing stored
    expect(alice.get_by_test_id("ask-error")).to_contain_text("empty")
    assert not Question.objects.exists()
    form = alice.get_by_role("form", name="Ask a leader")
    form.get_by_label("Your question or concern").fill("Why are we moving the planning cycle to quarters?")
    form.get_by_role("button", name="Ask").click()
    question = Question.objects.get()
    expect(alice).to_have_url(f"{live_server.url}/ask/{question.pk}/")
    expect(alice.get_by_test_id("question-status")).to_have_text("Open")
    shot(alice, "question-asked")

    # otto votes it up from the list (htmx swaps the button in place)
    otto = new_page()
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}/ask/")
    vote = otto.get_by_test_id("question").get_by_role("button", name=re.compile("Vote this up"))
    vote.focus()
    otto.keyboard.press("Enter")
    expect(otto.get_by_test_id("question").get_by_role("button", name=re.compile("Take back your vote"))).to_be_visible()
    expect(otto.get_by_test_id("question").locator(".vote-count")).to_have_text("1")
    shot(otto, "question-voted")
    question.refresh_from_db()
    assert question.vote_count == 1

    # erin explains the decision
    erin = new_page()
    sign_in(erin, live_server, "erin@example.test", PASSWORD)
    erin.goto(f"{live_server.url}/ask/{question.pk}/")
    erin.get_by_role("link", name="Explain the decision").click()
    answer = erin.get_by_role("form", name="Explain the decision")
    answer.get_by_label("Your answer").fill("Quarters let teams change course sooner, with fewer surprises.")
    answer.get_by_label("Which purpose does this decision serve?").fill("Understanding customers")
    shot(erin, "explain-the-decision")
    answer.get_by_role("button", name="Post the answer").click()
    expect(erin).to_have_url(f"{live_server.url}/ask/{question.pk}/")
    expect(erin.get_by_test_id("question-status")).to_have_text("Answered")
    expect(erin.get_by_test_id("answer")).to_contain_text("Quarters let teams change course sooner")
    expect(erin.get_by_test_id("purpose-theme")).to_have_text("Understanding customers")
    shot(erin, "question-answered")
    erin.get_by_role("link", name="The answer as a reply on the post").click()
    expect(erin).to_have_url(re.compile(rf"/posts/{question.post_id}/#reply-\d+$"))

    alice.goto(f"{live_server.url}/ask/leaders/erin/")
    expect(alice.get_by_test_id("record-received")).to_have_text("1")
    expect(alice.get_by_test_id("record-share")).to_have_text("100%")
    shot(alice, "leader-record")

    # alice starts a poll from the Questions page, votes, and sees the results
    alice.goto(f"{live_server.url}/questions/")
    alice.get_by_role("link", name="Start a poll").click()
    poll_form = alice.get_by_role("form", name="Start a poll")
    poll_form.get_by_label("Question").fill("Which day suits the team lunch?")
    poll_form.get_by_label("Options").fill("Tuesday\nThursday\nTuesday")
    poll_form.get_by_role("button", name="Start the poll").click()
    expect(alice.get_by_test_id("poll-error")).to_contain_text("twice")
    assert not Poll.objects.exists()
    shot(alice, "poll-error")
    poll_form = alice.get_by_role("form", name="Start a poll")
    poll_form.get_by_label("Options").fill("Tuesday\nThursday\nFriday")
    poll_form.get_by_label("Anonymous").check()
    poll_form.get_by_role("button", name="Start the poll").click()
    poll = Poll.objects.get()
    expect(alice).to_have_url(f"{live_server.url}/polls/{poll.pk}/")
    expect(alice.get_by_test_id("poll-results")).to_have_count(0)
    alice.get_by_label("Thursday").check()
    alice.get_by_role("button", name="Vote").click()
    expect(alice.get_by_test_id("poll-results")).to_contain_text("Thursday")
    expect(alice.get_by_test_id("poll-results")).to_contain_text("100%")
    assert PollParticipant.objects.filter(poll=poll, person=world.alice).exists()
    shot(alice, "poll-results")
    alice.get_by_role("link", name="← The post").click()
    expect(alice.get_by_role("link", name="Vote in the poll")).to_be_visible()

    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, "otto@example.test", PASSWORD)
    phone.goto(f"{live_server.url}/ask/")
    shot(phone, "ask-phone")

    for pg in (alice, otto, erin, phone):
        assert pg.js_errors == [] and pg.foreign_requests == []
        assert all(r.startswith("400 ") for r in pg.failed_responses), pg.failed_responses
