"""What one live stream may pass on, and the catch-up that makes a reconnecting page equal to a fresh one.

A stream serves one signed-in person on one page: a feed (home, company or a group), a post, or any
other page (then only the bell count). For every event it asks two questions:

* `may_read` — privacy, with the rules of conversations/access.py: company-wide posts and posts in
  public groups are for every signed-in person; posts in private and secret groups only for active
  members. Memberships and follows are read when the stream opens, again before an event that
  depends on them once they are more than REFRESH_S old, and while idle every IDLE_REFRESH_S (views.py;
  a deactivated person's stream then ends). A stream that believes its person is a member of a
  non-public group confirms it in the database before passing the event on, so someone removed from
  a group gets nothing more from it;
* `wants` — relevance: does the post belong to the feed on screen? For the home feed this mirrors
  `conversations.selectors.feed_home` (own posts, people, groups and topics followed, my groups,
  company-wide praise and articles); tests/live/test_viewer.py checks that the two agree.

`catch_up` is what a stream sends first, and again after any gap (reconnect, Redis back, a stream
that fell behind): the ids of feed posts newer than the page's cursor, the unread count and the
post's counters — read from the same selectors as the pages themselves.
"""

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.http import Http404

from townsquare.conversations import access, selectors
from townsquare.conversations.models import Follow, Membership, Post
from townsquare.people.models import Person

REFRESH_S = 60.0  # how old a stream's memberships and follows may get before they are read again
NEW_POSTS_LIMIT = 99  # the banner says "99+" beyond this
FEEDS = ("home", "company", "group")


@dataclass
class Viewer:
    person_id: int
    feed: str = ""  # "", "home", "company" or "group"
    group_id: int | None = None
    post_id: int | None = None
    since: datetime | None = None
    active: bool = True
    member_groups: set[int] = field(default_factory=set)
    followed_people: set[int] = field(default_factory=set)
    followed_groups: set[int] = field(default_factory=set)
    followed_topics: set[int] = field(default_factory=set)
    loaded_at: float = 0.0
    auth_hash: str = ""  # the session's password hash at opening: a password change ends the stream
    checked_at: float = 0.0

    # --- reads (sync: run them through townsquare.live.views.db) --------------------------------
    def check_person(self) -> None:
        """Is the stream's person still who opened it: active, and with the same password? One query."""
        person = Person.objects.filter(pk=self.person_id).only("is_active", "password").first()
        self.active = bool(person and person.is_active
                           and (not self.auth_hash or person.get_session_auth_hash() == self.auth_hash))
        self.checked_at = time.monotonic()

    def load(self) -> None:
        """The person's standing, memberships and follows, in three queries."""
        self.check_person()
        self.member_groups = set(Membership.objects.filter(person_id=self.person_id, state=Membership.State.ACTIVE)
                                 .values_list("group_id", flat=True))
        self.followed_people, self.followed_groups, self.followed_topics = set(), set(), set()
        buckets = {Follow.Target.PERSON: self.followed_people, Follow.Target.GROUP: self.followed_groups,
                   Follow.Target.TOPIC: self.followed_topics}
        for kind, target in Follow.objects.filter(follower_id=self.person_id).values_list("target_kind", "target_id"):
            if kind in buckets:
                buckets[kind].add(target)
        self.loaded_at = time.monotonic()

    def stale(self, max_age_s: float = REFRESH_S) -> bool:
        return time.monotonic() - self.loaded_at > max_age_s

    def needs_current(self, event: dict) -> bool:
        """Does deciding on this event depend on memberships or follows? (Company-wide and public posts
        on the company or a group feed do not: 1,000 streams then pass it on without a query.)"""
        if event.get("group") is not None and not event.get("public"):
            return True
        return event.get("type") == "post" and self.feed == "home"

    def still_member(self, group_id: int) -> bool:
        ok = Membership.objects.filter(person_id=self.person_id, group_id=group_id, state=Membership.State.ACTIVE,
                                       person__is_active=True).exists()
        if not ok:
            self.member_groups.discard(group_id)
        return ok

    def catch_up(self) -> dict:
        person = Person.objects.get(pk=self.person_id)
        state: dict = {"unread": selectors.unread_count(person)}
        qs = self._feed_queryset(person)
        if qs is not None and self.since is not None:
            ids = list(qs.filter(created_at__gt=self.since).order_by("-created_at", "-id")
                       .values_list("id", flat=True)[:NEW_POSTS_LIMIT + 1])
            state["new_posts"] = ids[:NEW_POSTS_LIMIT]
            state["more"] = len(ids) > NEW_POSTS_LIMIT
        if self.post_id is not None:
            post = access.posts_visible_to(person).filter(pk=self.post_id).values("reply_count", "reaction_count").first()
            if post:
                state["post"] = {"replies": post["reply_count"], "reactions": post["reaction_count"]}
        return state

    def _feed_queryset(self, person):
        if self.feed == "home":
            return selectors.feed_home(person)
        if self.feed == "company":
            return selectors.feed_company(person)
        if self.feed == "group" and self.group_id is not None:
            return access.posts_visible_to(person).filter(group_id=self.group_id)
        return None

    # --- decisions (no database) ------------------------------------------------------------------
    def may_read(self, event: dict) -> str:
        """"yes", "no", or "confirm" (a non-public group this stream believes its person is in)."""
        if not self.active:
            return "no"
        if "readers" in event and self.person_id not in event["readers"]:  # a preview for chosen people
            return "no"
        group = event.get("group")
        if group is None or event.get("public"):
            return "yes"
        return "confirm" if group in self.member_groups else "no"

    def wants(self, event: dict) -> bool:
        """Does the event belong on this page (privacy aside)?"""
        kind = event.get("type")
        if kind == "unread":
            return str(self.person_id) in event.get("counts", {})
        if kind in ("reply", "reaction"):
            return self.post_id is not None and event.get("post") == self.post_id
        if kind != "post":
            return False
        if self.since is not None and event.get("created") and _created(event) <= self.since:
            return False
        group = event.get("group")
        if self.feed == "company":
            return group is None
        if self.feed == "group":
            return group is not None and group == self.group_id
        if self.feed == "home":
            return (event.get("author") == self.person_id
                    or event.get("author") in self.followed_people
                    or (group is not None and (group in self.member_groups or group in self.followed_groups))
                    or (group is None and event.get("kind") in (Post.Kind.PRAISE, Post.Kind.ARTICLE))
                    or bool(self.followed_topics.intersection(event.get("topics") or ()))
                    or self.person_id in (event.get("readers") or ()))  # a preview shared with me
        return False

    def render(self, event: dict) -> tuple[str, dict]:
        """The (event name, data) the browser gets: only what that page needs."""
        kind = event["type"]
        if kind == "unread":
            return "unread", {"count": event["counts"][str(self.person_id)]}
        if kind == "post":
            return "post", {"id": event["post"], "at": event.get("at")}
        return kind, {"post": event["post"], "replies": event.get("replies"), "reactions": event.get("reactions"),
                      "at": event.get("at")}

    def shared_payload(self, event: dict) -> bool:
        """Is what this page gets the same for every stream (so it can be encoded once per process)?"""
        return event.get("type") != "unread"


def _created(event: dict) -> datetime:
    # Parsed once per process: every stream of the process holds the same event dict.
    if "_created_dt" not in event:
        event["_created_dt"] = datetime.fromisoformat(event["created"])
    return event["_created_dt"]


def open_viewer(person, *, feed: str, group_slug: str, post_id: int | None, since: datetime | None) -> Viewer:
    """Check the page's parameters with the access functions (not found and not allowed: the same 404)
    and return the stream's viewer, loaded."""
    viewer = Viewer(person_id=person.pk, feed=feed, since=since, auth_hash=person.get_session_auth_hash())
    if feed == "group":
        group = access.access_group(person, group_slug)
        if not access.can_read_group_posts(person, group):
            raise Http404("No such group")
        viewer.group_id = group.pk
    if post_id is not None:
        viewer.post_id = access.access_post(person, post_id).pk
    viewer.load()
    return viewer

