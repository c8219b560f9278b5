"""Cursor pagination for every list of the API.

A cursor is opaque to clients: base64 of where the last page stopped (a sort key and an id), so a page
is one indexed range query however deep the client has read, and new rows never shift the pages. A
cursor that we did not make is a 400 with the code `bad_cursor`.
"""

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from ninja.errors import HttpError

from townsquare.api import serializers as out
from townsquare.api.schemas import MAX_ID
from townsquare.conversations import selectors as conv_selectors
from townsquare.conversations.models import Post

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1000  # search pages by position; deeper than this, narrow the search instead


class BadCursor(HttpError):
    def __init__(self) -> None:
        super().__init__(400, "That cursor is not one we gave out. Start again from the first page.")


@dataclass
class Window:
    rows: list
    next_cursor: str | None


def _pack(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode().rstrip("=")


def _unpack(cursor: str):
    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise BadCursor() from None


def _valid_id(pk) -> int:
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk <= MAX_ID:
        raise BadCursor()
    return pk


def keyset(qs: QuerySet, *, field: str, descending: bool, cursor: str | None, limit: int,
           is_time: bool = False, is_number: bool = False) -> Window:
    """One page of `qs` ordered by (`field`, pk), ascending or descending, after `cursor`. `field` holds a
    text, a time (is_time) or a whole number (is_number: a count, an id)."""
    qs = qs.order_by(f"-{field}", "-pk") if descending else qs.order_by(field, "pk")
    if cursor:
        packed = _unpack(cursor)
        if not isinstance(packed, list) or len(packed) != 2:
            raise BadCursor()
        value, pk = packed[0], _valid_id(packed[1])
        if is_number:
            if not isinstance(value, int) or isinstance(value, bool) or not -MAX_ID <= value <= MAX_ID:
                raise BadCursor()
        elif not isinstance(value, str):
            raise BadCursor()
        elif is_time:
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise BadCursor() from None
            if value.tzinfo is None:
                raise BadCursor()
        elif "\x00" in value:
            raise BadCursor()
        op = "lt" if descending else "gt"
        qs = qs.filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk}))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if not more or not rows:
        return Window(rows, None)
    last = getattr(rows[-1], field)
    return Window(rows, _pack([last.isoformat() if is_time else last, rows[-1].pk]))


def by_offset(qs: QuerySet, *, cursor: str | None, limit: int) -> Window:
    """For search, whose order is the index's own: the cursor holds the position reached."""
    start = 0
    if cursor:
        packed = _unpack(cursor)
        if not isinstance(packed, dict) or not isinstance(packed.get("at"), int) or not 0 <= packed["at"] <= MAX_OFFSET:
            raise BadCursor()
        start = packed["at"]
    rows = list(qs[start: start + limit + 1])
    more = len(rows) > limit and start + limit <= MAX_OFFSET
    return Window(rows[:limit], _pack({"at": start + limit}) if more else None)


def posts_window(qs: QuerySet, person, *, cursor: str | None, limit: int) -> Window:
    """A page of posts through the feeds' own page_of (newest first, everything a card shows, a fixed
    number of queries); its cursors are checked here first so a forged one never reaches the query."""
    if cursor:
        decoded = conv_selectors.decode_cursor(cursor)
        if decoded is None or decoded[0].tzinfo is None:
            raise BadCursor()
        _valid_id(decoded[1])
    page = conv_selectors.page_of(qs, person, cursor=cursor, size=limit)
    return Window(page.posts, page.next_cursor)


def one_post(person, post) -> dict:
    """A post the caller has opened through access (or `person` has just written) as its reader sees it.
    By primary key alone: access has already said yes, and posts_visible_to's subqueries cost more to build
    than the rest of a write (every API post create and read answers through here)."""
    window = posts_window(Post.objects.filter(pk=post.pk), person, cursor=None, limit=1)
    return out.posts(window.rows, reader=person)[0]


def page(request, window: Window, items: list) -> dict:
    """The response body of a list: its items and the link to the next page."""
    next_url = None
    if window.next_cursor:
        query = request.GET.copy()
        query["cursor"] = window.next_cursor
        next_url = request.build_absolute_uri(request.path + "?" + urlencode(sorted(query.items())))
    return {"items": items, "next": next_url, "next_cursor": window.next_cursor}
