"""Email and notification preferences in a real browser (desktop and phone), the push button, and an org
admin adding a webhook."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD
from tests.delivery.conftest import http_server, huey_immediate  # noqa: F401  (fixtures: a receiver, tasks run inline)

pytestmark = pytest.mark.browser


def test_preferences_page_and_push_button(world, live_server, new_page, shot):
    from townsquare.delivery.models import DeliveryPreference

    alice = new_page(permissions=["notifications"])
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/notifications/settings/")
    expect(alice.get_by_role("heading", name="Email and notifications")).to_be_visible()
    form = alice.get_by_role("form", name="Email and notification preferences")
    expect(form.get_by_role("checkbox", name="Someone mentions you or asks you a question Email")).to_be_checked()
    expect(form.get_by_role("checkbox", name=re.compile("^Everything else.*Push$"))).not_to_be_checked()
    expect(form.get_by_label("Every Monday morning")).to_be_checked()
    shot(alice, "preferences")

    # keyboard only: switch off praise emails, choose the daily digest, save
    form.get_by_role("checkbox", name="Someone praises you or your team Email").focus()
    alice.keyboard.press("Space")
    form.get_by_label("Every morning").check()
    form.get_by_role("button", name="Save").click()
    expect(alice.locator(".message")).to_contain_text("Saved")
    pref = DeliveryPreference.objects.get(person=world.alice)
    assert (pref.email_praise, pref.email_mention, pref.digest) == (False, True, "daily")
    expect(alice.get_by_role("form", name="Email and notification preferences").get_by_label("Every morning")).to_be_checked()

    # the push button: the browser asks its push service, which this sandbox cannot reach — we say so plainly
    on = alice.get_by_role("button", name="Turn on notifications on this device")
    expect(on).to_be_visible()
    on.click()
    status = alice.locator("[data-push-status]")
    expect(status).to_have_text(re.compile(r"Notifications are on for this device|could not reach its push service"))
    shot(alice, "push-button")
    assert alice.js_errors == []

    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, "alice@example.test", PASSWORD)
    phone.goto(f"{live_server.url}/notifications/settings/")
    expect(phone.get_by_role("button", name="Save")).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    shot(phone, "preferences-phone")


def test_org_admin_adds_a_webhook(world, live_server, new_page, shot, http_server, huey_immediate):  # noqa: F811
    from townsquare.delivery.models import Webhook

    receiver = http_server(statuses=[500])

    olga = new_page()
    sign_in(olga, live_server, "olga@example.test", PASSWORD)
    olga.goto(f"{live_server.url}/webhooks/")
    expect(olga.get_by_text("No webhooks yet")).to_be_visible()
    olga.get_by_role("link", name="Add a webhook").click()
    form = olga.get_by_role("form", name="Webhook")
    form.get_by_label("Name").fill("Team chat")
    form.get_by_label("Address (URL)").fill("chat.example.test/hook")
    form.get_by_label("Company-wide posts").check()
    form.get_by_role("button", name="Add webhook").click()
    expect(olga.get_by_test_id("webhook-error")).to_contain_text("not a web address")
    olga.get_by_role("form", name="Webhook").get_by_label("Address (URL)").fill("https://chat.example.test/hook")
    olga.get_by_role("form", name="Webhook").get_by_role("button", name="Add webhook").click()
    expect(olga.get_by_role("heading", name="Team chat")).to_be_visible()
    hook = Webhook.objects.get()
    assert hook.url == "https://chat.example.test/hook" and hook.company_wide
    shot(olga, "webhook-detail")

    # point it at a local receiver that fails once, send a test twice: the log shows both
    olga.get_by_role("link", name="Edit").click()
    olga.get_by_role("form", name="Webhook").get_by_label("Address (URL)").fill(f"{receiver.url}/hook")
    olga.get_by_role("form", name="Webhook").get_by_role("button", name="Save").click()
    olga.get_by_role("button", name="Send a test").click()
    expect(olga.get_by_role("table", name="Delivery log")).to_contain_text("500")
    olga.get_by_role("button", name="Send a test").click()
    expect(olga.get_by_role("table", name="Delivery log").locator("tbody tr")).to_have_count(2)
    expect(olga.get_by_role("table", name="Delivery log").locator("tbody tr").first).to_contain_text("201")
    assert len(receiver.requests) == 2
    shot(olga, "webhook-log")
    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, "olga@example.test", PASSWORD)
    phone.goto(f"{live_server.url}/webhooks/{hook.pk}/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    shot(phone, "webhook-log-phone")
    olga.get_by_role("link", name="Delete…").click()
    expect(olga.get_by_role("heading", name="Delete “Team chat”?")).to_be_visible()
    shot(olga, "webhook-delete")
    olga.get_by_role("button", name="Delete webhook").click()
    expect(olga.get_by_text("No webhooks yet")).to_be_visible()
    assert not Webhook.objects.exists()
