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
