"""The SCIM token page in a real browser: olga (org admin) copies the tenant URL, makes a token (shown once),
an identity provider uses it from a script, and olga revokes it after confirming; on a phone too."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_make_use_and_revoke_a_scim_token(world, live_server, new_page, shot):
    olga = new_page()
    sign_in(olga, live_server, "olga@example.test", PASSWORD)
    olga.goto(f"{live_server.url}/admin/scim/")
    expect(olga.get_by_role("heading", name="SCIM provisioning")).to_be_visible()
    expect(olga.get_by_label("Tenant URL (SCIM 2.0 base URL)")).to_have_value(f"{live_server.url}/scim/v2/")
    expect(olga.get_by_text("No tokens yet")).to_be_visible()
    shot(olga, "scim-empty")

    form = olga.get_by_role("form", name="Make a SCIM token")
    form.get_by_role("button", name="Make token").click()
    expect(olga.get_by_role("alert")).to_contain_text("Give the token a name")
    form = olga.get_by_role("form", name="Make a SCIM token")
    form.get_by_label("Name").fill("Entra ID")
    form.get_by_role("button", name="Make token").click()
    expect(olga.get_by_test_id("new-token")).to_contain_text("only time we show it")
    raw = olga.get_by_test_id("token-value").input_value()
    assert re.fullmatch(r"scim_[0-9a-f]{8}_[-\w]{43}", raw)
    shot(olga, "scim-token-made")

    result = olga.evaluate("""async (token) => {
        const r = await fetch('/scim/v2/Users?filter=' + encodeURIComponent('userName eq "alice@example.test"'),
                              {headers: {Authorization: 'Bearer ' + token}, credentials: 'omit'});
        return [r.status, r.headers.get('Content-Type'), (await r.json()).totalResults];
    }""", raw)
    assert result == [200, "application/scim+json", 1]
    with_cookie = olga.evaluate("async () => (await fetch('/scim/v2/Users')).status")
    assert with_cookie == 401  # her own session is not a SCIM credential

    olga.goto(f"{live_server.url}/admin/scim/")
    expect(olga.get_by_test_id("token-list")).to_contain_text("Entra ID")
    expect(olga.get_by_test_id("token-list")).to_contain_text("used just now")
    assert raw not in olga.content()
    olga.get_by_role("link", name="Revoke Entra ID").click()
    expect(olga.get_by_role("heading", name=re.compile("Revoke “Entra ID”"))).to_be_visible()
    shot(olga, "scim-revoke")
    olga.get_by_role("button", name="Revoke token").click()
    expect(olga.get_by_text("is revoked")).to_be_visible()
    expect(olga.get_by_test_id("token-list")).to_contain_text("Revoked")
    shot(olga, "scim-revoked")
    status = olga.evaluate("""async (token) => (await fetch('/scim/v2/Users',
        {headers: {Authorization: 'Bearer ' + token}, credentials: 'omit'})).status""", raw)
    assert status == 401
    assert olga.js_errors == []

    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, "olga@example.test", PASSWORD)
    phone.goto(f"{live_server.url}/admin/scim/")
    expect(phone.get_by_role("heading", name="SCIM provisioning")).to_be_visible()
    shot(phone, "scim-phone")
