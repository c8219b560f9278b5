"""@mention and #topic suggestions in a real browser: in the composer (/compose/ and the group page) and the reply
box, typing "@gre" offers Greta by name with her department, "#run" offers a topic the reader may see; the
keyboard chooses (arrows, Enter, Tab), Escape closes, a click chooses too; no page reload; on a phone the list
fits the screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_csp import violations, watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def greta(world):
    from townsquare.conversations import services
    from townsquare.people.models import Person

    greta = Person.objects.create_user("greta@example.test", PASSWORD, name="Greta Lind", handle="glind",
                                       department=world.finance)
    services.post_create(author=world.gina, body="Sunday #running club, all welcome")
    services.post_create(author=world.gina, body="Planning #runwaysecret", group=world.secret)
    return greta


def test_mention_and_topic_chosen_by_keyboard(world, greta, live_server, new_page, shot):
    from townsquare.conversations.models import Post

    page = watch(new_page())
    sign_in(page, live_server, "otto@example.test", PASSWORD)
    page.goto(f"{live_server.url}/compose/")
    page.evaluate("window.__samePage = true")
    body = page.get_by_label("What are you working on?")
    list_ = page.get_by_role("listbox", name="People and topics")
    body.focus()
    page.keyboard.type("Thanks @gre", delay=20)
    expect(list_).to_be_visible()
    option = list_.get_by_role("option")
    expect(option).to_have_count(1)
    expect(option.first).to_contain_text("Greta Lind")
    expect(option.first).to_contain_text("@glind · Finance")
    expect(option.first).to_have_attribute("aria-selected", "true")
    expect(body).to_have_attribute("aria-activedescendant", re.compile(r"suggest-\d+-opt-0"))
    shot(page, "mention-offered")
    page.keyboard.press("Enter")
    expect(list_).to_be_hidden()
    expect(body).to_have_value("Thanks @glind ")

    # A topic: only the one the reader may see (not the secret group's), chosen with Tab.
    page.keyboard.type("for #run", delay=20)
    expect(list_.get_by_role("option")).to_have_count(1)
    expect(list_.get_by_role("option").first).to_have_text("#running")
    page.keyboard.press("Tab")
    expect(body).to_have_value("Thanks @glind for #running ")
    expect(body).to_be_focused()

    # Arrows move, Escape closes and leaves the text as typed.
    page.keyboard.type("and @g", delay=20)
    options = list_.get_by_role("option")
    expect(options).to_have_count(2)  # Gina Groupadmin, Greta Lind
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Escape")
    expect(list_).to_be_hidden()
    expect(body).to_have_value("Thanks @glind for #running and @g")
    page.keyboard.type("ina", delay=20)
    expect(list_.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(body).to_have_value("Thanks @glind for #running and @gina ")
    assert page.evaluate("window.__samePage === true"), "the page reloaded"

    page.get_by_role("button", name="Post").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    post = Post.objects.latest("pk")
    assert post.body == "Thanks @glind for #running and @gina"
    assert {m.person.handle for m in post.mentions.select_related("person")} == {"glind", "gina"}

    # The reply box, with the mouse.
    reply = page.get_by_label("Your reply")
    reply.click()
    page.keyboard.type("Ask @lin", delay=20)
    reply_list = page.get_by_role("listbox", name="People and topics")
    reply_list.get_by_role("option", name=re.compile("Greta Lind")).click()
    expect(reply).to_have_value("Ask @glind ")
    expect(reply).to_be_focused()
    assert page.js_errors == [] and page.failed_responses == [] and violations(page) == []


def test_group_composer_on_a_phone(world, greta, live_server, new_page, shot):
    page = watch(new_page(viewport=PHONE))
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    page.goto(f"{live_server.url}/groups/{world.secret.slug}/")
    body = page.get_by_label("What are you working on?")
    body.click()
    page.keyboard.type("Notes for #run", delay=20)
    list_ = page.get_by_role("listbox", name="People and topics")
    expect(list_.get_by_role("option")).to_have_count(2)  # alice is in the secret group: both topics
    box = list_.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shot(page, "group-composer-phone", full_page=False)
    list_.get_by_role("option", name="#runwaysecret").click()
    expect(body).to_have_value("Notes for #runwaysecret ")
    assert page.js_errors == [] and page.failed_responses == [] and violations(page) == []


def test_search_filters_by_name(world, greta, live_server, new_page, shot):
    from townsquare.conversations import services
    from townsquare.people.models import Person

    berg = Person.objects.create_user("gberg@example.test", PASSWORD, name="Greta Berg", handle="gberg")
    services.post_create(author=greta, body="Pricing runbook for the quarter")
    services.post_create(author=berg, body="Pricing notes from the field")
    services.post_create(author=world.gina, body="Pricing in the guild", group=world.public)
    page = watch(new_page())
    sign_in(page, live_server, "otto@example.test", PASSWORD)
    page.goto(f"{live_server.url}/search/?q=pricing")

    # Several people fit a name: the page offers them, and one click picks.
    page.get_by_text("Filters", exact=True).click()  # the disclosure, closed while no filter is set
    author = page.get_by_role("combobox", name="Author")
    author.fill("Greta")
    author.press("Escape")  # close the suggestions and search with the name as typed
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("“Greta” could be 2 people")
    choices = page.get_by_test_id("search-choices")
    shot(page, "several-people-fit")
    choices.get_by_role("link", name="Greta Lind (@glind · Finance)").click()
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("Pricing runbook")
    expect(results).not_to_contain_text("Pricing notes")
    expect(author).to_have_value("@glind")

    # The same widget picks a group by its name, with the keyboard; a secret group is never offered.
    author.fill("")
    group = page.get_by_role("combobox", name="Group")
    group.focus()
    page.keyboard.type("gui", delay=20)
    listbox = page.get_by_role("listbox", name="Groups")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(group).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(group).to_have_value("Data Guild")
    expect(group).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")  # the list is closed: Enter searches
    expect(results).to_contain_text("Pricing in the guild")
    expect(results).not_to_contain_text("Pricing runbook")
    group.fill("")
    group.focus()
    page.keyboard.type("boar", delay=20)
    page.get_by_role("status").filter(has_text="No suggestions").wait_for(state="attached")
    expect(listbox).to_be_hidden()
    assert page.js_errors == [] and violations(page) == []
