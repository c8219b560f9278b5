"""The post card's HTML, rendered once and reused while nothing it shows has changed.

A feed page shows 20 cards and rendering them was half the cost of the page (docs/PERFORMANCE.md).
A card is the same for every reader who sees the same post in the same state, so its HTML is kept in
a per-process cache under a key made from everything the card shows:

- every column of the post, its author, its group and praised group, its praised people and its
  attachments (an edit, a new reaction, reply or view, a renamed author or group changes the key);
- what differs by reader: their reactions and bookmark, their time zone (the time's title) and the
  relative time text ("3 minutes ago"), and whether the body is shortened.

So a cached card is never stale: a change makes a new key and the old entry ages out. The reader's
CSRF token differs per request, so the cached HTML holds a slot that is filled in on the way out.
"""

import hashlib
import secrets

from django.core.cache import caches
from django.template.loader import get_template
from django.utils.safestring import mark_safe

TEMPLATE = "conversations/_post.html"
CSRF_SLOT = f"csrf-slot-{secrets.token_hex(8)}"  # unguessable, so no post can contain it


def _row(obj) -> tuple | None:
    return None if obj is None else tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields)


def card_key(post, *, truncate: bool) -> str:
    """Everything the card shows (see the module docstring). `post` is decorated (selectors.decorate)."""
    praise = ([_row(p) for p in post.praised_people.all()], _row(post.praised_group)) if post.kind == "praise" else None
    parts = (
        _row(post), _row(post.author), _row(post.group), praise, [_row(a) for a in post.attachments.all()],
        post.reaction_summary, post.is_bookmarked, post.created_title, post.created_natural, bool(truncate),
    )
    return "card:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def render_card(post, *, truncate: bool, csrf_token) -> str:
    cache = caches["cards"]
    key = card_key(post, truncate=truncate)
    html = cache.get(key)
    if html is None:
        # Rendered without the request, so nothing about the reader can reach the HTML except what
        # the key holds.
        html = get_template(TEMPLATE).render({"post": post, "truncate": truncate, "csrf_token": CSRF_SLOT})
        cache.set(key, html)
    return mark_safe(html.replace(CSRF_SLOT, str(csrf_token)))
