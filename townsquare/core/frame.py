"""The site's frame around every signed-in page (the top bar of base.html), rendered once and reused.

The frame repeats on every page, and rendering its tabs and account menu cost as much as the rest of the
emptiest page (docs/PERFORMANCE.md, issue 18). Like the post cards (conversations/cards.py), each part is
kept in a per-process cache under a key made from everything it shows, so it is never stale and needs
no invalidation:

- the tabs (`frame/_tabs.html`): the same for everyone, one entry per page name (which tab is current);
- the bell and account menu (`frame/_account.html`): the person's id, initials, profile address and
  whether they are an organisation admin, and the unread count. A new notification, reading them, a
  renamed person or a change of admin rights makes a new key; the old entry ages out.

The parts are rendered from those values only, never from the request or the person object, so nothing
reaches the HTML that the key does not hold, and the person's id in the key keeps one person's frame from
ever being shown to another. The CSRF token differs by session: it is put in on the way out.
"""

import hashlib
import secrets

from django.core.cache import caches
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import mark_safe

CSRF_SLOT = f"csrf-slot-{secrets.token_hex(8)}"  # unguessable, so no name can contain it


def _cached(key: str, template: str, context: dict) -> str:
    cache = caches["frames"]
    if (html := cache.get(key)) is None:
        html = get_template(template).render(context).strip()
        cache.set(key, html)
    return html


def tabs_html(*, current: str | None) -> str:
    return mark_safe(_cached(f"frame-tabs:{current}", "frame/_tabs.html", {"current": current}))


def account_html(*, person, unread: int, csrf_token) -> str:
    me = {"pk": person.pk, "initials": person.initials, "url": person.url, "is_org_admin": person.is_org_admin}
    key = "frame-account:" + hashlib.blake2b(repr((sorted(me.items()), unread)).encode(), digest_size=16).hexdigest()
    html = _cached(key, "frame/_account.html", {"me": me, "unread": unread, "csrf_token": CSRF_SLOT})
    return mark_safe(html.replace(CSRF_SLOT, escape(str(csrf_token)), 1))
