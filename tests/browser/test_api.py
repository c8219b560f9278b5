"""API tokens and docs in a real browser: alice makes a read-only token (shown once), uses it from a
script (the page's own fetch, with the Authorization header), sees "last used", revokes it after
confirming; the interactive docs render from our own static files."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_make_use_and_revoke_a_token(world, live_server, new_page, shot):
    from townsquare.api.models import AccessToken

    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    alice.goto(f"{live_server.url}/me/tokens/")
    expect(alice.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(alice.get_by_text("No tokens yet")).to_be_visible()
    shot(alice, "tokens-empty")

    form = alice.get_by_role("form", name="Make a token")
    form.get_by_role("button", name="Make token").click()  # no name: refused, nothing stored
    expect(alice.get_by_test_id("token-error")).to_contain_text("Give the token a name")
    assert not AccessToken.objects.exists()
    form = alice.get_by_role("form", name="Make a token")
    form.get_by_label("Name").fill("Laptop script")
    form.get_by_label("Read only").check()
    form.get_by_role("button", name="Make token").click()
    expect(alice.get_by_test_id("new-token")).to_contain_text("only time we show it")
    raw = alice.get_by_test_id("token-value").input_value()
    assert re.fullmatch(r"tsq_[0-9a-f]{8}_[-\w]{43}", raw)
    alice.get_by_role("button", name="Copy").click()
    expect(alice.get_by_role("button", name="Copied")).to_be_visible()
    shot(alice, "token-made")

    # A script uses it: fetch with the token, no cookies.
    result = alice.evaluate("""async (token) => {
        const r = await fetch('/api/v1/me', {headers: {Authorization: 'Bearer ' + token}, credentials: 'omit'});
        return [r.status, (await r.json()).handle];
    }""", raw)
    assert result == [200, "alice"]
    refused = alice.evaluate("""async (token) => {
        const r = await fetch('/api/v1/posts', {method: 'POST', credentials: 'omit',
            headers: {Authorization: 'Bearer ' + token, 'Content-Type': 'application/json'},
            body: JSON.stringify({body: 'From a script'})});
        return [r.status, (await r.json()).error.code];
    }""", raw)
    assert refused == [403, "read_only_token"]

    alice.goto(f"{live_server.url}/me/tokens/")
    expect(alice.get_by_test_id("token-list")).to_contain_text("Laptop script")
    expect(alice.get_by_test_id("token-list")).to_contain_text("used just now")
    assert raw not in alice.content()
    alice.get_by_role("link", name="Revoke Laptop script").click()
    expect(alice.get_by_role("heading", name=re.compile("Revoke “Laptop script”"))).to_be_visible()
    shot(alice, "revoke-confirm")
    alice.get_by_role("button", name="Revoke token").click()
    expect(alice.get_by_text("is revoked")).to_be_visible()
    expect(alice.get_by_text("No tokens yet")).to_be_visible()
    status = alice.evaluate("""async (token) => (await fetch('/api/v1/me',
        {headers: {Authorization: 'Bearer ' + token}, credentials: 'omit'})).status""", raw)
    assert status == 401
    assert alice.js_errors == [] and alice.foreign_requests == []

    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, "alice@example.test", PASSWORD)
    phone.goto(f"{live_server.url}/me/tokens/")
    form = phone.get_by_role("form", name="Make a token")
    form.get_by_label("Name").fill("Phone shortcut with a rather long name")
    form.get_by_label("Read and write").check()
    form.get_by_role("button", name="Make token").click()
    expect(phone.get_by_test_id("new-token")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"
    shot(phone, "token-made-phone")


def test_interactive_docs_render_without_a_cdn(world, live_server, new_page, shot):
    page = new_page()
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("Townsquare API").first).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 25
    shot(page, "docs")
    assert page.foreign_requests == [] and page.js_errors == []
