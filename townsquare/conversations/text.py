"""User text → safe HTML. Markdown by markdown-it-py, then sanitised by nh3 (an allow-list).

@mentions and #topics become links before rendering; nh3 runs last, so nothing a person
types can add a script, an event handler or a javascript: URL.
"""

import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

# Handles are slugs (see Person.handle), so a mention stops at the first character a slug cannot hold.
MENTION_RE = re.compile(r"(?<![\w.@/])@([a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?)", re.IGNORECASE)
TOPIC_RE = re.compile(r"(?<![\w&#/])#([a-z][a-z0-9_-]{1,48})", re.IGNORECASE)

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("strikethrough").enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "th": {"align"}, "td": {"align"}}


@dataclass(frozen=True)
class Rendered:
    html: str
    mentions: frozenset[str]
    topics: frozenset[str]


def extract_mentions(text: str) -> frozenset[str]:
    return frozenset(m.lower() for m in MENTION_RE.findall(text))


def extract_topics(text: str) -> frozenset[str]:
    return frozenset(t.lower() for t in TOPIC_RE.findall(text))


def render(text: str, *, known_handles: set[str] | frozenset[str] = frozenset()) -> Rendered:
    mentions = extract_mentions(text) & {h.lower() for h in known_handles}
    topics = extract_topics(text)

    def mention_link(m: re.Match) -> str:
        handle = m.group(1).lower()
        return f"[@{handle}](/people/{handle}/)" if handle in mentions else m.group(0)

    def topic_link(m: re.Match) -> str:
        return f"[#{m.group(1)}](/topics/{m.group(1).lower()}/)"

    source = MENTION_RE.sub(mention_link, text)
    source = TOPIC_RE.sub(topic_link, source)
    html = sanitize(_md.render(source))
    return Rendered(html=html, mentions=mentions, topics=topics)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
