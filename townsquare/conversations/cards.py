"""The post card's HTML, rendered once and reused while nothing it shows has changed.

A feed page shows 20 cards and rendering them was half the cost of the page (docs/PERFORMANCE.md).
Most of a card is the same for every reader, so its HTML is kept in a per-process cache in two parts,
each under a key made from everything that part shows:

- the post itself (`_post.html`): every column of the post (but its counters), its author (but the
  password hash and last sign-in), its group and praised group, praised people and attachments, the
  relative time ("3 minutes ago") and whether the body is shortened;
- its actions (`_post_actions.html`): the counters, whether a question is answered, and the reader's
  own reactions and bookmark.

So a cached part is never stale: an edit, a new reaction, reply or view, a renamed author or group
makes a new key, and the old entry ages out. What differs by reader and request is put in on the way
out, from slots in the cached HTML: the time's title in the reader's time zone and the CSRF token.
"""

import functools
import hashlib
import operator
import secrets

from django.core.cache import caches
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Unguessable, so no post can contain them.
_NONCE = secrets.token_hex(8)
CSRF_SLOT = f"csrf-slot-{_NONCE}"
TITLE_SLOT = f"title-slot-{_NONCE}"
ACTIONS_SLOT = f"actions-slot-{_NONCE}"

COUNTERS = frozenset({"reply_count", "reaction_count", "reaction_counts", "view_count", "best_answer_id"})  # actions only
NEVER_SHOWN = frozenset({"password", "last_login"})


@functools.cache
def _columns(model, skip: frozenset):
    """A getter of the model's column values as a tuple, built once per model (it runs for every card)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
    if len(names) == 1:  # attrgetter of one name returns the bare value
        return lambda obj: (getattr(obj, names[0]),)
    return operator.attrgetter(*names)


def _row(obj, skip=frozenset()) -> tuple | None:
    if obj is None:
        return None
    return _columns(type(obj), skip)(obj)


def _digest(parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def post_key(post, *, truncate: bool) -> str:
    """Everything `_post.html` shows but the actions. `post` is decorated (selectors.decorate)."""
    praise = ([_row(p, NEVER_SHOWN) for p in post.praised_list], _row(post.praised_group)) \
        if post.kind == "praise" else None
    return "card-post:" + _digest((
        _row(post, COUNTERS), _row(post.author, NEVER_SHOWN), _row(post.group), praise,
        [_row(a) for a in post.attachment_list], post.kind_label, post.created_natural, bool(truncate),
        getattr(post, "stage_line", ""), tuple(getattr(post, "card_labels", ())), _share_part(post),
        getattr(post, "card_key", None),
    ))


def _share_part(post):
    """What a share's card shows of its original: the original (its row, author and group) for a reader who may
    read it, else only that there is one they cannot see."""
    if not getattr(post, "is_share", False):
        return None
    original = post.shared_original
    if original is None:
        return "not-shown"
    return (_row(original, COUNTERS), _row(original.author, NEVER_SHOWN), _row(original.group), original.kind_label)


def actions_key(post) -> str:
    """Everything `_post_actions.html` shows."""
    return "card-actions:" + _digest((
        post.pk, post.kind, post.reply_count, post.view_count, post.best_answer_id, post.reaction_summary,
        post.is_bookmarked,
    ))


def render_card(post, *, truncate: bool, csrf_token) -> str:
    cache = caches["cards"]
    keys = (post_key(post, truncate=truncate), actions_key(post))
    found = cache.get_many(keys)
    # Rendered without the request, so nothing about the reader reaches the HTML but what the keys hold.
    if (top := found.get(keys[0])) is None:
        top = get_template("conversations/_post.html").render(
            {"post": post, "truncate": truncate, "time_title": TITLE_SLOT, "actions_slot": ACTIONS_SLOT,
             "csrf_token": CSRF_SLOT})
        cache.set(keys[0], top)
    if (actions := found.get(keys[1])) is None:
        actions = get_template("conversations/_post_actions.html").render({"post": post, "csrf_token": CSRF_SLOT})
        cache.set(keys[1], actions)
    html = top.replace(TITLE_SLOT, escape(post.created_title), 1).replace(ACTIONS_SLOT, actions, 1)
    return mark_safe(html.replace(CSRF_SLOT, escape(str(csrf_token))))
