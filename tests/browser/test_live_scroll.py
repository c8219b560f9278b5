"""After "N new posts — show" (the live feed banner), the first new post sits just below the sticky top bar,
never underneath it, at desktop and phone size (issue 17). Against `townsquare demo`, as tests/browser/test_live.py."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_live import (
    TOWNSQUARE,
    base_env,
    free_port,
    live_ready,
    open_page,
    post_from_composer,
    running,
    setup_people,
    sign_in,
)

pytestmark = pytest.mark.browser


def _boxes(page) -> dict:
    return page.evaluate("""() => {
        const bar = document.querySelector('header.topbar').getBoundingClientRect();
        const first = document.querySelector('#feed article.post').getBoundingClientRect();
        return {bar_bottom: bar.bottom, first_top: first.top, first_bottom: first.bottom, scrolled: window.scrollY,
                inner: window.innerHeight};
    }""")


def test_the_first_new_post_shows_below_the_top_bar(browser, tmp_path, shot):
    env = base_env(tmp_path)
    setup_people(env)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([TOWNSQUARE, "demo", "--port", str(port), "--no-worker"], env, [url], tmp_path / "demo.log"):
        ben = open_page(browser, url)
        sign_in(ben, "ben")
        for i in range(12):  # enough posts that the feed scrolls a full screen
            post_from_composer(ben, f"Earlier update number {i}: " + "notes from the week " * 8)
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            ada = open_page(browser, url, viewport=viewport)
            sign_in(ada, "ada")
            ada.goto("/company/")
            live_ready(ada)
            text = f"Fresh news for the {name} check"
            post_from_composer(ben, text)
            banner = ada.get_by_test_id("live-new-posts")
            expect(banner).to_have_text("1 new post — show")
            banner.click()
            first = ada.locator("#feed article.post").first
            expect(first).to_contain_text(text)
            expect(ada.locator("#live-banner")).to_be_hidden()
            box = _boxes(ada)
            assert box["first_top"] >= box["bar_bottom"], box  # not under the sticky top bar
            assert box["first_top"] - box["bar_bottom"] < 40, box  # and right below it, where the eye is
            expect(ada.locator("#feed")).to_be_focused()
            shot(ada, f"{name}-after-show-new-posts", full_page=False)
            assert ada.js_errors == []
            ada.context.close()
