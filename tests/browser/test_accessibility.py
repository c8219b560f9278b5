"""Accessibility in a real browser: axe-core (npm, pinned in package.json) on the main pages of a generated
demo organisation, signed in, at desktop and phone size. No serious or critical violation is allowed.

axe is put into each page through Playwright's evaluate in a context that bypasses the
Content-Security-Policy (only this test's context: the policy itself is checked by test_csp.py). The pages
are the sixteen a person uses most; the demo organisation gives them real content (feeds with links in text,
charts, avatars, reactions), so what axe sees is what people see.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, PHONE, REPO_ROOT, sign_in
from tests.browser.test_csp import demo  # noqa: F401 - the same generated organisation

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def main_pages(d) -> list[str]:
    return [
        "/", "/company/", "/compose/", f"/posts/{d['post'].pk}/", f"/groups/{d['group'].slug}/", "/groups/",
        f"/people/{d['alex'].handle}/", "/people/", "/search/?q=data", "/notifications/", "/coach/",
        "/coach/week/", "/community/", "/ideas/", "/events/", "/analytics/",
    ]


def axe_violations(pg) -> list[dict]:
    """axe's serious and critical violations on the page as it stands: rule, impact, how many nodes, where."""
    pg.evaluate(Path(AXE).read_text())
    result = pg.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                                       where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [v for v in result if v["impact"] in BLOCKING]


def test_main_pages_have_no_serious_accessibility_violations(demo, live_server, new_page):  # noqa: F811
    assert AXE.exists(), "axe-core is missing: run `make assets` (npm ci)"
    found = {}
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        pg = new_page(viewport=viewport, bypass_csp=True)
        sign_in(pg, live_server, demo["alex"].email, demo["password"])
        for path in main_pages(demo):
            response = pg.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            pg.wait_for_load_state("networkidle")
            if violations := axe_violations(pg):
                found[f"{size} {path}"] = violations
    report = "\n".join(f"{where}: {v['impact']} {v['id']} ×{v['count']} ({v['help']}) at {v['where']}"
                       for where, vs in found.items() for v in vs)
    assert not found, f"axe found serious or critical violations:\n{report}"


def test_axe_would_see_a_violation(live_server, new_page):
    """The check can fail: an image button with no name, put into a page, is reported as critical."""
    pg = new_page(bypass_csp=True)
    pg.goto(f"{live_server.url}/login/")
    pg.evaluate("""() => { const b = document.createElement('button'); b.innerHTML = '<img src="/static/x.png">';
                         document.querySelector('main').append(b); }""")
    assert any(v["id"] == "button-name" for v in axe_violations(pg))
