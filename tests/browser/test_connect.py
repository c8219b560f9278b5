"""Coffee roulette and mentoring in a real browser.

Coffee: alice opts in from her coffee page, otto is in already; the round runs (as the hourly task would),
alice sees otto as her match with our introduction and answers "did you meet?"; otto sees it on his phone.
Mentoring: gina offers help on SQL; alice asks for help, sees gina suggested and asks her; gina accepts,
and alice sees it accepted."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_coffee_roulette(world, live_server, new_page, shot):
    from townsquare.connect import services
    from townsquare.connect.models import CoffeeMatchMember, CoffeeProfile

    services.coffee_settings_save(person=world.otto, active=True, cadence="weekly")
    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/coffee/")
    expect(alice.get_by_test_id("coffee-empty")).to_contain_text("Meet someone new over coffee")
    shot(alice, "coffee-desktop-empty")
    settings = alice.get_by_role("form", name="Coffee settings")
    settings.get_by_label("Pair me for coffee").check()
    settings.get_by_label("Every other week").check()
    settings.get_by_role("button", name="Save").click()
    expect(alice.get_by_test_id("coffee-waiting")).to_contain_text("Your next match arrives on")
    assert CoffeeProfile.objects.get(person=world.alice).cadence == "fortnightly"
    settings = alice.get_by_role("form", name="Coffee settings")
    settings.get_by_label("Every week").check()
    settings.get_by_role("button", name="Save").click()
    expect(alice.locator(".message")).to_contain_text("You're in")

    run = services.coffee_round_run()  # what the hourly task does
    assert run.created and run.groups == [tuple(sorted((world.alice.pk, world.otto.pk)))]
    alice.goto(f"{live_server.url}/")
    expect(alice.get_by_test_id("unread-count")).to_have_text("1")
    alice.get_by_test_id("notifications-link").click()
    alice.get_by_role("link", name=re.compile("coffee match this week")).click()
    expect(alice).to_have_url(re.compile(r"/coffee/#match-\d+$"))
    current = alice.get_by_test_id("coffee-current")
    expect(current).to_contain_text("Otto Outsider")
    expect(current).to_contain_text("Meet Alice Member (Analyst, Finance) and Otto Outsider (Engineer)")
    contact = alice.get_by_test_id("coffee-contact")  # what really exists: email and a mention, no "message"
    expect(contact).to_contain_text("no private messages")
    expect(contact.get_by_role("link", name=world.otto.email)).to_have_attribute(
        "href", f"mailto:{world.otto.email}?subject=Coffee%20this%20week%3F")
    expect(current).not_to_contain_text("Send a message")
    shot(alice, "coffee-desktop-match")
    current.get_by_role("button", name="Yes, we met").click()
    expect(alice.locator(".message")).to_contain_text("Lovely")
    expect(alice.get_by_test_id("coffee-current").get_by_role("button", name="Yes, we met")).to_have_attribute(
        "aria-pressed", "true")
    assert CoffeeMatchMember.objects.get(person=world.alice).met == "yes"
    shot(alice, "coffee-desktop-met")

    otto = new_page(viewport=PHONE)
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}/coffee/")
    expect(otto.get_by_test_id("coffee-current")).to_contain_text("Alice Member")
    shot(otto, "coffee-phone-match")
    for pg in (alice, otto):
        assert pg.js_errors == [] and pg.foreign_requests == [] and pg.failed_responses == []


def test_mentoring(world, live_server, new_page, shot):
    from townsquare.connect.models import Mentorship

    gina = new_page()
    sign_in(gina, live_server, "gina@example.test", PASSWORD)
    gina.goto(f"{live_server.url}/mentoring/")
    offer = gina.get_by_role("form", name="Offer to mentor")
    offer.get_by_label("I can mentor on").fill("Databases, #Forecasting")
    offer.get_by_label("How you like to help").fill("An hour every other week, with your real queries.")
    offer.get_by_role("button", name="Offer").click()
    expect(gina.get_by_test_id("my-offer")).to_contain_text("forecasting")

    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/mentoring/")
    ask = alice.get_by_role("form", name="Ask for help")
    ask.get_by_label("I'd like help with").fill("x" * 45)
    ask.get_by_role("button", name="Find a mentor").click()
    expect(alice.get_by_role("alert")).to_contain_text("at most 40")
    shot(alice, "mentoring-desktop-error")
    ask = alice.get_by_role("form", name="Ask for help")
    ask.get_by_label("I'd like help with").fill("sql, forcasting")
    ask.get_by_label("A few words on where you are").fill("My month-end reports take an hour to run.")
    ask.get_by_role("button", name="Find a mentor").click()
    suggestion = alice.get_by_test_id("suggestion")
    expect(suggestion).to_contain_text("Gina Groupadmin")
    expect(suggestion).to_contain_text("your real queries")
    why = suggestion.get_by_test_id("match-why")  # no topic is the same, yet they match, and it says why
    expect(why).to_contain_text("“databases” is close in meaning to “sql”")
    expect(why).to_contain_text("“forecasting” is spelt much like “forcasting”")
    shot(alice, "mentoring-desktop-suggestions")
    suggestion.get_by_label("A note to Gina Groupadmin").fill("Could we look at one report together?")
    suggestion.get_by_role("button", name="Ask Gina Groupadmin to mentor you").click()
    expect(alice.locator(".message")).to_contain_text("Sent")
    expect(alice.get_by_test_id("suggestion")).to_contain_text("You asked")

    gina.goto(f"{live_server.url}/mentoring/")
    received = gina.get_by_test_id("mentorship-received")
    expect(received).to_contain_text("month-end reports")
    expect(received).to_contain_text("Could we look at one report together?")
    shot(gina, "mentoring-desktop-received")
    received.get_by_role("button", name="Accept").click()
    expect(gina.locator(".message")).to_contain_text("Accepted")
    assert Mentorship.objects.get().status == Mentorship.Status.ACCEPTED

    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, "alice@example.test", PASSWORD)
    phone.goto(f"{live_server.url}/mentoring/")
    expect(phone.get_by_test_id("mentorship-sent")).to_contain_text("Accepted")
    expect(phone.get_by_test_id("contact")).to_contain_text(f"Write to Gina Groupadmin at {world.gina.email}")
    expect(phone.get_by_test_id("my-request")).to_contain_text("Closed")  # accepted, so the request is closed
    shot(phone, "mentoring-phone")
    for pg in (alice, gina, phone):
        assert pg.js_errors == [] and pg.foreign_requests == []
        assert all(r.startswith("400 ") for r in pg.failed_responses), pg.failed_responses
