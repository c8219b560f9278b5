"""Issue 17 "Everyday polish" of the mirror in a real browser, at desktop and phone width: the post page leads
its author to the post's analytics; network pictures label only their biggest nodes and give way to a list on a
phone; the E-I chart keeps every department's name on a phone and the page explains the organisation's E-I; the
index, iceberg and themes pages say what they count. Screenshots of each page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_analytics import assert_clean, demo  # noqa: F401 (the demo organisation fixture)

pytestmark = pytest.mark.browser

NETWORK_LABELS = """(key) => { const box = document.querySelector(`[data-network="${key}"]`);
  if (!box || !box.cy) return null;
  const nodes = box.cy.nodes();
  return {nodes: nodes.length, labelled: nodes.filter(n => n.data('label')).length}; }"""
EI_TICKS = """() => { const c = document.querySelector('canvas[data-chart="ei"]');
  return c && c.chart ? {labels: c.chart.data.labels.length, ticks: c.chart.scales.y.ticks.length} : null; }"""


def _no_sideways_scroll(pg, viewport):
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"{pg.url} scrolls sideways ({width} px)"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_author_goes_from_the_post_to_its_analytics(demo, live_server, new_page, shot, viewport):  # noqa: F811
    alex = new_page(viewport=viewport)
    sign_in(alex, live_server, demo["alex"].email, demo["password"])
    alex.goto(f"{live_server.url}{demo['post'].url}")
    link = alex.get_by_test_id("post-analytics-link")
    expect(link).to_be_visible()
    shot(alex, "post-page")
    link.get_by_role("link").click()
    expect(alex.get_by_role("heading", name="Post analytics")).to_be_visible()
    headline = int(alex.get_by_test_id("post-reactions").inner_text())
    kinds = alex.get_by_test_id("reaction-kinds")
    if headline:
        numbers = [int(part.strip().rsplit(" ", 1)[1]) for part in kinds.inner_text().split(":", 1)[1].split("·")]
        assert sum(numbers) == headline
    _no_sideways_scroll(alex, viewport)
    shot(alex, "post-analytics")
    assert_clean(alex)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_network_pictures_and_the_e_i_chart_are_readable(demo, live_server, new_page, shot, viewport):  # noqa: F811
    phone = viewport == PHONE
    alex = new_page(viewport=viewport)
    sign_in(alex, live_server, demo["alex"].email, demo["password"])
    alex.goto(f"{live_server.url}/analytics/")
    alex.wait_for_load_state("networkidle")
    if phone:
        expect(alex.get_by_test_id("ego-list")).to_be_visible()
        expect(alex.locator('[data-network="ego"]')).to_be_hidden()
    else:
        expect(alex.get_by_test_id("ego-list")).to_be_hidden()
        expect(alex.locator('[data-network="ego"][data-drawn="1"]')).to_be_visible()
        ego = alex.evaluate(NETWORK_LABELS, "ego")
        assert ego["nodes"] > 9 and ego["labelled"] <= 9, ego   # "You" and the 8 strongest ties
    _no_sideways_scroll(alex, viewport)
    shot(alex, "personal")
    assert_clean(alex)

    admin = new_page(viewport=viewport)
    sign_in(admin, live_server, demo["admin"].email, demo["password"])
    admin.goto(f"{live_server.url}/analytics/org/")
    admin.wait_for_load_state("networkidle")
    expect(admin.get_by_test_id("department-ties")).to_be_visible()
    if phone:
        expect(admin.locator('[data-network="departments"]')).to_be_hidden()
    else:
        expect(admin.locator('[data-network="departments"][data-drawn="1"]')).to_be_visible()
        depts = admin.evaluate(NETWORK_LABELS, "departments")
        assert depts["labelled"] <= 12, depts
    ticks = admin.evaluate(EI_TICKS)
    assert ticks and ticks["ticks"] == ticks["labels"], ticks     # no department name dropped
    expect(admin.get_by_test_id("ei-explained")).to_contain_text("ties between departments")
    _no_sideways_scroll(admin, viewport)
    shot(admin, "org")
    admin.get_by_test_id("ei-explained").scroll_into_view_if_needed()
    shot(admin, "org-ei", full_page=False)
    assert_clean(admin)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_index_iceberg_and_themes_say_what_they_count(demo, live_server, new_page, shot, viewport):  # noqa: F811
    admin = new_page(viewport=viewport)
    sign_in(admin, live_server, demo["admin"].email, demo["password"])
    admin.goto(f"{live_server.url}/analytics/org/index/")
    expect(admin.get_by_test_id("index-window")).to_contain_text("week in progress")
    _no_sideways_scroll(admin, viewport)
    shot(admin, "index")
    admin.get_by_test_id("dim-leadership").click()
    expect(admin.get_by_text("distinct people", exact=False)).to_be_visible()
    shot(admin, "dimension-leadership")
    admin.goto(f"{live_server.url}/analytics/org/iceberg/")
    widths = admin.evaluate("""() => [...document.querySelectorAll('.ice-level')].map(l => {
        const bar = l.querySelector('.ice-bar'), track = l.querySelector('.ice-track');
        return [parseFloat(l.querySelector('[data-testid=ice-share]').textContent), 100 * bar.offsetWidth / track.offsetWidth];
    })""")
    for share, width in widths:
        assert abs(share - width) <= 1.5, widths                  # each bar as wide as its share
    _no_sideways_scroll(admin, viewport)
    shot(admin, "iceberg")
    admin.goto(f"{live_server.url}/analytics/org/themes/")
    expect(admin.get_by_test_id("stale")).to_contain_text("every hour")
    _no_sideways_scroll(admin, viewport)
    shot(admin, "themes")
    assert_clean(admin)
