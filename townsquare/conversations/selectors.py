"""Reads for conversations: feeds, queues and the per-page decorations, at a fixed query count."""

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from townsquare.conversations import extensions
from townsquare.conversations.access import (
    audience_post_ids,
    posts_visible_to,
    readable_post_rule,
    timeline_visible_to,
)
from townsquare.conversations.models import (
    Attachment,
    Bookmark,
    FeedPreference,
    Follow,
    Group,
    Membership,
    Notification,
    Post,
    PostPreview,
    PostShare,
    PostView,
    Reaction,
    Reply,
    ReplyReaction,
)
from townsquare.core import timefmt
from townsquare.core.compiled import CompiledQuery

PAGE_SIZE = settings.TOWNSQUARE["FEED_PAGE_SIZE"]
HIGHLIGHT_REACTIONS = 10  # a company-wide post with this many reactions reaches every home feed


def _followed(person, kind: str):
    return Follow.objects.filter(follower=person, target_kind=kind).values("target_id")


def feed_home(person) -> QuerySet[Post]:
    """What I follow, my groups, my own posts, company-wide highlights (praise, articles and
    posts that drew many reactions) and the previews shared with me."""
    topic_match = Post.topics.through.objects.filter(post_id=OuterRef("pk"), topic_id__in=_followed(person, "topic"))
    my_groups = Membership.objects.filter(person=person, state=Membership.State.ACTIVE).values("group_id")
    return timeline_visible_to(person).filter(
        Q(by=person.pk)
        | Q(by__in=_followed(person, "person"))
        | Q(in_group__in=my_groups)
        | Q(in_group__in=_followed(person, "group"))
        | Q(in_group__isnull=True, kind__in=[Post.Kind.PRAISE, Post.Kind.ARTICLE])
        | Q(in_group__isnull=True, reaction_count__gte=HIGHLIGHT_REACTIONS)
        | Exists(topic_match)
        | Q(pk__in=audience_post_ids(person))  # previews shared with me
    )


def feed_company(person) -> QuerySet[Post]:
    return posts_visible_to(person).filter(group__isnull=True)


def feed_group(person, group) -> QuerySet[Post]:
    return posts_visible_to(person).filter(group=group)


def feed_topic(person, topic) -> QuerySet[Post]:
    return posts_visible_to(person).filter(id__in=Post.topics.through.objects.filter(topic=topic).values("post_id"))


def feed_profile(person, author) -> QuerySet[Post]:
    return posts_visible_to(person).filter(author=author)


def unanswered_questions(person) -> QuerySet[Post]:
    return posts_visible_to(person).filter(kind=Post.Kind.QUESTION, reply_count=0)


def bookmarked_posts(person) -> QuerySet[Post]:
    return posts_visible_to(person).filter(id__in=Bookmark.objects.filter(person=person).values("post_id"))


# --- pages -------------------------------------------------------------------------------

@dataclass
class Page:
    posts: list[Post]
    next_cursor: str | None
    order: str = "newest"
    anchor: datetime | None = None  # ranked pages: the moment the ranking was worked out for

    @property
    def since_iso(self) -> str:
        """Where the live "N new posts" count starts: the newest post shown (newest first), or the moment a
        ranked page was ranked for (anything posted after it is new to the reader, wherever it would rank)."""
        if self.order == FeedPreference.Order.RANKED and self.anchor is not None:
            return self.anchor.isoformat()
        return self.posts[0].created_iso if self.posts else timezone.now().isoformat()


# --- ranked feeds (docs/ARCHITECTURE.md, "Ranked feeds") -------------------------------------------------
# score = recency × engagement × affinity, all in SQL on the post's row and the reader's follows and groups.
RANKED_WINDOW = timedelta(days=30)  # ranked feeds rank the last 30 days; older posts are in "Newest first"
# Recency falls in steps (a half-life of about a day and a half), written as CASE so that SQLite and PostgreSQL
# compute the same number without date arithmetic: (younger than, weight); older than the last step: the floor.
RECENCY_STEPS = ((timedelta(hours=6), 1.0), (timedelta(hours=24), 0.7), (timedelta(days=3), 0.45),
                 (timedelta(days=7), 0.25), (timedelta(days=14), 0.12))
RECENCY_FLOOR = 0.05
# Engagement = 1 + ENGAGEMENT_MAX × p / (ENGAGEMENT_HALF + p), p = 2 × replies + reactions: a conversation counts
# twice a reaction, and it saturates, so a post with 200 reactions does not sit on top for a week.
ENGAGEMENT_MAX = 2.0
ENGAGEMENT_HALF = 5.0
# Affinity = 1 + these, for the reader: the author is someone they follow; the post is in one of their groups or
# a group they follow; it carries a #topic they follow.
AFFINITY_PERSON = 1.0
AFFINITY_GROUP = 0.5
AFFINITY_TOPIC = 0.5


def feed_order_of(person) -> str:
    """The order `person` chose for their home and company feeds (newest first until they choose). Through the
    ORM: the same query with its SQL built once (core.compiled) halved what `bench http` served on PostgreSQL
    (mixed 52.5 → 34.5 req/s, back to back), for a reason not found yet (docs/PERFORMANCE.md)."""
    if not person.is_authenticated:
        return FeedPreference.Order.NEWEST
    found = FeedPreference.objects.filter(person=person).values_list("order", flat=True).first()
    return found or FeedPreference.Order.NEWEST


def rank_feed(qs: QuerySet[Post], person, *, now: datetime) -> QuerySet[Post]:
    """`qs` restricted to the ranked window before `now`, annotated with `rank_score` and ordered by it."""
    recency = Case(*[When(created_at__gte=now - age, then=Value(weight)) for age, weight in RECENCY_STEPS],
                   default=Value(RECENCY_FLOOR), output_field=FloatField())
    points = Cast(F("reply_count") * 2 + F("reaction_count"), FloatField())
    engagement = Value(1.0) + Value(ENGAGEMENT_MAX) * points / (Value(ENGAGEMENT_HALF) + points)
    my_groups = Membership.objects.filter(person=person, state=Membership.State.ACTIVE).values("group_id")
    topic_match = Post.topics.through.objects.filter(post_id=OuterRef("pk"), topic_id__in=_followed(person, "topic"))
    affinity = (
        Value(1.0)
        + Case(When(author_id__in=_followed(person, "person"), then=Value(AFFINITY_PERSON)),
               default=Value(0.0), output_field=FloatField())
        + Case(When(Q(group_id__in=my_groups) | Q(group_id__in=_followed(person, "group")),
                    then=Value(AFFINITY_GROUP)), default=Value(0.0), output_field=FloatField())
        + Case(When(Exists(topic_match), then=Value(AFFINITY_TOPIC)), default=Value(0.0), output_field=FloatField())
    )
    return (qs.filter(created_at__gte=now - RANKED_WINDOW, created_at__lte=now)
            .annotate(rank_score=recency * engagement * affinity)
            .order_by("-rank_score", "-created_at", "-id"))


def encode_ranked_cursor(anchor: datetime, offset: int) -> str:
    raw = f"r|{anchor.isoformat()}|{offset}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_ranked_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, stamp, offset = raw.split("|")
        anchor, offset_n = datetime.fromisoformat(stamp), int(offset)
    except (ValueError, UnicodeDecodeError):
        return None
    if tag != "r" or offset_n < 0 or anchor.tzinfo is None:
        return None
    return anchor, offset_n


def ranked_page_of(qs: QuerySet[Post], person, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """One ranked page. The cursor holds the moment the first page was ranked for and how far the reader got, so
    the next pages continue the same ranking (a post's place does not move while the reader scrolls) and a bad
    cursor starts again from the top."""
    decoded = decode_ranked_cursor(cursor) if cursor else None
    anchor, offset = decoded if decoded else (timezone.now(), 0)
    posts = list(
        rank_feed(qs, person, now=anchor).select_related(*card_related())
        .prefetch_related(*card_prefetches())[offset: offset + size + 1]
    )
    has_more = len(posts) > size
    posts = posts[:size]
    decorate(posts, person)
    return Page(posts=posts, next_cursor=encode_ranked_cursor(anchor, offset + size) if has_more else None,
                order=FeedPreference.Order.RANKED, anchor=anchor)


def encode_cursor(post: Post) -> str:
    raw = f"{post.created_at.isoformat()}|{post.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|")
        return datetime.fromisoformat(stamp), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


# What a card reads by join: the author, group, praised group, preview, and for a share its original's author and
# group (whether the reader may see the original is decided in decorate, through posts_visible_to).
CARD_RELATED = ("author", "group", "praised_group", "preview", "share__original__author", "share__original__group")


def card_related() -> tuple[str, ...]:
    """Every join a post card reads, ours and the feature packages' labels (e.g. a praise's value): one list for
    every way a feed is ordered, so no order reads a label post by post."""
    return (*CARD_RELATED, *extensions.card_label_joins())


def card_prefetches() -> tuple[Prefetch, ...]:
    """What a post card reads beyond its row, as plain lists on each post (`attachment_list`,
    `praised_list`): with to_attr, Django skips building a related manager and its queryset for every
    post on the page (measured: about 4 % of a feed page's CPU)."""
    return (Prefetch("attachments", queryset=Attachment.objects.order_by("id"), to_attr="attachment_list"),
            Prefetch("praised_people", to_attr="praised_list"))


def page_of(qs: QuerySet[Post], person, *, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """One page, newest first, with everything the post card shows, in a fixed number of queries.
    Each post carries `attachment_list` and `praised_list` (lists) besides what `decorate` adds."""
    qs = qs.order_by("-created_at", "-id")
    if cursor:
        decoded = decode_cursor(cursor)
        if decoded:
            stamp, pk = decoded
            # The plain bound lets the database start its index walk at the cursor.
            qs = qs.filter(Q(created_at__lt=stamp) | Q(id__lt=pk), created_at__lte=stamp)
    posts = list(
        qs.select_related(*card_related())
        .prefetch_related(*card_prefetches())[: size + 1]
    )
    has_more = len(posts) > size
    posts = posts[:size]
    decorate(posts, person)
    return Page(posts=posts, next_cursor=encode_cursor(posts[-1]) if has_more and posts else None)


def stage_line(post: Post) -> str:
    """A staged post's line on its card: "Preview — shared with 6 people" until it is widened, then "First shared
    with 6 people on 2 Dec: 4 responses". Empty for any other post."""
    try:
        preview = post.preview
    except PostPreview.DoesNotExist:
        return ""
    n = preview.shared_with
    who = f"{n} {'person' if n == 1 else 'people'}" + (f" ({preview.source_label})" if preview.source_label else "")
    if preview.widened_at is None:
        return f"Preview — shared with {who}"
    day = timezone.localtime(preview.shared_at)
    r = preview.responses_at_widening or 0
    return f"First shared with {who} on {day.day} {day:%b}: {r} response{'' if r == 1 else 's'}"


BOOKMARK_MARK = "*bookmark*"  # not a reaction kind: marks the bookmark rows in decorate's one query


def decorate(posts: list[Post], person) -> None:
    """Attach the viewer's own reactions and bookmarks: one query for the whole page."""
    ids = [p.pk for p in posts]
    mine: dict[int, set[str]] = {}
    marked: set[int] = set()
    if ids and person.is_authenticated:
        # One query for both (a UNION), so the feed's budget has room for the reader's feed order.
        bookmarks = (Bookmark.objects.filter(person=person, post_id__in=ids)
                     .annotate(mark=Value(BOOKMARK_MARK, output_field=CharField())).values_list("post_id", "mark"))
        for post_id, kind in (Reaction.objects.filter(person=person, post_id__in=ids).values_list("post_id", "kind")
                              .union(bookmarks, all=True)):
            if kind == BOOKMARK_MARK:
                marked.add(post_id)
            else:
                mine.setdefault(post_id, set()).add(kind)
    kind_labels = dict(Post.Kind.choices)
    _decorate_shares(posts, person)
    extensions.decorate_cards(posts, person)  # events' and polls' own parts of their cards
    for p in posts:
        p.card_labels = extensions.card_labels_of(p)
        # Worked out here once rather than by template filters in every card (see bench/feed.py).
        p.kind_label = kind_labels.get(p.kind, p.kind)
        p.created_iso = p.created_at.isoformat()
        p.created_title = timefmt.when(p.created_at)
        p.created_natural = naturaltime(p.created_at)
        p.my_reactions = mine.get(p.pk, set())
        p.is_bookmarked = p.pk in marked
        p.stage_line = stage_line(p)
        p.reaction_summary = [
            (kind, emoji, label, p.reaction_counts.get(kind, 0), "true" if kind in p.my_reactions else "false")
            for kind, emoji, label in REACTION_CHOICES
        ]


def replies_of(post: Post, person) -> list[Reply]:
    """A post's replies, oldest first, each with its author and `reaction_summary` (as a post card's, for
    `{% reaction_buttons %}`) and `my_reactions`: two queries however many replies there are."""
    replies = list(Reply.objects.filter(post=post).select_related("author"))
    mine: dict[int, set[str]] = {}
    if replies and person.is_authenticated:
        for reply_id, kind in ReplyReaction.objects.filter(person=person, reply__post=post).values_list("reply_id", "kind"):
            mine.setdefault(reply_id, set()).add(kind)
    for r in replies:
        decorate_reply(r, mine.get(r.pk, set()))
    return replies


def decorate_reply(reply: Reply, my_reactions: set[str]) -> Reply:
    reply.my_reactions = my_reactions
    reply.reaction_summary = [
        (kind, emoji, label, reply.reaction_counts.get(kind, 0), "true" if kind in my_reactions else "false")
        for kind, emoji, label in REACTION_CHOICES
    ]
    return reply


def reply_for(reply: Reply, person) -> Reply:
    """One reply, fresh from the database and decorated as replies_of does (the htmx answer of a reaction)."""
    fresh = Reply.objects.select_related("author", "post").get(pk=reply.pk)
    mine = set(ReplyReaction.objects.filter(reply=fresh, person=person).values_list("kind", flat=True)) \
        if person.is_authenticated else set()
    return decorate_reply(fresh, mine)


def _decorate_shares(posts: list[Post], person) -> None:
    """`is_share` and `shared_original` on each post: the original only when the reader may read it (one query,
    and only when the page holds a share), else None — the card then says it is a post they can't see."""
    originals = {}
    for p in posts:
        try:
            share = p.share
        except PostShare.DoesNotExist:
            share = None
        p.is_share = share is not None
        p.shared_original = None
        if share is not None and share.original_id:
            originals[p.pk] = share.original
    if not originals:
        return
    readable = set(posts_visible_to(person).filter(pk__in=[o.pk for o in originals.values()], hidden_at__isnull=True)
                   .values_list("pk", flat=True)) if person.is_authenticated else set()
    labels = dict(Post.Kind.choices)
    for p in posts:
        original = originals.get(p.pk)
        if original is not None and original.pk in readable:
            original.kind_label = labels.get(original.kind, original.kind)
            p.shared_original = original


# (kind, emoji, label) for each reaction, split once rather than per card.
REACTION_CHOICES = [(kind, *label.split(" ", 1)) for kind, label in Reaction.Kind.choices]


def seen_by_named(post, limit: int = 200) -> list:
    """The viewers of `post` who chose to show it (Person.show_seen_posts); everyone else is only counted."""
    return list(PostView.objects.filter(post=post, person__show_seen_posts=True, person__is_active=True)
                .select_related("person").order_by("-created_at")[:limit])


def notifications_visible_to(person):
    """A person's notifications, less those about a post they can no longer read (they left its group
    since): the bell never shows, names or links what its owner may not open."""
    return Notification.objects.filter(recipient=person).filter(
        Q(post__isnull=True) | Q(post__in=posts_visible_to(person)))


def _unread_rows(person):
    return (Notification.objects.filter(recipient=person, read_at__isnull=True)
            .filter(readable_post_rule(person, via="post"))
            .values("recipient_id").annotate(n=Count("id")).values("n"))


_UNREAD = CompiledQuery(_unread_rows)


def unread_count(person) -> int:
    """The bell's badge on every page: `notifications_visible_to(…).filter(read_at__isnull=True).count()`,
    with the post rule as correlated EXISTS on the unread rows (access.readable_post_rule) rather than
    `posts_visible_to`'s nested subqueries, and its SQL built once per process (core.compiled): building
    the query cost the ORM ten times what the database takes to run it, on every page."""
    rows = _UNREAD.rows(person)
    return rows[0][0] if rows else 0


def notifications_for(person, limit: int = 50) -> list[Notification]:
    return list(notifications_visible_to(person).select_related("actor", "post", "group")[:limit])


# Reactions to the same post (or the same reply) read as one line in the bell: "Ana and 4 others reacted to your
# post". The rows stay one per act (email, push and digests stand on them); they are grouped only when shown.
GROUPED_VERBS = (Notification.Verb.REACTION, Notification.Verb.REPLY_REACTION)
GROUP_SCAN = 500  # the newest rows read to make the bell's lines; a line never mixes in older ones


@dataclass
class NotificationLine:
    """One line of the bell: one notification, or the reactions to one post or reply grouped (newest first)."""

    newest: Notification
    rows: list

    @property
    def actors(self) -> list:
        seen, people = set(), []
        for n in self.rows:
            if n.actor_id not in seen:
                seen.add(n.actor_id)
                people.append(n.actor)
        return people

    @property
    def actor_text(self) -> str:
        """"Ana Ruiz", "Ana Ruiz and Ben Okri", "Ana Ruiz and 4 others"."""
        people = self.actors
        if len(people) == 1:
            return people[0].name
        if len(people) == 2:
            return f"{people[0].name} and {people[1].name}"
        return f"{people[0].name} and {len(people) - 1} others"

    @property
    def is_unread(self) -> bool:
        return any(n.read_at is None for n in self.rows)

    @property
    def from_coach(self) -> bool:
        return self.newest.from_coach

    @property
    def sentence(self) -> str:
        """The whole line: "Ana Ruiz and 4 others reacted to your post", or the coach's own "Your coach: …"."""
        return self.newest.sentence if self.from_coach else f"{self.actor_text} {self.text}"

    # what the template reads, the same for one notification and a group
    actor = property(lambda self: self.newest.actor)
    text = property(lambda self: self.newest.text)
    post = property(lambda self: self.newest.post)
    group = property(lambda self: self.newest.group)
    created_at = property(lambda self: self.newest.created_at)
    open_url = property(lambda self: self.newest.open_url)
    count = property(lambda self: len(self.rows))


def group_key(n: Notification):
    """Which line `n` belongs to: reactions to the same post (or reply: its link) share one; anything else is alone."""
    if n.verb in GROUPED_VERBS and n.post_id:
        return (n.verb, n.post_id, n.link)
    return ("one", n.pk)


def notification_lines(person, limit: int = 50) -> list[NotificationLine]:
    """The bell's lines, newest first: reactions to one post or reply grouped into one line, placed where its newest
    reaction is; at most `limit` lines from the newest GROUP_SCAN notifications."""
    lines: dict = {}
    for n in notifications_visible_to(person).select_related("actor", "post", "group")[:GROUP_SCAN]:
        key = group_key(n)
        if key in lines:
            lines[key].rows.append(n)
        elif len(lines) < limit:
            lines[key] = NotificationLine(newest=n, rows=[n])
    return list(lines.values())


@dataclass
class Following:
    """What a person follows, newest first within each kind: people, groups and topics (Follow rows)."""

    people: list
    groups: list
    topics: list

    @property
    def count(self) -> int:
        return len(self.people) + len(self.groups) + len(self.topics)


def following_of(person, limit: int = 500) -> Following:
    """The signed-in person's own follows, as they may see them: active people, groups they may open, topics on a
    post they may read (a follow left on what they can no longer see is not listed). Four queries."""
    from townsquare.conversations.access import groups_visible_to, topics_visible_to
    from townsquare.people.models import Person

    rows = list(Follow.objects.filter(follower=person).order_by("-created_at", "-id")
                .values_list("target_kind", "target_id")[: 3 * limit])
    ids = {kind: [pk for k, pk in rows if k == kind] for kind in Follow.Target.values}

    def in_order(qs, kind):
        found = qs.in_bulk(ids[kind])
        return [found[pk] for pk in ids[kind] if pk in found][:limit]

    return Following(
        people=in_order(Person.objects.filter(is_active=True).select_related("department"), Follow.Target.PERSON),
        groups=in_order(groups_visible_to(person), Follow.Target.GROUP),
        topics=in_order(topics_visible_to(person), Follow.Target.TOPIC),
    )


def is_following(person, kind: str, target_id: int) -> bool:
    return person.is_authenticated and Follow.objects.filter(follower=person, target_kind=kind, target_id=target_id).exists()


def profile_groups(person, limit: int = 12) -> list[Membership]:
    """The public groups a profile lists."""
    return list(Membership.objects.filter(person=person, state=Membership.State.ACTIVE, group__visibility="public")
                .select_related("group").order_by("group__name")[:limit])


def follower_count(kind: str, target_id: int) -> int:
    return Follow.objects.filter(target_kind=kind, target_id=target_id).count()


def groups_of(person):
    """The groups `person` is an active member of, by name (the composer's "Post to" list)."""
    return Group.objects.filter(memberships__person=person, memberships__state=Membership.State.ACTIVE).order_by("name")


def group_members(group, *, with_pending: bool):
    """A group's members, admins first; with pending requests and invitations for its admins."""
    memberships = (Membership.objects.filter(group=group).select_related("person", "person__department")
                   .order_by("-role", "person__name"))
    return memberships if with_pending else memberships.filter(state=Membership.State.ACTIVE)
