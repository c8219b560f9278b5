"""The Content-Security-Policy in a real browser: every main page is served with the policy, and nothing on
it breaks the policy (no inline script or handler, no style="" attribute, no <style> element, no eval).

Chromium reports what the policy blocks in two ways, and both are watched: a `securitypolicyviolation`
event in the page (recorded by an init script that runs before any of the page's own) and a console
message ("Refused to apply inline style …"). The pages are those of a generated demo organisation, opened
by a member and by an organisation admin; the analytics pages must still draw their charts and networks,
and the delete and deactivate buttons must still ask before they act (their confirm() now comes from
static/js/townsquare.js, not from an inline onsubmit).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, TIMEOUT_MS, sign_in
from tests.browser.test_analytics import assert_charts_drawn

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push([e.violatedDirective, e.blockedURI, e.sourceFile + ":" + e.lineNumber,
                               (e.sample || "").slice(0, 80)].join(" | "));
}, true);
"""
CSP_CONSOLE = re.compile(r"Content Security Policy|Refused to", re.I)


def watch(pg):
    """Record what the policy blocks, on this page and every page it goes to."""
    pg.csp_console = []
    pg.add_init_script(RECORD_VIOLATIONS)
    pg.on("console", lambda m: CSP_CONSOLE.search(m.text) and pg.csp_console.append(f"{pg.url}: {m.text}"))
    return pg


def violations(pg) -> list[str]:
    return pg.evaluate("window.__cspViolations || ['the recorder did not run']") + pg.csp_console


def visit(pg, live_server, path: str) -> None:
    """Open a page, let htmx and the charts finish, and check its header and that nothing was blocked."""
    response = pg.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, (path, response and response.status)
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, f"{path}: policy is {policy!r}"
    pg.wait_for_load_state("networkidle")
    found = violations(pg)
    assert found == [], f"{path}: the Content-Security-Policy blocked {found}"
    assert pg.js_errors == [], f"{path}: JavaScript errors {pg.js_errors}"


@pytest.fixture
def demo(transactional_db):
    from townsquare.analytics import graph, reports
    from townsquare.circles.models import Circle
    from townsquare.conversations.models import Group, Membership, Post
    from townsquare.demo.generator import ADMIN_EMAIL, ALEX_EMAIL, DEMO_PASSWORD, generate
    from townsquare.events.models import Event
    from townsquare.notebook.services import note_create
    from townsquare.people.models import Person
    from townsquare.practices.models import Poll, Question

    generate(people=60, seed=3, weeks=4, progress=False)
    graph.rebuild()
    reports.refresh_all()
    alex = Person.objects.get(email=ALEX_EMAIL)
    admin = Person.objects.get(email=ADMIN_EMAIL)
    note = note_create(person=alex, title="What I read today", body="A note on **working out loud**.")
    return {
        "password": DEMO_PASSWORD, "alex": alex, "admin": admin, "note": note,
        "post": Post.objects.filter(author=alex).order_by("-reply_count", "-pk").first(),
        "group": Membership.objects.filter(person=alex, group__visibility=Group.Visibility.PUBLIC).first().group,
        "admin_group": Membership.objects.filter(person=admin, role=Membership.Role.ADMIN).first().group,
        "event": Event.objects.order_by("pk").first(),
        "circle": Circle.objects.filter(members__person=alex).order_by("pk").first(),
        "question": Question.objects.order_by("pk").first(),
        "poll": Poll.objects.order_by("pk").first(),
    }


def member_pages(d) -> list[str]:
    alex = d["alex"]
    pages = [
        "/", "/company/", "/compose/", f"/posts/{d['post'].pk}/", f"/posts/{d['post'].pk}/history/",
        f"/groups/{d['group'].slug}/", f"/groups/{d['group'].slug}/members/", "/groups/", "/groups/new/",
        f"/people/{alex.handle}/", f"/people/{alex.handle}/org/", "/people/", "/me/edit/",
        "/search/?q=data", "/search/?q=%23planning", "/notifications/", "/bookmarks/", "/questions/",
        "/notebook/", f"/notebook/{d['note'].pk}/", "/notebook/new/",
        "/coach/", "/coach/week/", "/coach/rhythm/", "/coach/settings/", "/purpose/", "/purpose/manifesto/",
        "/community/", "/ask/", "/ask/new/", "/polls/new/", "/ideas/", "/recognition/",
        "/events/", "/events/new/", "/events/calendar/", "/causes/", "/coffee/", "/mentoring/",
        "/circles/", "/circles/find/", "/circles/new/", "/circles/guide/", "/circles/guide/week-1/",
        "/analytics/", f"/analytics/posts/{d['post'].pk}/",
        "/notifications/settings/", "/me/tokens/", "/password/change/",
    ]
    for key, path in (("event", "/events/{}/"), ("circle", "/circles/{}/"), ("question", "/ask/{}/"),
                      ("poll", "/polls/{}/")):
        if d[key] is not None:
            pages.append(path.format(d[key].pk))
    return pages


ADMIN_PAGES = [
    "/analytics/org/", "/analytics/org/index/", "/analytics/org/index/purpose/", "/analytics/org/iceberg/",
    "/analytics/org/themes/", "/analytics/org/analysts/", "/invitations/", "/webhooks/", "/webhooks/new/",
    "/recognition/values/", "/leaders/manage/",
]
# Pages whose look came from style="" attributes before the policy, kept as screenshots to compare.
SHOTS = ("/coach/", "/coach/week/", "/purpose/", "/notifications/", "/circles/", "/polls/", "/posts/",
         "/analytics/org/iceberg/", "/groups/")
CHART_PAGES = {"/analytics/", "/analytics/org/", "/analytics/org/index/", "/analytics/org/iceberg/",
               "/analytics/org/themes/"}


def test_every_page_keeps_to_the_policy(demo, live_server, new_page, shot):
    alex = watch(new_page())
    sign_in(alex, live_server, demo["alex"].email, demo["password"])
    for path in member_pages(demo):
        visit(alex, live_server, path)
        if path.startswith(SHOTS) and not path.endswith(("/new/", "/history/")):
            shot(alex, path)
        if path in CHART_PAGES:
            assert_charts_drawn(alex)
        if path == "/analytics/":
            expect(alex.locator('[data-network="ego"][data-drawn="1"] canvas').first).to_be_attached()
            shot(alex, "analytics-personal")
    # What htmx swaps in keeps to it too: a reaction on the post, then the composer's kinds.
    visit(alex, live_server, f"/posts/{demo['post'].pk}/")
    like = alex.locator("main").get_by_test_id("react-like").first
    pressed = like.get_attribute("aria-pressed")
    like.click()
    expect(alex.locator("main").get_by_test_id("react-like").first).not_to_have_attribute("aria-pressed", pressed)
    alex.wait_for_load_state("networkidle")
    alex.goto(f"{live_server.url}/compose/")
    alex.get_by_role("radio", name="Article").check()
    expect(alex.get_by_label("Title (articles and events)")).to_be_visible()
    assert violations(alex) == []
    shot(alex, "composer")

    admin = watch(new_page())
    sign_in(admin, live_server, demo["admin"].email, demo["password"])
    for path in [*ADMIN_PAGES, f"/analytics/groups/{demo['admin_group'].slug}/", f"/people/{demo['alex'].handle}/"]:
        visit(admin, live_server, path)
        if path.startswith(SHOTS):
            shot(admin, path)
        if path in CHART_PAGES or path.startswith("/analytics/groups/"):
            assert_charts_drawn(admin)
        if path == "/analytics/org/":
            expect(admin.locator('[data-network="departments"][data-drawn="1"] canvas').first).to_be_attached()
            shot(admin, "analytics-org")
    assert admin.failed_responses == [] and alex.failed_responses == []
    assert admin.foreign_requests == [] and alex.foreign_requests == []


def test_pages_without_signing_in_and_the_api_docs(demo, live_server, new_page):
    pg = watch(new_page())
    for path in ("/login/", "/password/reset/", "/offline/"):
        visit(pg, live_server, path)
    sign_in(pg, live_server, demo["alex"].email, demo["password"])
    visit(pg, live_server, "/api/v1/docs")
    expect(pg.locator("#swagger-ui .opblock").first).to_be_visible()
    assert violations(pg) == []


def test_a_broken_policy_would_be_seen(demo, live_server, new_page):
    """The watchers catch what the policy blocks: markup that breaks it, put into a page, is reported."""
    pg = watch(new_page())
    visit(pg, live_server, "/login/")
    pg.evaluate("""() => { const d = document.createElement('div');
        d.innerHTML = '<p style="color:red">x</p><img src="x" onerror="window.__ran = 1">';
        document.body.append(d); }""")
    expect(pg.locator("p", has_text="x")).to_be_attached()
    pg.wait_for_function("window.__cspViolations.length >= 1")
    assert pg.evaluate("window.__ran") is None
    found = " ".join(violations(pg))
    assert "style-src" in found or "script-src" in found, found


def own_page(browser, live_server):
    """A page whose confirm() dialogs this test answers itself (the shared fixture always dismisses)."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    pg = watch(context.new_page())
    pg.js_errors = []
    pg.on("pageerror", lambda exc: pg.js_errors.append(str(exc)))
    return context, pg


def test_delete_and_deactivate_still_ask_first(demo, live_server, browser):
    from townsquare.conversations.models import Post
    from townsquare.notebook.models import Note

    context, pg = own_page(browser, live_server)
    answers, asked = [], []

    def answer(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.accept() if answers.pop(0) else dialog.dismiss()

    pg.on("dialog", answer)
    try:
        sign_in(pg, live_server, demo["alex"].email, demo["password"])
        note, post = demo["note"], demo["post"]
        for path, message, still_there in (
            (f"/notebook/{note.pk}/", "Delete this note? This cannot be undone.",
             lambda: Note.objects.filter(pk=note.pk).exists()),
            (f"/posts/{post.pk}/", "Delete this post and its replies? This cannot be undone.",
             lambda: Post.objects.filter(pk=post.pk).exists()),
        ):
            visit(pg, live_server, path)
            answers[:] = [False]
            pg.get_by_role("button", name="Delete", exact=True).click()
            expect(pg.get_by_role("button", name="Delete", exact=True)).to_be_visible()
            assert asked.pop() == ("confirm", message)
            assert still_there(), f"{path}: dismissing the confirm must keep it"
            answers[:] = [True]
            pg.get_by_role("button", name="Delete", exact=True).click()
            expect(pg).not_to_have_url(re.compile(re.escape(path) + "$"))
            assert asked.pop() == ("confirm", message)
            assert not still_there(), f"{path}: accepting the confirm must delete"
            assert violations(pg) == []

        pg.context.clear_cookies()
        sign_in(pg, live_server, demo["admin"].email, demo["password"])
        alex = demo["alex"]
        visit(pg, live_server, f"/people/{alex.handle}/")
        answers[:] = [False]
        pg.get_by_role("button", name="Deactivate").click()
        expect(pg.get_by_role("button", name="Deactivate")).to_be_visible()
        assert asked.pop() == ("confirm", f"Deactivate {alex.name}? They will no longer be able to sign in. "
                                          "Their posts stay.")
        alex.refresh_from_db()
        assert alex.is_active
        answers[:] = [True]
        pg.get_by_role("button", name="Deactivate").click()
        expect(pg.get_by_role("button", name="Reactivate")).to_be_visible()
        assert asked.pop()[1].startswith(f"Deactivate {alex.name}?")
        alex.refresh_from_db()
        assert not alex.is_active
        # Reactivating asks nothing.
        pg.get_by_role("button", name="Reactivate").click()
        expect(pg.get_by_role("button", name="Deactivate")).to_be_visible()
        assert asked == [] and violations(pg) == [] and pg.js_errors == []
    finally:
        context.close()
