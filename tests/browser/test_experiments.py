"""Experiments in a real browser (issue 16 #3): the author starts one with two variants on the create page; a
reader of each part sees only their own variant in the feed; one follows the counted link and lands on the real
address; the author ends the experiment and reads per-variant figures and the verdict in plain words ("no
difference yet", with so few responses). Also on a phone-sized screen; nothing blocked by the CSP."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_csp import violations, watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TARGET = "/people/"  # a real page of this site (the directory), so the redirect's destination can be loaded offline
A_TEXT = "Our travel policy changes on 1 March."
B_TEXT = "What would you change in our travel policy?"


@pytest.fixture
def crowd(world):
    """48 more active people who can sign in, in two departments, so the company can be split in two."""
    from townsquare.people.models import Person

    hashed = make_password(PASSWORD)
    depts = [world.finance, world.exec_office]
    return Person.objects.bulk_create([
        Person(email=f"p{i}@example.test", name=f"Person {i}", handle=f"person{i}", department=depts[i % 2],
               password=hashed) for i in range(48)])


def test_create_read_click_and_see_the_results(world, crowd, live_server, new_page, shot):
    from townsquare.conversations import services as conversations
    from townsquare.influence.models import Assignment, Experiment, LinkClick

    author = watch(new_page())
    sign_in(author, live_server, "alice@example.test", PASSWORD)
    author.goto(f"{live_server.url}/influence/experiments/new/")
    form = author.get_by_role("form", name="New experiment")
    form.get_by_label("What are you testing?").fill("Travel policy note")
    form.locator("#v1-body").fill(f"{A_TEXT} [Read it]({live_server.url}{TARGET}).")
    form.locator("#v2-form").select_option("email")
    form.locator("#v2-title").fill("Travel policy")
    form.locator("#v2-body").fill(B_TEXT)
    shot(author, "create-filled")
    form.get_by_role("button", name="Start the experiment").click()
    expect(author.get_by_role("heading", name="Travel policy note")).to_be_visible()
    expect(author.get_by_test_id("experiment-verdict")).to_contain_text("Too early to say")
    shot(author, "detail-just-started")

    experiment = Experiment.objects.get(author=world.alice)
    parts = {label: list(Assignment.objects.filter(experiment=experiment, variant__label=label)
                         .filter(person__handle__startswith="person")
                         .order_by("person_id").select_related("person"))
             for label in "AB"}
    reader_a, reader_b = parts["A"][0].person, parts["B"][0].person

    page_a = watch(new_page())
    sign_in(page_a, live_server, reader_a.email, PASSWORD)
    page_a.goto(f"{live_server.url}/")
    expect(page_a.get_by_text(A_TEXT)).to_be_visible()
    expect(page_a.get_by_text(B_TEXT)).to_have_count(0)
    shot(page_a, "reader-a-feed")
    page_a.get_by_role("link", name="Read it").first.click()
    expect(page_a).to_have_url(f"{live_server.url}{TARGET}")
    assert LinkClick.objects.filter(person=reader_a).count() == 1

    page_b = watch(new_page())
    sign_in(page_b, live_server, reader_b.email, PASSWORD)
    page_b.goto(f"{live_server.url}/")
    expect(page_b.get_by_text(B_TEXT)).to_be_visible()
    expect(page_b.get_by_text(A_TEXT)).to_have_count(0)
    shot(page_b, "reader-b-feed")

    # Everyone else opens their variant (through the same service the post page uses), so both parts pass the
    # minimum number of readers; the only response is reader A's click.
    for label, part in parts.items():
        variant = experiment.variants.get(label=label)
        for a in part:
            conversations.post_view_record(person=a.person, post=variant.post)

    author.reload()
    author.get_by_test_id("experiment-end").click()
    verdict = author.get_by_test_id("experiment-verdict")
    expect(verdict).to_have_attribute("data-state", "no_difference")
    expect(verdict).to_contain_text("No difference yet")
    expect(verdict).to_contain_text("could well be chance")
    row_a, row_b = author.get_by_test_id("variant-A"), author.get_by_test_id("variant-B")
    expect(row_a.locator("td").nth(4)).to_have_text(re.compile(r"^1 "))  # followed a link
    expect(row_b.locator("td").nth(4)).to_have_text(re.compile(r"^0 "))
    more_a, more_b = author.get_by_test_id("compare-A"), author.get_by_test_id("compare-B")
    expect(more_a.locator("td").nth(3)).not_to_contain_text("none yet")  # time to first response
    expect(more_b.locator("td").nth(3)).to_contain_text("none yet")
    expect(more_a.locator("td").nth(4)).to_have_text("Ask")  # feedback: none asked for on this variant
    shot(author, "detail-ended")

    author.goto(f"{live_server.url}/influence/experiments/")
    expect(author.get_by_text("Travel policy note")).to_be_visible()
    shot(author, "list")
    for pg in (author, page_a, page_b):
        assert violations(pg) == [] and pg.js_errors == []

    phone = watch(new_page(viewport={"width": 390, "height": 844}))
    sign_in(phone, live_server, "alice@example.test", PASSWORD)
    phone.goto(f"{live_server.url}{experiment.get_absolute_url()}")
    expect(phone.get_by_test_id("experiment-verdict")).to_contain_text("No difference yet")
    shot(phone, "phone-detail")
    phone.goto(f"{live_server.url}/influence/experiments/new/")
    shot(phone, "phone-create")
    phone.goto(f"{live_server.url}/influence/experiments/")
    shot(phone, "phone-list")
    # Nothing wider than the screen: the table scrolls inside its own box.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert violations(phone) == [] and phone.js_errors == []
