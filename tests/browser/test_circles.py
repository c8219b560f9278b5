"""Working-out-loud circles in a real browser: alice starts a circle; gina finds it by her goal's words
and joins; otto joins on his phone; erin's joining (the fourth) starts it. alice sees week 1's guide,
checks in and writes to the circle; gina sees both. olga, an org admin, gets a 404 for the circle."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def join_from_finder(page, live_server, words, goal):
    page.goto(f"{live_server.url}/circles/find/")
    finder = page.get_by_role("search", name="Find a circle")
    finder.get_by_label("Your goal, in a few words").fill(words)
    finder.get_by_role("button", name="Find").click()
    result = page.get_by_test_id("finder-result").first
    expect(result).to_contain_text("Customer calls")
    result.get_by_text("Join this circle").click()
    result.get_by_label("Your goal").fill(goal)
    result.get_by_role("button", name="Join").click()
    return result


def test_circle_flow(world, live_server, new_page, shot):
    from townsquare.circles.models import Circle, CircleCheckIn, CircleNote

    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/circles/")
    expect(alice.get_by_test_id("circles-empty")).to_be_visible()
    alice.get_by_role("link", name="Start a circle").click()
    form = alice.get_by_role("form", name="Start a circle")
    form.get_by_label("Name").fill("Customer calls")
    form.get_by_label("What it is about").fill("Learning from customer research and support calls")
    form.get_by_label("When you'd like to meet").fill("Tuesdays 12:30")
    form.get_by_role("button", name="Start the circle").click()
    expect(alice.get_by_test_id("circle-error")).to_contain_text("goal")
    assert not Circle.objects.exists()
    form = alice.get_by_role("form", name="Start a circle")
    form.get_by_label("Your goal").fill("Sit in on five customer calls and share what I learn")
    shot(alice, "circle-create-desktop")
    form.get_by_role("button", name="Start the circle").click()
    circle = Circle.objects.get()
    expect(alice).to_have_url(f"{live_server.url}/circles/{circle.pk}/")
    expect(alice.get_by_test_id("circle-forming")).to_contain_text("1 of 5 places taken · 3 more to start")
    expect(alice.get_by_test_id("circle-guide")).to_contain_text("Getting started")
    shot(alice, "circle-forming-desktop")

    gina = new_page()
    sign_in(gina, live_server, "gina@example.test", PASSWORD)
    join_from_finder(gina, live_server, "customer research", "Understand what customers ask support most")
    expect(gina).to_have_url(f"{live_server.url}/circles/{circle.pk}/")

    otto = new_page(viewport=PHONE)
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}/circles/{circle.pk}/")  # a link someone shared: a preview he could join
    expect(otto.get_by_test_id("circle-preview")).to_contain_text("2 of 5 places taken · 2 more to start")
    expect(otto.get_by_text("Sit in on five customer calls")).to_have_count(0)  # goals stay inside
    shot(otto, "circle-preview-phone")
    otto.goto(f"{live_server.url}/circles/find/?q=customer&tz=Europe/Paris")
    expect(otto.get_by_test_id("finder-result")).to_contain_text("2 of 5 places taken")
    shot(otto, "circle-finder-phone")
    join_from_finder(otto, live_server, "support calls", "Meet people outside engineering")
    expect(otto.get_by_test_id("circle-forming")).to_contain_text("3 of 5 places taken · 1 more to start")

    erin = new_page()
    sign_in(erin, live_server, "erin@example.test", PASSWORD)
    erin.goto(f"{live_server.url}/circles/{circle.pk}/")
    preview = erin.get_by_test_id("circle-preview")
    preview.get_by_role("button", name="Join Customer calls").click()  # no goal: refused, on the same preview
    expect(erin.get_by_test_id("join-error")).to_be_visible()
    shot(erin, "circle-preview-desktop-error")
    erin.get_by_label("Your goal").fill("Hear customers first-hand every week")
    erin.get_by_role("button", name="Join Customer calls").click()
    expect(erin.locator(".message")).to_contain_text("it starts today")
    expect(erin.get_by_test_id("circle-status")).to_have_text("Week 1 of 12")

    alice.goto(f"{live_server.url}/circles/{circle.pk}/")
    expect(alice.get_by_test_id("circle-guide")).to_contain_text("A goal and a first list of people")
    expect(alice.get_by_test_id("circle-members")).to_contain_text("Hear customers first-hand every week")
    checkin = alice.get_by_role("form", name="Check in")
    checkin.get_by_label("We met this week").check()
    checkin.get_by_label("Your progress this week").fill("Wrote my goal and a list of ten people.")
    checkin.get_by_role("button", name="Check in").click()
    expect(alice).to_have_url(re.compile(r"#check-ins$"))
    expect(alice.get_by_test_id("check-ins")).to_contain_text("Wrote my goal and a list of ten people.")
    note = alice.get_by_role("form", name="Write to the circle")
    note.get_by_label("Write to the circle").fill("Notes from my first call: **pricing** came up three times.")
    note.get_by_role("button", name="Post to the circle").click()
    expect(alice.get_by_test_id("circle-notes").locator("strong")).to_have_text("pricing")
    assert CircleCheckIn.objects.get().week == 1 and CircleNote.objects.count() == 1
    shot(alice, "circle-week1-desktop")

    otto.goto(f"{live_server.url}/circles/{circle.pk}/")
    expect(otto.get_by_test_id("check-ins")).to_contain_text("Wrote my goal")
    shot(otto, "circle-week1-phone")

    # the circle decides it is done: a member completes it, and the page celebrates
    alice.goto(f"{live_server.url}/circles/{circle.pk}/")
    alice.get_by_text("Finished early?").click()
    alice.get_by_role("button", name="Mark as completed").click()
    expect(alice.get_by_test_id("circle-celebration")).to_contain_text("You did it")
    expect(alice.get_by_test_id("circle-status")).to_have_text("Completed")
    shot(alice, "circle-completed-desktop")
    otto.goto(f"{live_server.url}/circles/guide/")
    otto.get_by_role("link", name="Week 6: Deepen three relationships").click()
    expect(otto.get_by_test_id("circle-guide")).to_contain_text("personal contribution")
    shot(otto, "circle-guide-week6-phone")

    olga = new_page()
    sign_in(olga, live_server, "olga@example.test", PASSWORD)
    response = olga.goto(f"{live_server.url}/circles/{circle.pk}/")
    assert response.status == 404
    expect(olga.get_by_text("pricing")).to_have_count(0)

    for pg in (alice, gina, otto, erin):
        assert pg.js_errors == [] and pg.foreign_requests == []
        assert all(r.startswith("400 ") for r in pg.failed_responses), pg.failed_responses
