"""Issue 17 in a real browser: the new-group form's visibility choices line up, a long unbroken title does not widen
the feed on a phone, and screenshots of the pages the issue changed (desktop and 390 px)."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _radio_rows(pg):
    """For each visibility choice: the radio's box and its label text's box."""
    return pg.evaluate("""() => [...document.querySelectorAll('input[name=visibility]')].map(input => {
        const label = input.closest('label');
        const range = document.createRange();
        const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
        let text = walker.nextNode();
        while (text && !text.textContent.trim()) text = walker.nextNode();
        range.selectNodeContents(text);
        const t = range.getClientRects()[0], r = input.getBoundingClientRect(), l = label.getBoundingClientRect();
        return {radio: {x: r.x, y: r.y, w: r.width, h: r.height}, text: {x: t.x, y: t.y, h: t.height},
                label: {x: l.x, w: l.width}};
    })""")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_new_group_visibility_choices_line_up(world, live_server, new_page, shot, viewport):
    pg = new_page(viewport=viewport)
    sign_in(pg, live_server, "alice@example.test", PASSWORD)
    pg.goto(f"{live_server.url}/groups/new/")
    shot(pg, "new-group")
    rows = _radio_rows(pg)
    assert len(rows) == 3
    for row in rows:
        radio, text = row["radio"], row["text"]
        assert radio["w"] < 30, row                      # a radio button, not a full-width box
        assert text["x"] > radio["x"] + radio["w"] - 1, row  # the words start to the right of the radio
        assert abs((radio["y"] + radio["h"] / 2) - (text["y"] + text["h"] / 2)) < 8, row  # on the same line
    assert len({round(r["radio"]["x"]) for r in rows}) == 1  # one column of radios
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_long_unbroken_title_does_not_widen_the_feeds_on_a_phone(world, live_server, new_page, shot):
    from townsquare.conversations.models import Post

    title, word = "T" * 300, "W" * 300
    pg = new_page(viewport=PHONE)
    sign_in(pg, live_server, "alice@example.test", PASSWORD)
    pg.goto(f"{live_server.url}/")
    composer = pg.get_by_role("form", name="Write a post")
    composer.get_by_role("radio", name="Article").check()
    composer.get_by_label("Title").fill(title)
    composer.locator("#composer-body").fill(f"An article whose body holds one long word: {word}")
    composer.get_by_role("button", name="Post").click()
    pg.wait_for_load_state("load")
    post = Post.objects.get(author=world.alice, kind="article")
    assert post.title == title[:200]  # the title field takes 200 characters (its maxlength), all unbroken
    for where in ("/", "/company/"):
        pg.goto(f"{live_server.url}{where}")
        card = pg.locator("article.post").filter(has_text="T" * 50).first
        card.wait_for()
        card.scroll_into_view_if_needed()
        shot(pg, f"long-title-{where.strip('/') or 'home'}", full_page=False)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            where, pg.evaluate("document.documentElement.scrollWidth"))
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_issue17_pages(world, live_server, new_page, shot, viewport):
    """The pages issue 17 changed, at both sizes: none is wider than the window."""
    from playwright.sync_api import expect

    from townsquare.conversations import services
    from townsquare.people.models import Person

    Person.objects.create_user("pat@example.test", PASSWORD, name="Pat Peer", handle="pat", title="Analyst",
                               manager=world.gina)
    services.group_invite(person=world.gina, group=world.secret, invitee=world.otto)

    def fits(pg):
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), pg.url

    otto = new_page(viewport=viewport)
    sign_in(otto, live_server, "otto@example.test", PASSWORD)
    otto.goto(f"{live_server.url}/people/otto/")
    expect(otto.get_by_text("No manager set yet.")).to_be_visible()
    shot(otto, "profile-newcomer"), fits(otto)
    otto.goto(f"{live_server.url}/people/erin/")
    expect(otto.get_by_text("Nobody — top of the organisation.")).to_be_visible()
    otto.goto(f"{live_server.url}/people/alice/org/")
    expect(otto.get_by_role("list", name="Peers")).to_contain_text("Pat Peer")
    shot(otto, "org-chart-with-peers"), fits(otto)
    otto.goto(f"{live_server.url}/me/edit/")
    expect(otto.locator("select[name=time_zone] optgroup[label=Europe] option[value='Europe/Paris']")).to_have_count(1)
    shot(otto, "profile-edit"), fits(otto)
    otto.goto(f"{live_server.url}/groups/{world.secret.slug}/")
    expect(otto.get_by_role("button", name="Accept invitation")).to_be_visible()
    expect(otto.get_by_text("Ask to join")).to_have_count(0)
    shot(otto, "secret-group-invitation"), fits(otto)
    otto.get_by_role("button", name="Decline").click()
    expect(otto.get_by_text("You declined the invitation to Board Prep.")).to_be_visible()
    shot(otto, "declined"), fits(otto)

    gina = new_page(viewport=viewport)
    sign_in(gina, live_server, "gina@example.test", PASSWORD)
    gina.goto(f"{live_server.url}/groups/{world.public.slug}/edit/")
    gina.get_by_label("Kind").select_option("team")
    gina.get_by_label("Name").fill("finance team")
    gina.get_by_role("button", name="Save").click()
    expect(gina.locator("#gf-name-error")).to_contain_text("There is already a group called “finance team”")
    shot(gina, "group-settings-duplicate-name"), fits(gina)
    gina.get_by_label("Name").fill("Data Guild")
    gina.get_by_role("button", name="Save").click()
    expect(gina.get_by_text("Group saved.")).to_be_visible()
    expect(gina.locator(".post-meta").first).to_contain_text("Team")
