"""User text → safe HTML. Markdown by markdown-it-py, then sanitised by nh3 (an allow-list).

@mentions and #topics become links before rendering; nh3 runs last, so nothing a person
types can add a script, an event handler or a javascript: URL.
"""

import functools
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


_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|pre|tr|th|td)>|<br\s*/?>", re.IGNORECASE)


def plain(text: str) -> str:
    """Markdown as the plain words a reader sees: no `**`, `#`, `>` or link syntax, block breaks become
    spaces, whitespace collapsed. What every excerpt (cards' quotes, the bell, emails, push, the coach)
    is made of, so a post written with markdown never shows its markup out of context.

    A pure function of the text, so the words of the texts met most lately are kept (in each process):
    a search page shows thirty excerpts, and parsing their markdown was a quarter of its time."""
    if not text:
        return ""
    return _plain_kept(text) if len(text) <= PLAIN_KEPT_LENGTH else _plain(text)


PLAIN_KEPT_LENGTH = 2000  # longer texts are worked out each time, so the kept ones stay a few megabytes


@functools.lru_cache(maxsize=1024)
def _plain_kept(text: str) -> str:
    return _plain(text)


def _plain(text: str) -> str:
    from html import unescape

    from django.utils.html import strip_tags

    html = _md.render(text)
    return " ".join(unescape(strip_tags(_BLOCK_END.sub(" ", html))).split())


def excerpt(text: str, limit: int = 90) -> str:
    """plain(text), cut at a word boundary to at most `limit` characters with an ellipsis."""
    return cut(plain(text), limit)


def cut(words: str, limit: int) -> str:
    """`words` (plain text) at most `limit` characters long: cut at a word boundary, with an ellipsis."""
    if len(words) <= limit:
        return words
    short = words[: limit - 1]
    if " " in short[limit // 2:]:
        short = short[: short.rfind(" ")]
    return short.rstrip(" ,;:.-–—") + "…"


def post_excerpt(post, limit: int = 90) -> str:
    """A post as one short line: its title when it has one, else the plain words of its body. Works on a
    Post or anything with `title` and `body` (a dict too)."""
    get = post.get if isinstance(post, dict) else lambda k, d="": getattr(post, k, d)
    title = " ".join((get("title", "") or "").split())
    if title:
        return cut(title, limit)
    return excerpt(get("body", "") or "", limit)
