"""Stored and reflected XSS, checked in a real browser: nothing a person types may run as script.

Each vector, if it ran, would call alert()/confirm() (recorded by the page's dialog handler) or set
window.__xss. The content is created through the services and the ORM, then the pages that show it
are opened in Chromium. On every page we check that no dialog fired, window.__xss is unset, no
uncaught error happened, the DOM holds no injected script, handler, frame or script URL, and the
text is still shown, as text, where a reader expects it.
"""


import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# (id, vector). Every vector fits the 120-character name fields.
VECTORS = [
    ("script-tag", "<script>window.__xss=1</script>"),
    ("script-alert", "<script>alert('xss')</script>"),
    ("script-src", "<SCRIPT SRC=//example.invalid/x.js></SCRIPT>"),
    ("img-onerror", '<img src=x onerror="window.__xss=1">'),
    ("img-onerror-alert", "<img src=x onerror=alert(1)>"),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("svg-script", "<svg><script>window.__xss=1</script></svg>"),
    ("iframe-js", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>'),
    ("style-expression", '<div style="width: expression(alert(1))">styled</div>'),
    ("style-tag", "<style>*{background:url('javascript:alert(1)')}</style>"),
    ("style-import", "<style>@import 'javascript:alert(1)';</style>"),
    ("md-js-link", "[click me](javascript:alert(1))"),
    ("md-js-mixed-case", "[click me](JaVaScRiPt:window.__xss=1)"),
    ("md-data-link", "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("md-entity-link", "[entity](javascript&#58;alert(1))"),
    ("md-vbscript", "[vb](vbscript:msgbox(1))"),
    ("md-zero-width", "[zw](java\u200bscript:alert(1))"),
    ("md-image-js", "![pic](javascript:alert(1))"),
    ("md-image-onerror", '![pic](https://example.invalid/x.png" onerror="alert(1))'),
    ("md-title-handler", '[t](https://example.test "a\\" onmouseover=\\"window.__xss=1")'),
    ("md-title-quote", "[t](https://example.test 'x\" onfocus=\"alert(1)\" autofocus=\"')"),
    ("autolink-js", "<javascript:alert(1)>"),
    ("autolink-quote", '<https://example.test/" onmouseover="window.__xss=1>'),
    ("bare-url-breakout", 'https://example.test/?q="><script>alert(1)</script>'),
    ("a-tab-js", '<a href="jav&#x09;ascript:alert(1)">tab</a>'),
    ("a-newline-js", '<a href="jav&#x0A;ascript:alert(1)">nl</a>'),
    ("a-entity-js", '<a href="&#106;avascript:alert(1)">ent</a>'),
    ("a-data-html", '<a href="data:text/html,<script>alert(1)</script>">d</a>'),
    ("attr-breakout", '"><script>window.__xss=1</script>'),
    ("attr-breakout-single", "'><img src=x onerror=alert(1)>"),
    ("textarea-breakout", "</textarea><script>alert(1)</script>"),
    ("title-breakout", "</title><script>alert(1)</script>"),
    ("entities-named", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("entities-numeric", "&#60;img src=x onerror=alert(1)&#62;"),
    ("broken-nested", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("broken-unclosed", "<img src=x onerror=alert(1)//"),
    ("broken-double", "<<script>script>alert(1)//<</script>/script>"),
    ("template-var", "{{ request.user.password }} {{ 7|add:7 }}"),
    ("template-tag", "{% debug %}{% csrf_token %}{% load static %}"),
    ("fullwidth", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e"),
    ("rtl-override", "\u202e<script>alert(1)</script>"),
    ("mxss-math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("mxss-noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("details-ontoggle", "<details open ontoggle=alert(1)>"),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("input-autofocus", "<input autofocus onfocus=alert(1)>"),
    ("form-formaction", "<form><button formaction=javascript:alert(1)>go</button></form>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("htmx-on", '<div hx-on:htmx:load="window.__xss=1" hx-get="/" hx-trigger="load">hx</div>'),
    ("htmx-data-on", '<a data-hx-on:click="window.__xss=1" hx-trigger="load" hx-get="/healthz">hx2</a>'),
    ("js-string-breakout", "');window.__xss=1;//"),
    ("polyglot", "javascript:/*--></title></style></textarea></script>"
                 "<svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>"),
]

# What Markdown shows for the vectors it does not show verbatim (everything else is shown verbatim:
# raw HTML is off, so tags appear as text). Entities decode; rejected links stay literal text.
MARKDOWN_SHOWN = {
    "md-entity-link": "[entity](javascript:alert(1))",
    "md-zero-width": "zw",
    "md-title-handler": "t",
    "md-title-quote": "t",
    "a-tab-js": '<a href="jav ascript:alert(1)">tab</a>',
    "a-newline-js": '<a href="jav ascript:alert(1)">nl</a>',
    "a-entity-js": '<a href="javascript:alert(1)">ent</a>',
    "entities-named": "<script>alert(1)</script>",
    "entities-numeric": "<img src=x onerror=alert(1)>",
    "polyglot": "javascript:/--></title></style></textarea></script><svg/onload='+/\"/+/onmouseover=1/+/[/[]/+alert(1)//'>",
}

# Markdown link titles must arrive as one inert attribute value.
MARKDOWN_LINK_TITLES = {
    "md-title-handler": 'a" onmouseover="window.__xss=1',
    "md-title-quote": 'x" onfocus="alert(1)" autofocus="',
}

# Runs in the page: every way injected markup could run script, anywhere in the document. Our own templates
# have no on…= handler at all (the Content-Security-Policy would refuse it; tests/browser/test_csp.py), so any
# handler is injected.
DOM_PROBLEMS_JS = r"""() => {
  const problems = [];
  const tell = (what, el) => problems.push(what + ": " + (el.outerHTML || String(el)).slice(0, 160));
  for (const s of document.querySelectorAll("script")) {
    // Our own files only (htmx, charts, our page scripts), loaded from the head, with no inline text.
    const path = s.src ? new URL(s.src).pathname : "";
    const own = /^\/static\/(vendor|js)\/[a-z0-9_.-]+\.js$/.test(path) && new URL(s.src).origin === location.origin;
    const ok = own && s.closest("head") && !s.text;
    if (!ok) tell("script", s);
  }
  for (const el of document.querySelectorAll(
      "iframe, frame, frameset, object, embed, applet, svg, math, base, noscript, template, "
      + "meta[http-equiv], body style, body link, "
      // the installable app's head links (base.html) are the only links besides the stylesheet
      + "link:not([rel=stylesheet]):not(head > link[rel=manifest][href='/manifest.webmanifest'])"
      + ":not(head > link[rel=icon][href^='/static/icons/']):not(head > link[rel=apple-touch-icon][href^='/static/icons/']), "
      + "[autofocus]:not(#s-q):not(#id_username), "
      + "details[open][ontoggle], img:not(.avatar)")) tell("element", el);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) tell("handler " + name, el);
      if (/^(data-)?hx-on/.test(name) || name === "hx-trigger" || name === "srcdoc" || name === "formaction")
        tell("attribute " + name, el);
      if (["href", "src", "action", "data", "xlink:href", "poster", "background"].includes(name)) {
        let protocol;
        try { protocol = new URL(attr.value, document.baseURI).protocol; } catch (e) { protocol = "unparsable:"; }
        if (!["http:", "https:", "mailto:"].includes(protocol)) tell("url " + name + "=" + protocol, el);
      }
    }
  }
  // User content (Markdown) holds only the sanitiser's allow-list.
  const tags = new Set(["P", "BR", "STRONG", "EM", "DEL", "S", "CODE", "PRE", "BLOCKQUOTE", "UL", "OL", "LI", "A",
    "H1", "H2", "H3", "H4", "HR", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD"]);
  for (const el of document.querySelectorAll(".post-body *")) {
    if (!tags.has(el.tagName)) tell("tag in post body", el);
    for (const attr of el.attributes) {
      const ok = (el.tagName === "A" && ["href", "title", "class", "rel"].includes(attr.name))
        || (["TH", "TD"].includes(el.tagName) && attr.name === "align");
      if (!ok) tell("attribute in post body " + attr.name, el);
    }
  }
  return problems;
}"""


def norm(text: str) -> str:
    return " ".join(text.split())


def check_page(pg, where: str) -> None:
    """Nothing ran and nothing dangerous is in the DOM. Call after each navigation."""
    # A URL check passes as soon as the navigation commits; deferred scripts (htmx) run before "load".
    pg.wait_for_load_state("load")
    expect(pg.locator("main#main")).to_be_attached()
    problems = pg.evaluate(DOM_PROBLEMS_JS)
    assert problems == [], f"{where}: {problems}"
    assert pg.evaluate("typeof window.__xss") == "undefined", f"{where}: window.__xss was set"
    assert pg.dialogs == [], f"{where}: dialogs fired: {pg.dialogs}"
    assert pg.js_errors == [], f"{where}: JavaScript errors: {pg.js_errors}"
    assert pg.foreign_requests == [], f"{where}: requests to other origins: {pg.foreign_requests}"
    assert pg.evaluate("typeof window.htmx") == "object", f"{where}: htmx did not load"


def visit(pg, live_server, path: str, *, settle: bool = False):
    """goto waits for the load event, so images (and their onerror) have been tried by then.
    settle=True also waits for the network to go quiet, giving htmx "load" triggers their chance;
    used on the pages that gather many vectors (the DOM check covers hx-trigger on the rest)."""
    response = pg.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, (path, response and response.status)
    if settle:
        pg.wait_for_load_state("networkidle")
    check_page(pg, path)
    return response


def texts(locator) -> list[str]:
    return [norm(t) for t in locator.all_inner_texts()]


@pytest.fixture
def alice_page(world, live_server, new_page):
    pg = new_page()
    sign_in(pg, live_server, "alice@example.test", PASSWORD)
    check_page(pg, "home after sign-in")
    return pg


def test_vectors_are_many_and_distinct():
    assert len(VECTORS) >= 30
    assert len({v for _, v in VECTORS}) == len(VECTORS) == len({n for n, _ in VECTORS})
    assert all(len(v) <= 120 for _, v in VECTORS)
    assert set(MARKDOWN_SHOWN) <= {n for n, _ in VECTORS}


# One-line fields (titles, group names) refuse a text-direction override outright (core/validation.py,
# tests/test_text_rule.py): that vector cannot be stored there, so it is tried in bodies only.
ONE_LINE_VECTORS = [(name, vector) for name, vector in VECTORS if "\u202e" not in vector]


def test_post_bodies(world, live_server, alice_page, shot):
    from townsquare.conversations import services

    pg = alice_page
    posts = {name: services.post_create(author=world.alice, body=f"xss-{name}\n\n{vector}") for name, vector in VECTORS}

    # Each post's own page: the body is shown as the reader expects, as text.
    for name, vector in VECTORS:
        post = posts[name]
        visit(pg, live_server, f"/posts/{post.pk}/")
        body = pg.locator(f"#post-{post.pk} .post-body")
        shown = norm(body.inner_text())
        assert shown.startswith(f"xss-{name}"), shown
        assert shown.endswith(norm(MARKDOWN_SHOWN.get(name, vector))), (name, shown)
        if name in MARKDOWN_LINK_TITLES:
            expect(body.locator("a")).to_have_attribute("title", MARKDOWN_LINK_TITLES[name])
        assert pg.title().endswith(" · Townsquare")
        if name in {"script-tag", "title-breakout", "attr-breakout", "mxss-math", "md-title-quote"}:
            shot(pg, f"post-{name}")

    # The feeds and the author's profile show the newest twenty; search shows up to thirty.
    for path in ("/", "/company/", "/people/alice/"):
        visit(pg, live_server, path, settle=True)
        expect(pg.locator("article.post")).to_have_count(20)
        shot(pg, f"feed{path}")
    feed_texts = texts(pg.locator("article.post .post-body"))
    for name, vector in VECTORS[-20:]:
        assert any(t.startswith(f"xss-{name}") and t.endswith(norm(MARKDOWN_SHOWN.get(name, vector))) for t in feed_texts), name
    # The next page of the feed arrives by htmx; the new cards are checked just the same.
    visit(pg, live_server, "/company/")
    pg.get_by_role("link", name="Show older posts").click()
    expect(pg.locator("article.post")).to_have_count(40)
    pg.wait_for_load_state("networkidle")
    check_page(pg, "/company/ second page (htmx)")

    # Search (by the marker word: PostgreSQL's parser skips tag-like text) lists the newest thirty.
    visit(pg, live_server, "/search/?q=xss", settle=True)
    results = pg.get_by_test_id("search-results")
    expect(results.locator(".card")).to_have_count(30)
    result_links = texts(results.locator(".card > a"))
    assert all(link.startswith("xss-") for link in result_links), result_links
    assert any(link.endswith("<script>window.__xss=1</script>") for link in result_links)
    shot(pg, "search-posts")


def test_article_titles_and_replies(world, live_server, alice_page, shot):
    from townsquare.conversations import services

    pg = alice_page
    articles = {name: services.post_create(author=world.gina, kind="article", title=vector, body=f"Article body {name}.")
                for name, vector in ONE_LINE_VECTORS}
    thread = services.post_create(author=world.alice, body="A thread collecting replies.")
    for name, vector in VECTORS:
        services.reply_create(author=world.gina, post=thread, body=f"reply-{name}\n\n{vector}")

    for name, vector in ONE_LINE_VECTORS:
        article = articles[name]
        visit(pg, live_server, f"/posts/{article.pk}/")
        title = pg.locator(f"#post-{article.pk} h2.post-title")
        assert norm(title.inner_text()) == norm(vector), name
        expect(title.get_by_role("link")).to_have_attribute("href", f"/posts/{article.pk}/")
        # <title> is text too; long titles are cut at a word to sixty characters, as every excerpt is.
        from townsquare.conversations.text import post_excerpt

        shown_title = post_excerpt({"title": vector, "body": ""}, 60)
        assert pg.title() == f"{shown_title} · Townsquare", name
        if name in {"title-breakout", "textarea-breakout", "template-var"}:
            shot(pg, f"article-{name}")

    visit(pg, live_server, "/company/", settle=True)
    shown = texts(pg.locator("article.post h2.post-title"))
    # The thread is the newest post; the nineteen articles before it follow.
    assert shown == [norm(v) for _, v in reversed(ONE_LINE_VECTORS[-19:])]
    shot(pg, "company-articles")

    visit(pg, live_server, f"/posts/{thread.pk}/", settle=True)
    replies = pg.locator("#replies .reply .post-body")
    expect(replies).to_have_count(len(VECTORS))
    for (name, vector), reply_text in zip(VECTORS, texts(replies), strict=True):
        assert reply_text.startswith(f"reply-{name}"), reply_text
        assert reply_text.endswith(norm(MARKDOWN_SHOWN.get(name, vector))), (name, reply_text)
    # The reply form is intact: the textarea is empty and nothing broke out of it.
    expect(pg.get_by_label("Your reply")).to_have_value("")
    shot(pg, "thread-replies")

    # Search lists replies and article titles as text.
    visit(pg, live_server, "/search/?q=reply&kind=reply", settle=True)
    expect(pg.get_by_test_id("search-results").locator(".card")).to_have_count(30)
    assert all(t.startswith("reply-") for t in texts(pg.get_by_test_id("search-results").locator(".card > a")))
    shot(pg, "search-replies")
    visit(pg, live_server, "/search/?q=breakout&kind=post")
    result_links = texts(pg.get_by_test_id("search-results").locator(".card > a"))
    assert sorted(result_links) == sorted(norm(v) for n, v in VECTORS if "breakout" in n)

    # A notification per reply (the page lists the newest fifty), each quoting the thread.
    visit(pg, live_server, "/notifications/", settle=True)
    expect(pg.get_by_test_id("notification")).to_have_count(50)
    assert all("replied to your post" in n for n in texts(pg.get_by_test_id("notification")))


def _vector_people(world):
    from townsquare.people.models import Person

    people = {}
    for i, (name, vector) in enumerate(VECTORS):
        people[name] = Person.objects.create_user(
            f"xss{i}@example.test", PASSWORD, handle=f"xss{i}", name=vector, title=vector, location=vector,
            bio=vector, skills=vector, interests=vector, department=world.finance,
        )
    return people


def test_profile_fields(world, live_server, alice_page, new_page, shot):
    pg = alice_page
    people = _vector_people(world)

    for name, vector in VECTORS:
        person = people[name]
        visit(pg, live_server, f"/people/{person.handle}/")
        card = pg.locator(".person-card").first
        assert norm(card.get_by_role("heading", level=1).inner_text()) == norm(vector), name
        assert norm(vector) in norm(card.locator(".muted").first.inner_text())  # @handle · title · department
        assert norm(card.locator(".muted.small").inner_text()).startswith("📍 " + norm(vector))  # location
        assert norm(pg.locator(".with-side > .stack > .card > p").first.inner_text()) == norm(vector)  # bio
        chips = pg.locator("aside ul.chips").first.locator("li")
        assert texts(chips) == [norm(s.strip()) for s in vector.split(",") if s.strip()], name
        assert pg.title() == f"{vector} · Townsquare"
        if name in {"script-tag", "attr-breakout", "template-var", "polyglot"}:
            shot(pg, f"profile-{name}")

    names = []
    for page_number in (1, 2):
        visit(pg, live_server, f"/people/?page={page_number}", settle=True)
        names += texts(pg.locator(".grid-cards .person-card strong"))
        shot(pg, f"directory-page-{page_number}")
    for _, vector in VECTORS:
        assert norm(vector) in names
    # Location filter options and a reflected query in the pager links.
    options = texts(pg.locator("#d-loc option"))
    for _, vector in VECTORS:
        assert norm(vector) in options
    visit(pg, live_server, '/people/?q="><script>window.__xss=1</script>')
    expect(pg.get_by_label("Name, title or skill")).to_have_value('"><script>window.__xss=1</script>')

    visit(pg, live_server, "/search/?q=xss&kind=person", settle=True)
    person_links = texts(pg.get_by_test_id("search-results").locator(".person-card a"))
    assert len(person_links) == 30 and set(person_links) <= {norm(v) for _, v in VECTORS}
    shot(pg, "search-people")

    # The person themselves: home page, top bar and the edit form (values stay inside their fields).
    me = people["textarea-breakout"]
    me_page = new_page()
    sign_in(me_page, live_server, me.email, PASSWORD)
    for path in ("/", f"/people/{me.handle}/"):
        visit(me_page, live_server, path)
    visit(me_page, live_server, "/me/edit/")
    expect(me_page.locator("#id_name")).to_have_value(me.name)
    expect(me_page.locator("#id_bio")).to_have_value(me.bio)
    expect(me_page.locator("#id_skills")).to_have_value(me.skills)
    shot(me_page, "profile-edit-form")


def test_deactivate_confirm_shows_the_name_as_text(world, live_server, new_page, shot):
    """The one place a name reaches JavaScript: the organisation admin's deactivate confirm(), whose text is the
    form's data-confirm attribute (static/js/townsquare.js)."""
    from townsquare.people.models import Person

    olga = new_page()
    sign_in(olga, live_server, "olga@example.test", PASSWORD)
    nasty = ["');window.__xss=1;//", "\\');alert(1);//", '"><script>alert(1)</script>', "&#39;);alert(1);//",
             "</form><script>alert(1)</script>", "${alert(1)}`;alert(1);`"]
    for i, name in enumerate(nasty):
        person = Person.objects.create_user(f"nasty{i}@example.test", PASSWORD, handle=f"nasty{i}", name=name)
        visit(olga, live_server, f"/people/{person.handle}/")
        olga.get_by_role("button", name="Deactivate").click()  # the handler dismisses the confirm
        expect(olga.get_by_role("button", name="Deactivate")).to_be_visible()
        assert olga.dialogs == [("confirm", f"Deactivate {name}? They will no longer be able to sign in. Their posts stay.")]
        olga.dialogs.clear()
        check_page(olga, f"after the confirm for {name!r}")
        person.refresh_from_db()
        assert person.is_active, "dismissing the confirm must not deactivate"
    shot(olga, "deactivate-confirm")


def test_group_fields(world, live_server, new_page, shot):
    from townsquare.conversations import services
    from townsquare.conversations.models import Group

    groups = {name: services.group_create(creator=world.gina, name=vector, description=vector,
                                          visibility=Group.Visibility.PUBLIC, kind=Group.Kind.INTEREST)
              for name, vector in ONE_LINE_VECTORS}
    for name, group in groups.items():
        services.post_create(author=world.gina, group=group, body=f"Group post {name}.")
        services.group_invite(person=world.gina, group=group, invitee=world.alice)

    alice = new_page()
    sign_in(alice, live_server, "alice@example.test", PASSWORD)
    for name, vector in ONE_LINE_VECTORS:
        group = groups[name]
        visit(alice, live_server, f"/groups/{group.slug}/")
        header = alice.locator("main .card").first
        assert norm(header.get_by_role("heading", level=1).inner_text()) == norm(vector), name
        assert norm(header.locator("p").inner_text()) == norm(vector), name
        assert alice.title() == f"{vector} · Townsquare"
        expect(alice.locator("#feed article.post")).to_have_count(1)
        assert f"in {norm(vector)} ·" in norm(alice.locator("#feed article.post .post-meta").last.inner_text())
        if name in {"script-tag", "attr-breakout", "polyglot"}:
            shot(alice, f"group-{name}")

    visit(alice, live_server, "/groups/", settle=True)
    listed = norm(alice.locator("main").inner_text())
    for _, vector in ONE_LINE_VECTORS:
        assert norm(vector) in listed
    shot(alice, "group-list")

    # alice was invited to each: the notifications name the groups.
    visit(alice, live_server, "/notifications/", settle=True)
    notes = texts(alice.get_by_test_id("notification"))
    assert len(notes) == 50  # the newest fifty
    for _, vector in ONE_LINE_VECTORS[-50:]:
        assert any(f"invited you to a group: {norm(vector)}" in n for n in notes), vector
    shot(alice, "notifications-group-invites")

    # Accepting an invitation goes through the group page's form; the header still shows text.
    group = groups["attr-breakout"]
    visit(alice, live_server, f"/groups/{group.slug}/")
    alice.get_by_role("button", name="Accept invitation").click()
    expect(alice.locator(".messages")).to_contain_text(f"Welcome to {group.name}.")
    check_page(alice, "after accepting")

    visit(alice, live_server, "/search/?q=click&kind=group")
    group_links = texts(alice.get_by_test_id("search-results").locator(".card > a"))
    # Both backends find the Markdown-link names; SQLite also finds "click" inside a tag-like name.
    assert {v for n, v in ONE_LINE_VECTORS if n in {"md-js-link", "md-js-mixed-case"}} <= set(group_links)
    assert set(group_links) <= {norm(v) for _, v in ONE_LINE_VECTORS if "click" in v}

    # gina belongs to them all: her composer's "Post to" options and "Your groups" list them.
    gina = new_page()
    sign_in(gina, live_server, "gina@example.test", PASSWORD)
    visit(gina, live_server, "/")
    options = texts(gina.locator("#composer-group option"))
    for _, vector in ONE_LINE_VECTORS:
        assert norm(vector) in options
    visit(gina, live_server, f"/groups/{groups['textarea-breakout'].slug}/edit/")
    expect(gina.locator("textarea[name=description]")).to_have_value(groups["textarea-breakout"].description)
    shot(gina, "group-edit-form")


def test_reflected_parameters(world, live_server, new_page, shot):
    pg = new_page()
    # The login page reflects ?next= into a hidden field; a script URL must not be followed.
    visit(pg, live_server, '/login/?next="><script>alert(1)</script>')
    expect(pg.locator("input[name=next]")).to_have_value('"><script>alert(1)</script>')
    pg.goto(f"{live_server.url}/login/?next=javascript:alert(1)")
    pg.get_by_label("Email").fill("alice@example.test")
    pg.get_by_label("Password").fill(PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    expect(pg).to_have_url(f"{live_server.url}/")
    check_page(pg, "after sign-in with a javascript: next")

    vector = '"><img src=x onerror=alert(1)>'
    from urllib.parse import quote

    visit_status = pg.goto(f"{live_server.url}/search/?q={quote(vector)}&author={quote(vector)}&group={quote(vector)}"
                           f"&from={quote(vector)}&kind={quote(vector)}&post_kind={quote(vector)}")
    assert visit_status.status == 400
    check_page(pg, "search with bad filters")
    expect(pg.locator("#site-search")).to_have_value(vector)
    expect(pg.locator("#s-q")).to_have_value(vector)
    errors = texts(pg.locator("main p.error"))
    assert len(errors) == 5 and all(vector in e or "No group by that name." == e for e in errors), errors
    shot(pg, "search-reflected")

    for path in (f"/groups/?q={quote(vector)}", f"/people/?skill={quote(vector)}&location={quote(vector)}"):
        visit(pg, live_server, path)
    expect(pg.locator("#d-skill")).to_have_value(vector)
    pg.goto(f"{live_server.url}/topics/{quote('<svg onload=alert(1)>')}/")
    check_page(pg, "topic 404")
