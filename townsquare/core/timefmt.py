"""How an exact moment reads everywhere in the app: "Fri 04 Dec 2026, 17:48 CET", in the reader's time zone
(core/middleware activates it). Post cards show it as the title of their relative time ("3 minutes ago"), the
edit histories of posts and replies as their dates; templates use the `when` filter (conversations' post_cards)."""

from datetime import datetime

from django.utils import timezone

FORMAT = "%a %d %b %Y, %H:%M %Z"


def when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime(FORMAT)
