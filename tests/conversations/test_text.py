"""Markdown rendering, mentions, topics and sanitisation of what people type."""

import re

import pytest

from townsquare.conversations import text


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_markdown_renders_emphasis_code_lists_and_links():
    html = text.render("**bold** _it_ `code`\n\n- one\n- two\n\n[docs](https://example.test/a)").html
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<code>code</code>" in html
    assert "<ul>" in html and "<li>one</li>" in html and "<li>two</li>" in html
    assert 'href="https://example.test/a"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_mention_of_a_known_handle_becomes_a_profile_link():
    rendered = text.render("Thanks @alice and @nobody!", known_handles={"alice"})
    assert rendered.mentions == frozenset({"alice"})
    assert hrefs(rendered.html) == ["/people/alice/"]
    assert "@nobody" in rendered.html  # kept as plain text


def test_mentions_are_case_insensitive_and_stop_at_punctuation():
    rendered = text.render("Ask @Alice.", known_handles={"alice"})
    assert rendered.mentions == frozenset({"alice"})
    assert hrefs(rendered.html) == ["/people/alice/"]


def test_unknown_handles_are_not_mentions():
    rendered = text.render("cc @ghost", known_handles=set())
    assert rendered.mentions == frozenset()
    assert "<a" not in rendered.html


@pytest.mark.parametrize("body", [
    "write to alice@example.test",
    "alice@example.test is my address",
    "path/to/@alice",
])
def test_emails_and_paths_are_not_mentions(body):
    assert text.extract_mentions(body) == frozenset()
    rendered = text.render(body, known_handles={"alice", "example"})
    assert rendered.mentions == frozenset()
    assert "/people/" not in rendered.html


def test_topics_are_extracted_lower_case_and_linked():
    rendered = text.render("Shipping #Forecasting and #q3-plan today")
    assert rendered.topics == frozenset({"forecasting", "q3-plan"})
    assert set(hrefs(rendered.html)) == {"/topics/forecasting/", "/topics/q3-plan/"}


@pytest.mark.parametrize("body", ["issue #1", "a#b", "&#39;", "https://example.test/page#section"])
def test_things_that_are_not_topics(body):
    assert text.extract_topics(body) == frozenset()


def test_script_tags_are_inert():
    html = text.render("hello <script>alert('x')</script>").html
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("body", [
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<p onmouseover="alert(1)">x</p>',
])
def test_raw_html_with_event_handlers_is_escaped(body):
    html = text.render(body).html
    assert not re.search(r"<[^>]+\son\w+\s*=", html, re.IGNORECASE)
    assert "<img" not in html and "<a" not in html and "<p on" not in html


@pytest.mark.parametrize("body", [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pic](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "<javascript:alert(1)>",
])
def test_dangerous_url_schemes_never_become_links(body):
    html = text.render(body).html
    for href in hrefs(html):
        assert not re.match(r"\s*(javascript|vbscript|data):", href, re.IGNORECASE), href
    assert "<img" not in html
    assert not re.search(r'(href|src)="\s*(javascript|vbscript|data):', html, re.IGNORECASE)


def test_sanitize_strips_what_is_not_allowed():
    dirty = ('<p style="color:red" onclick="x()">ok</p><iframe src="https://evil.test"></iframe>'
             '<a href="javascript:alert(1)">a</a><img src="data:image/png;base64,AA" onerror="x()">'
             '<svg onload="x()"></svg><object data="x"></object>')
    clean = text.sanitize(dirty)
    lowered = clean.lower()
    for bad in ("onclick", "onerror", "onload", "style=", "<iframe", "<img", "<svg", "<object", "javascript:", "data:"):
        assert bad not in lowered, bad
    assert "<p>ok</p>" in clean


def test_sanitize_keeps_safe_links_and_adds_rel():
    clean = text.sanitize('<a href="https://example.test/x" target="_blank">x</a>')
    assert 'href="https://example.test/x"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert "target" not in clean
