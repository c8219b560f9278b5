"""Links in an experiment's variants, counted through a redirect (issue 16 #3) — never a tracking pixel.

Before a variant is published, each http(s) link in its markdown — `[words](https://…)` and `<https://…>` — is
replaced by a link to /x/<token>/ on this site, with a random token per link (TrackedLink). Following it
records one click per person and link (LinkClick is unique) and redirects to the link's original address, and
only there: the target comes from the stored row, never from the request, and only an http or https address
is ever redirected to (safe_target), so /x/ is no open redirect. Other links (mailto:, anything nh3 would drop)
are left as they are and not counted. Bare addresses are not links in our markdown, so they are left too.
"""

import re
import secrets
from urllib.parse import urlsplit

MAX_LINKS = 10
URL_MAX_CHARS = 2_000

# [words](url) with an optional "title", and <url> autolinks
_LINK = re.compile(r"\[(?P<words>[^\]\n]{0,500})\]\((?P<url>[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\)"
                   r"|<(?P<auto>https?://[^>\s]+)>", re.IGNORECASE)


def safe_target(url: str) -> str | None:
    """The address (its scheme in lower case) if it is an absolute http(s) URL with a host, else None."""
    if not isinstance(url, str) or len(url) > URL_MAX_CHARS or any(ord(ch) < 33 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme.lower() + url[len(parts.scheme):]


def new_token() -> str:
    return secrets.token_urlsafe(16)


def track(body: str, *, path_for) -> tuple[str, list[tuple[str, str]]]:
    """Replace the http(s) links of `body` → (new body, [(token, original url)]). `path_for(token)` gives the
    redirect's path. A body with more than MAX_LINKS links keeps the rest as they are (not counted)."""
    links: list[tuple[str, str]] = []

    def swap(m: re.Match) -> str:
        written = m.group("auto") or m.group("url")
        url = safe_target(written)
        if len(links) >= MAX_LINKS or url is None:
            return m.group(0)
        token = new_token()
        links.append((token, url))
        words = written if m.group("auto") else m.group("words")
        return f"[{words}]({path_for(token)}{m.group('title') or ''})"

    return _LINK.sub(swap, body), links
