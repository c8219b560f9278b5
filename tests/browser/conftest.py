"""Browser tests: a real Chromium (Playwright, sync API) against pytest-django's `live_server`.

* `browser`      one Chromium for the whole session.
* `new_page`     factory: a fresh, isolated browser context (its own cookies) and a page in it;
                 use one per person when a test needs two people signed in at once.
* `page`         the first such page, desktop-sized.
* `shot`         shot(page, "step-name") saves test-artifacts/screenshots/<test-name>/<NN-step-name>.png.
* `sign_in`      sign_in(page, live_server, email, password) goes through the real login form.

Each page records JavaScript dialogs (alert/confirm/prompt) in `page.dialogs` (and dismisses
them, so nothing blocks), uncaught JavaScript errors in `page.js_errors`, responses with an
error status in `page.failed_responses` and requests to any other origin in `page.foreign_requests`.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told it is safe. Tests are single-threaded apart from the
# live server, which has its own thread, so it is.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("TOWNSQUARE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(viewport=None, **context_options):
        context = browser.new_context(viewport=viewport or DESKTOP, base_url=live_server.url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        pg = context.new_page()
        pg.dialogs = []
        pg.js_errors = []
        pg.failed_responses = []
        pg.foreign_requests = []

        def on_dialog(dialog):
            pg.dialogs.append((dialog.type, dialog.message))
            dialog.dismiss()

        pg.on("dialog", on_dialog)
        pg.on("pageerror", lambda exc: pg.js_errors.append(str(exc)))
        pg.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico")
              and pg.failed_responses.append(f"{r.status} {r.url}"))
        pg.on("request", lambda r: not r.url.startswith((live_server.url, "data:", "about:", "blob:"))
              and pg.foreign_requests.append(r.url))
        return pg

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:120] or "test"


@pytest.fixture
def shot(request):
    """shot(page, step) → the saved path. Steps are numbered in the order they are taken."""
    folder = SCREENSHOTS / _safe(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)  # a re-run replaces, never mixes, a test's screenshots
    folder.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def take(pg, step: str, *, full_page: bool = True) -> Path:
        counter["n"] += 1
        path = folder / f"{counter['n']:02d}-{_safe(step)}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def sign_in(page, live_server, email: str, password: str) -> None:
    """Sign in through the real login form and wait for the signed-in top bar."""
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header.topbar")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/login/"))
    # The page's deferred scripts (htmx, the app's) run after the top bar is parsed: wait for them, so a
    # test's next step never races them.
    page.wait_for_load_state("load")


@pytest.fixture(name="sign_in")
def sign_in_fixture():
    return sign_in
