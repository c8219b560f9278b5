"""Analytics dashboards in a real browser, on a generated demo organisation: every dashboard opens and
its charts and network pictures are drawn (canvas present and painted), at desktop and phone width."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

DRAWN = """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => {
  const ctx = c.getContext('2d'); const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let painted = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) painted++; }
  return [c.dataset.chart, c.dataset.drawn === '1', painted];
})"""


def assert_charts_drawn(page, minimum=1):
    page.wait_for_load_state("networkidle")
    charts = page.evaluate(DRAWN)
    assert len(charts) >= minimum, charts
    for name, drawn, painted in charts:
        assert drawn and painted > 50, f"chart {name} is not drawn ({painted} painted pixels)"


def assert_clean(page):
    assert not page.js_errors, page.js_errors
    assert not page.failed_responses, page.failed_responses
    assert not page.foreign_requests, page.foreign_requests


@pytest.fixture
def demo(transactional_db):
    from townsquare.analytics import graph, reports
    from townsquare.analytics.models import AnalyticsPreference, PersonMetric
    from townsquare.conversations.models import Membership, Post
    from townsquare.demo.generator import ADMIN_EMAIL, ALEX_EMAIL, DEMO_PASSWORD, generate
    from townsquare.people.models import Person

    generate(people=60, seed=3, weeks=4, progress=False)
    graph.rebuild()
    reports.refresh_all()
    alex = Person.objects.get(email=ALEX_EMAIL)
    top = PersonMetric.objects.order_by("-influence_percentile", "person_id").first()
    AnalyticsPreference.objects.update_or_create(person_id=top.person_id, defaults={"named_as_leader": True})
    reports.refresh_all(themes=False)
    admin = Person.objects.get(email=ADMIN_EMAIL)
    group = Membership.objects.filter(person=admin, role=Membership.Role.ADMIN).select_related("group").first().group
    post = Post.objects.filter(author=alex).order_by("-view_count").first()
    return {"password": DEMO_PASSWORD, "alex": alex, "admin": admin, "group": group, "post": post}


def test_every_dashboard_draws_its_charts(demo, live_server, new_page, shot):
    alex = new_page()
    sign_in(alex, live_server, demo["alex"].email, demo["password"])
    alex.goto(f"{live_server.url}/analytics/")
    expect(alex.get_by_test_id("persona")).to_be_visible()
    expect(alex.get_by_test_id("privacy-note")).to_contain_text("Only you")
    assert_charts_drawn(alex)
    expect(alex.locator('[data-network="ego"][data-drawn="1"] canvas').first).to_be_attached()
    shot(alex, "analytics-personal")
    alex.goto(f"{live_server.url}/analytics/posts/{demo['post'].pk}/")
    assert_charts_drawn(alex, 2)
    shot(alex, "analytics-post")
    # Opting in to be named as an emergent leader
    alex.goto(f"{live_server.url}/analytics/")
    alex.get_by_test_id("named-as-leader").check()
    alex.get_by_role("button", name="Save").click()
    expect(alex.get_by_text("Saved.")).to_be_visible()
    assert_clean(alex)

    admin = new_page()
    sign_in(admin, live_server, demo["admin"].email, demo["password"])
    admin.goto(f"{live_server.url}/analytics/groups/{demo['group'].slug}/")
    assert_charts_drawn(admin, 2)
    shot(admin, "analytics-group")
    admin.goto(f"{live_server.url}/analytics/org/")
    assert_charts_drawn(admin, 4)
    expect(admin.get_by_test_id("heatmap")).to_be_visible()
    expect(admin.locator('[data-network="departments"][data-drawn="1"]')).to_be_attached()
    expect(admin.get_by_test_id("emergent-named")).to_be_visible()
    shot(admin, "analytics-org")
    admin.goto(f"{live_server.url}/analytics/org/index/")
    assert_charts_drawn(admin)
    shot(admin, "analytics-index")
    admin.get_by_test_id("dim-purpose").click()
    expect(admin.get_by_role("heading", name="How this number is computed")).to_be_visible()
    assert_charts_drawn(admin)
    shot(admin, "analytics-dimension")
    admin.goto(f"{live_server.url}/analytics/org/iceberg/")
    expect(admin.get_by_test_id("iceberg")).to_be_visible()
    assert_charts_drawn(admin)
    shot(admin, "analytics-iceberg")
    admin.goto(f"{live_server.url}/analytics/org/themes/")
    expect(admin.get_by_test_id("theme").first).to_be_visible()
    assert_charts_drawn(admin)
    shot(admin, "analytics-themes")
    assert_clean(admin)


def test_dashboards_on_a_phone(demo, live_server, new_page, shot):
    phone = new_page(viewport=PHONE)
    sign_in(phone, live_server, demo["admin"].email, demo["password"])
    for path, name in (("/analytics/", "personal"), ("/analytics/org/", "org"), ("/analytics/org/iceberg/", "iceberg")):
        phone.goto(f"{live_server.url}{path}")
        assert_charts_drawn(phone)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"{path} scrolls sideways ({width} px)"
        shot(phone, f"analytics-phone-{name}")
    assert_clean(phone)
