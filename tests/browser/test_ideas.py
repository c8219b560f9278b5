"""Ideas and recognition in a real browser: alice posts an idea; otto votes for it (htmx) and joins
as a collaborator; alice moves it to "in progress" (after a refused "not now" without a reason) and
posts a progress update; otto sees the news. Then olga defines a company value, alice praises otto
for it, and the praise shows on the recognition wall and in otto's received count."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_idea_vote_collaborate_status_and_praise_with_value(world, live_server, new_page, shot):
    from townsquare.ideas.models import IdeaNotification, IdeaState, PraiseValue

    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/company/")
    alice.get_by_test_id("company-practices").get_by_role("link", name="Idea board").click()
    expect(alice).to_have_url(f"{live_server.url}/ideas/")
    expect(alice.get_by_test_id("ideas-empty")).to_contain_text("No ideas here yet")
    shot(alice, "board-empty")

    alice.get_by_role("link", name="+ Share an idea").click()
    composer = alice.get_by_role("form", name="Write a post")
    expect(composer.get_by_role("radio", name="Idea")).to_be_checked()
    composer.get_by_label("What are you working on?").fill("Publish the team budget in the open, so anyone can ask about it.")
    composer.get_by_role("button", name="Post").click()
    expect(alice).to_have_url(re.compile(r"/posts/\d+/$"))
    idea = IdeaState.objects.get()
    assert idea.owner == world.alice

    # otto votes from the board (htmx, no reload) and joins as a collaborator
    otto = new_page()
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}/ideas/")
    card = otto.get_by_test_id("idea-card")
    expect(card).to_contain_text("Publish the team budget")
    card.get_by_role("button", name=re.compile("Vote for this idea")).click()
    expect(card.get_by_test_id("vote-button")).to_have_attribute("aria-pressed", "true")
    expect(card.get_by_test_id("vote-count")).to_have_text("1")
    shot(otto, "board-voted")
    card.get_by_role("link", name=re.compile("Publish the team budget")).click()
    expect(otto).to_have_url(f"{live_server.url}/ideas/{idea.post_id}/")
    otto.get_by_role("button", name="Join as collaborator").click()
    expect(otto.get_by_test_id("idea-collaborators")).to_contain_text("Otto Outsider")
    expect(otto.get_by_role("form", name="Change the status")).to_have_count(0)

    # alice: "not now" needs a reason; then in progress with a note, and a progress update
    alice.goto(f"{live_server.url}/ideas/{idea.post_id}/")
    status_form = alice.get_by_role("form", name="Change the status")
    status_form.get_by_label("New status").select_option(label="Not now")
    status_form.get_by_role("button", name="Change status").click()
    expect(alice.get_by_test_id("idea-error")).to_contain_text("Say why")
    shot(alice, "not-now-needs-reason")
    status_form = alice.get_by_role("form", name="Change the status")
    status_form.get_by_label("New status").select_option(label="In progress")
    status_form.get_by_label(re.compile("Note to voters")).fill("Finance agreed to a first version in March.")
    status_form.get_by_role("button", name="Change status").click()
    expect(alice.get_by_test_id("idea-status").first).to_have_text("In progress")
    alice.get_by_role("textbox", name="Progress update").fill("First draft of the public budget page is ready for comments.")
    alice.get_by_role("button", name="Post update").click()
    expect(alice.get_by_test_id("idea-updates")).to_contain_text("First draft of the public budget page")
    shot(alice, "idea-in-progress")
    assert IdeaNotification.objects.filter(recipient=world.otto).count() == 1

    # otto sees the news on the board and on the idea page
    otto.goto(f"{live_server.url}/ideas/")
    expect(otto.get_by_test_id("idea-notifications")).to_contain_text("moved it to “In progress”")
    otto.get_by_test_id("idea-notifications").get_by_role("link").first.click()
    expect(otto.get_by_test_id("idea-my-notifications")).to_contain_text("from “New” to “In progress”")
    expect(otto.get_by_test_id("idea-history")).to_contain_text("Finance agreed to a first version in March.")
    expect(otto.get_by_test_id("idea-updates")).to_contain_text("First draft")
    shot(otto, "voter-sees-news")

    # olga defines a value; a duplicate is refused
    olga = new_page()
    sign_in(olga, live_server, "olga@example.test", PASSWORD)
    olga.goto(f"{live_server.url}/recognition/values/")
    add = olga.get_by_role("form", name="Add a value")
    add.get_by_label("Name").fill("Customers first")
    add.get_by_label(re.compile("Short description")).fill("We start from what customers need.")
    add.get_by_role("button", name="Add value").click()
    expect(olga.get_by_test_id("values-list")).to_contain_text("Customers first")
    add = olga.get_by_role("form", name="Add a value")
    add.get_by_label("Name").fill("customers FIRST")
    add.get_by_role("button", name="Add value").click()
    expect(olga.get_by_test_id("values-error")).to_contain_text("already a value")
    shot(olga, "values-duplicate")

    # alice praises otto for that value; the wall shows it, and otto's profile counts it
    alice.goto(f"{live_server.url}/compose/?kind=praise")
    composer = alice.get_by_role("form", name="Write a post")
    composer.get_by_label("What are you working on?").fill("Otto rebuilt the export in two days and walked a customer through it.")
    composer.get_by_label(re.compile("Praise for")).fill("@otto")
    composer.get_by_label(re.compile("^Value")).select_option(label="Customers first")
    composer.get_by_role("button", name="Post").click()
    expect(alice).to_have_url(re.compile(r"/posts/\d+/$"))
    assert PraiseValue.objects.get().value.name == "Customers first"
    expect(alice.get_by_test_id("card-label")).to_have_text("★ Customers first")  # on the post's own card
    shot(alice, "praise-card-value")

    otto.set_viewport_size(PHONE)
    otto.goto(f"{live_server.url}/recognition/")
    wall = otto.get_by_test_id("wall")
    expect(wall).to_contain_text("Otto rebuilt the export")
    expect(wall.get_by_test_id("card-label")).to_contain_text("Customers first")
    expect(otto.get_by_test_id("value-counts")).to_contain_text("Customers first 1 praise")
    shot(otto, "wall-phone")
    otto.goto(f"{live_server.url}/people/otto/")
    expect(otto.get_by_test_id("praise-received")).to_have_text("1")
    shot(otto, "profile-recognition")

    for pg in (alice, otto, olga):
        assert pg.js_errors == []
        assert pg.foreign_requests == []


def test_idea_board_pages_filters_and_an_in_progress_reason_is_kept(world, live_server, new_page, shot):
    """Issue 17: the board shows 20 ideas a page with filters by status, whose and words; a reason given
    for "In progress" is kept and shown in the history."""
    from townsquare.conversations import services as conversations
    from townsquare.conversations.models import Post

    for k in range(26):
        conversations.post_create(author=world.gina if k % 2 else world.alice, kind=Post.Kind.IDEA,
                                  title=f"{'Travel' if k % 4 == 0 else 'Lunch'} idea {k}", body=f"Idea body {k}")
    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/ideas/?sort=newest")
    expect(alice.get_by_test_id("idea-card")).to_have_count(20)
    expect(alice.get_by_test_id("idea-pager")).to_contain_text("Page 1 of 2")
    shot(alice, "board-page-1")
    alice.get_by_role("link", name="Next →").click()
    expect(alice.get_by_test_id("idea-card")).to_have_count(6)
    expect(alice.get_by_test_id("idea-card").last).to_contain_text("Travel idea 0")

    search = alice.get_by_role("search", name="Filter ideas")
    search.get_by_label("Words").fill("travel")
    search.get_by_label("Whose").select_option(label="Shared or owned by me")
    search.get_by_role("button", name="Show").click()
    expect(alice.get_by_test_id("idea-total")).to_contain_text("7 ideas match")
    expect(alice.get_by_test_id("idea-card")).to_have_count(7)
    expect(alice.get_by_test_id("idea-pager")).to_have_count(0)
    shot(alice, "board-filtered")

    alice.get_by_role("link", name="Travel idea 24").click()
    status_form = alice.get_by_role("form", name="Change the status")
    status_form.get_by_label("New status").select_option(label="In progress")
    status_form.get_by_label(re.compile("^Reason")).fill("Two teams asked for it in the same week.")
    status_form.get_by_role("button", name="Change status").click()
    expect(alice.get_by_test_id("idea-status").first).to_have_text("In progress")
    expect(alice.get_by_test_id("idea-history")).to_contain_text("Reason: Two teams asked for it in the same week.")
    shot(alice, "in-progress-reason")

    alice.set_viewport_size(PHONE)
    alice.goto(f"{live_server.url}/ideas/?words=lunch")
    expect(alice.get_by_test_id("idea-card")).to_have_count(19)
    shot(alice, "board-phone")
    assert alice.js_errors == [] and alice.foreign_requests == []
