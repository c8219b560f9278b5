"""The installable app in a real Chromium: the service worker takes control, the manifest is parsed,
Chromium reports no installability errors, the app reports itself installed when it runs standalone,
and with no network a navigation shows the offline page. Phone-sized throughout."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.conftest import PASSWORD, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def installable_page(browser, live_server, tmp_path):
    """A phone-sized page in a persistent (non-incognito) profile: Chromium never offers to install an app
    from an incognito context, and every `browser.new_context()` is one ("in-incognito")."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS

    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE,
        is_mobile=True, has_touch=True, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.pages[0] if context.pages else context.new_page()
    page.dialogs, page.js_errors, page.failed_responses, page.foreign_requests = [], [], [], []
    page.on("dialog", lambda d: (page.dialogs.append((d.type, d.message)), d.dismiss()))
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.on("response", lambda r: r.status >= 400 and page.failed_responses.append(f"{r.status} {r.url}"))
    page.on("request", lambda r: not r.url.startswith((live_server.url, "data:", "about:", "blob:"))
            and page.foreign_requests.append(r.url))
    yield page
    context.close()


def test_app_installs_and_works_offline(world, live_server, installable_page, shot):
    from townsquare.coach.models import CoachPreference

    page = installable_page
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    shot(page, "phone-home")

    # The service worker registers for the whole site and becomes active.
    state = page.evaluate("""async () => {
        const reg = await navigator.serviceWorker.ready;
        return {scope: reg.scope, state: reg.active && reg.active.state, script: reg.active && reg.active.scriptURL};
    }""")
    assert state["scope"] == f"{live_server.url}/" and state["script"] == f"{live_server.url}/sw.js"
    assert state["state"] in ("activating", "activated")
    page.reload()  # clients.claim() or a reload: either way the page is now controlled
    assert page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL") \
        == f"{live_server.url}/sw.js"

    # The manifest is linked and Chromium parses it without errors; Chromium would offer to install.
    assert page.locator('link[rel="manifest"]').get_attribute("href") == "/manifest.webmanifest"
    cdp = page.context.new_cdp_session(page)
    app_manifest = cdp.send("Page.getAppManifest")
    assert app_manifest["url"] == f"{live_server.url}/manifest.webmanifest"
    assert [e for e in app_manifest["errors"] if e.get("critical")] == [], app_manifest["errors"]
    parsed = app_manifest.get("manifest") or {}
    if parsed:  # newer Chromium also returns the parsed manifest
        assert parsed.get("name") == "Townsquare" and "standalone" in str(parsed.get("display")).lower()
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors

    # Run as the installed app (display-mode: standalone): the page tells the server once.
    assert CoachPreference.objects.filter(person=world.alice, app_installed_at__isnull=False).count() == 0
    # Chromium 156 ignores display-mode in Emulation.setEmulatedMedia, so answer the media query the way an
    # installed app's window does, before any page script runs.
    page.context.add_init_script("""(() => {
        const real = window.matchMedia.bind(window);
        window.matchMedia = (q) => /display-mode:\\s*standalone/.test(q)
            ? {matches: true, media: q, onchange: null, addEventListener() {}, removeEventListener() {},
               addListener() {}, removeListener() {}, dispatchEvent() { return false; }}
            : real(q);
    })();""")
    page.goto(f"{live_server.url}/coach/")
    assert page.evaluate("matchMedia('(display-mode: standalone)').matches")
    assert wait_until(lambda: CoachPreference.objects.filter(
        person=world.alice, app_installed_at__isnull=False).exists()), "the app did not record its install"
    page.reload()
    expect(page.get_by_test_id("check-app")).to_contain_text("(done)")
    page.get_by_test_id("check-app").scroll_into_view_if_needed()
    shot(page, "coach-app-installed")
    assert page.evaluate("localStorage.length") >= 1  # recorded: the next pages do not post again

    # No network: a navigation shows the cached offline page instead of the browser's error.
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/company/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_test_id("offline")).to_be_visible()
    assert page.url == f"{live_server.url}/company/"  # the address stays, so Try again retries it
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(245, 246, 248)"  # CSS cached
    shot(page, "offline")

    # Back online, Try again reloads the page the person wanted.
    page.context.set_offline(False)
    page.get_by_role("button", name="Try again").tap()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/company/")
    shot(page, "back-online")
    assert page.js_errors == [] and page.dialogs == [] and page.foreign_requests == []
    assert page.failed_responses == [], page.failed_responses


def test_phone_tab_bar_is_reachable_and_fits(world, live_server, new_page, shot):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "alice@example.test", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Home", "Company", "Questions", "Groups", "People", "Community", "Coach"):
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, (name, box)
        assert box["y"] + box["height"] <= PHONE["height"] + 0.5 and box["height"] >= 40, (name, box)
    expect(page.get_by_test_id("notifications-link")).to_be_visible()
    expect(nav.get_by_role("link", name="Notebook", exact=True)).to_be_hidden()  # in the account menu on a phone
    nav.get_by_role("link", name="Coach", exact=True).tap()
    expect(page).to_have_url(f"{live_server.url}/coach/")
    expect(nav.get_by_role("link", name="Coach", exact=True)).to_have_attribute("aria-current", "page")
    shot(page, "coach-with-tab-bar", full_page=False)

    # Keyboard: the tab links are in the tab order after search, then the bell.
    page.locator("#site-search").focus()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Home", exact=True)).to_be_focused()
    for _ in range(7):
        page.keyboard.press("Tab")
    expect(page.get_by_test_id("notifications-link")).to_be_focused()
    assert page.js_errors == []
