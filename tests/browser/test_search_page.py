"""The search page in a real browser: a misspelt word shows what the right one finds, with a way back; matched
words are marked in the results, and a hostile post's text stays text (no script, no markup); desktop and phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_csp import violations, watch
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

HOSTILE = 'Runbook <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script></mark><b>bold</b>'


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_typos_and_marks(world, live_server, new_page, shot, viewport):
    from townsquare.conversations import services

    services.post_create(author=world.gina, body="The release runbook is ready")
    services.post_create(author=world.gina, body=HOSTILE)
    page = watch(new_page(viewport=viewport))
    sign_in(page, live_server, "otto@example.test", PASSWORD)
    page.goto(f"{live_server.url}/search/")
    page.get_by_role("searchbox", name="Words").fill("runbok")
    page.get_by_role("button", name="Search").click()
    notice = page.get_by_test_id("search-corrected")
    expect(notice).to_contain_text("Showing results for runbook — search instead for “runbok”")
    results = page.get_by_test_id("search-results")
    marks = results.locator("mark")
    expect(marks).to_have_count(2)
    expect(marks.first).to_have_text("Runbook")
    expect(results).to_contain_text('<img src=x onerror="window.__pwned=1"><script>')
    expect(results.locator("img, script, b")).to_have_count(0)
    assert page.evaluate("window.__pwned === undefined")
    shot(page, "corrected-and-marked")
    notice.get_by_role("link", name="search instead for “runbok”").click()
    expect(results).to_contain_text("No results for “runbok”")
    expect(notice).to_have_count(0)
    assert page.dialogs == [] and page.js_errors == [] and violations(page) == []


def test_on_a_phone_results_show_in_the_first_screen(world, live_server, new_page, shot):
    from townsquare.conversations import services

    for i in range(4):
        services.post_create(author=world.gina, body=f"Runbook number {i} for the release")
    page = watch(new_page(viewport=PHONE))
    sign_in(page, live_server, "otto@example.test", PASSWORD)
    page.goto(f"{live_server.url}/search/?q=runbook")
    filters = page.get_by_test_id("search-filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.get_by_role("combobox", name="Author")).to_be_hidden()
    first = page.get_by_test_id("search-results").locator(".card").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"] - 60, box  # above the tab bar
    shot(page, "phone-filters-closed", full_page=False)
    # A filter set: the disclosure opens by itself and says how many are set.
    page.goto(f"{live_server.url}/search/?q=runbook&author=gina")
    expect(filters).to_have_attribute("open", "")
    expect(filters.locator("summary")).to_have_text("Filters 1 set")
    expect(page.get_by_role("combobox", name="Author")).to_have_value("gina")
    shot(page, "phone-filter-set", full_page=False)
    # By keyboard: the summary opens and closes it.
    filters.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(filters).not_to_have_attribute("open", "")
    assert page.js_errors == [] and violations(page) == []
