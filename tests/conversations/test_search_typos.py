"""Typo tolerance and highlighting on the search page: "runbok" shows what "runbook" finds, with a way back to the
words as typed; a correction only ever comes from words the reader may read; matched words are marked, escaped."""

import pytest
from django.urls import reverse

from townsquare.conversations import services
from townsquare.conversations.search import corrected
from townsquare.conversations.templatetags.search_marks import highlight

pytestmark = pytest.mark.django_db


def test_a_misspelt_word_is_corrected(world, client_for):
    services.post_create(author=world.gina, body="The release runbook is ready")
    assert corrected(world.otto, "runbok") == "runbook"
    assert corrected(world.otto, "release runbok") == "release runbook"
    assert corrected(world.otto, "runbook") is None  # nothing to correct
    html = client_for(world.otto).get(reverse("search"), {"q": "runbok"}).content.decode()
    assert "Showing results for <strong>runbook</strong>" in html
    assert 'href="?q=runbok&amp;exact=1"' in html and "search instead for “runbok”" in html
    assert "The release <mark>runbook</mark> is ready" in html
    exact = client_for(world.otto).get(reverse("search"), {"q": "runbok", "exact": "1"}).content.decode()
    assert "Showing results for" not in exact and "No results for “runbok”" in exact


def test_a_correction_never_comes_from_what_the_reader_cannot_read(world, client_for):
    services.post_create(author=world.gina, body="Quokkas acquisition plan", group=world.secret)
    services.post_create(author=world.gina, body="Zebracorn budget", group=world.private)
    assert corrected(world.otto, "quokas") is None
    assert corrected(world.otto, "zebracon") is None
    assert corrected(world.alice, "quokas") == "quokkas"  # a member of the group
    html = client_for(world.otto).get(reverse("search"), {"q": "quokas"}).content.decode()
    assert "quokkas" not in html.lower() and "Showing results for" not in html


def test_highlight_escapes_first():
    assert highlight("Run the <b>runbook</b> & RUNning", ["run"]) == (
        "<mark>Run</mark> the &lt;b&gt;<mark>runbook</mark>&lt;/b&gt; &amp; <mark>RUNning</mark>")
    assert highlight("amp &amp;", ["amp"]) == "<mark>amp</mark> &amp;<mark>amp</mark>;"
    assert highlight("<script>x</script>", []) == "&lt;script&gt;x&lt;/script&gt;"
    assert highlight("brunch", ["run"]) == "brunch"  # only a word's beginning, as the search matches
