"""Access functions: every read of groups, posts and replies goes through here.

Not found and not allowed are the same 404, so an id never tells an outsider that something exists. The
`access_*` functions take the action the caller wants to take (`access_post(person, post_id, action="edit")`):
being able to read a post is not being able to delete it, and both refusals are the same 404.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from townsquare.conversations.models import (
    Attachment,
    Follow,
    Group,
    Membership,
    Notification,
    Post,
    PostAudience,
    Reply,
)


def _active_memberships(person):
    return Membership.objects.filter(person=person, state=Membership.State.ACTIVE)


def readable_group_ids(person):
    """Subquery of the groups whose posts `person` may read: public ones and the ones they belong to."""
    return Group.objects.filter(
        Q(visibility=Group.Visibility.PUBLIC) | Q(id__in=_active_memberships(person).values("group_id"))
    ).values("id")


def groups_visible_to(person) -> QuerySet[Group]:
    """Groups whose page `person` may open: public and private ones are listed; secret ones only
    for members and the people invited to them."""
    if not person.is_authenticated:
        return Group.objects.none()
    mine = Membership.objects.filter(person=person).values("group_id")
    return Group.objects.filter(~Q(visibility=Group.Visibility.SECRET) | Q(id__in=mine))


GROUP_ACTIONS = ("open", "read_posts", "admin")


def access_group(person, slug: str, action: str = "open") -> Group:
    """The group's page ("open": listed to the person), its posts and members ("read_posts": public, or a
    member), or its settings, invitations and requests ("admin": an active admin of the group)."""
    if action not in GROUP_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    group = groups_visible_to(person).filter(slug=slug).first()
    if group is None or (action == "read_posts" and not can_read_group_posts(person, group)) \
            or (action == "admin" and not is_group_admin(person, group)):
        raise Http404("No such group")
    return group


def access_membership(person, group: Group, membership_id: int) -> Membership:
    """A membership of `group` that `person`, its admin, decides on."""
    membership = Membership.objects.filter(pk=membership_id, group=group).select_related("person").first()
    if membership is None or not is_group_admin(person, group):
        raise Http404("No such member")
    return membership


@contextmanager
def refused_as_not_found(what: str = "Not found"):
    """Where a service refuses (PermissionDenied) something the person may not even know of, answer as if
    it did not exist: the same 404."""
    try:
        yield
    except PermissionDenied:
        raise Http404(what) from None


def can_read_group_posts(person, group: Group) -> bool:
    return group.visibility == Group.Visibility.PUBLIC or _active_memberships(person).filter(group=group).exists()


def membership_of(person, group: Group) -> Membership | None:
    if not person.is_authenticated:
        return None
    return Membership.objects.filter(person=person, group=group).first()


def is_group_admin(person, group: Group) -> bool:
    return Membership.objects.filter(
        person=person, group=group, state=Membership.State.ACTIVE, role=Membership.Role.ADMIN
    ).exists()


def audience_post_ids(person):
    """Subquery of the restricted posts (a preview, a variant shown to chosen people) `person` was chosen for."""
    return PostAudience.objects.filter(person=person).values("post_id")


def audience_rule(person, *, author_field: str = "author_id") -> Q:
    """A post's own audience, on top of its group's rules: open posts are for whoever may read their group;
    restricted ones (Post.Audience PREVIEW and CHOSEN) only for their author and their PostAudience people."""
    return Q(audience=Post.Audience.OPEN) | Q(**{author_field: person.pk}) | Q(pk__in=audience_post_ids(person))


def posts_visible_to(person) -> QuerySet[Post]:
    """Company-wide posts, posts in public groups and posts in the person's groups — of those that are
    restricted to chosen people (a preview), only the ones the person is the author of or was chosen for."""
    if not person.is_authenticated:
        return Post.objects.none()
    return Post.objects.filter(Q(group__isnull=True) | Q(group_id__in=readable_group_ids(person))).filter(
        audience_rule(person))


def timeline_visible_to(person) -> QuerySet[Post]:
    """`posts_visible_to` for newest-first pages of a feed that mixes many sources (the home feed).

    Adds the aliases `in_group` and `by` (group_id + 0, author_id + 0) for the feed's filters. No
    index covers those expressions, so the database walks the newest-first index and stops once a
    page is full, instead of gathering every readable post of every source and sorting them all:
    on SQLite at 30,000 posts that is 0.2 ms against 45 ms per page (see docs/PERFORMANCE.md).
    """
    if not person.is_authenticated:
        return Post.objects.none()
    return Post.objects.alias(in_group=F("group_id") + 0, by=F("author_id") + 0).filter(
        Q(in_group__isnull=True) | Q(in_group__in=readable_group_ids(person))
    ).filter(audience_rule(person, author_field="by"))


POST_ACTIONS = {
    "read": lambda person, post: True,
    "edit": lambda person, post: can_edit_post(person, post),
    "delete": lambda person, post: can_delete_post(person, post),
    "pin": lambda person, post: can_pin_post(person, post),
    "choose_best_answer": lambda person, post: post.kind == Post.Kind.QUESTION and post.author_id == person.pk,
    "widen": lambda person, post: post.audience == Post.Audience.PREVIEW and post.author_id == person.pk,
    "share": lambda person, post: not post.is_restricted and not post.is_hidden,
}


def can_read_post(person, post: Post) -> bool:
    """`posts_visible_to`'s rule for one post already in hand: its group's rule (none, public, or an active
    membership), then its own audience (open, its author, or chosen). At most two small lookups, only for a
    post in a non-public group or a restricted one; tests/conversations/test_access_rule.py checks it agrees
    with `posts_visible_to` for every person and post of a world of every kind."""
    if not person.is_authenticated:
        return False
    group = post.group
    if group is not None and group.visibility != Group.Visibility.PUBLIC \
            and not _active_memberships(person).filter(group_id=group.pk).exists():
        return False
    return (post.audience == Post.Audience.OPEN or post.author_id == person.pk
            or PostAudience.objects.filter(post_id=post.pk, person=person).exists())


def readable_post_rule(person, *, via: str) -> Q:
    """`can_read_post` as a filter on rows that point at a post through the foreign key `via` (e.g. the bell's
    notifications, via="post"): rows without a post pass; the two lookups are correlated EXISTS on the
    indexed (person, group) and (person, post) pairs, so the database checks only the rows in hand, where
    `posts_visible_to`'s IN subqueries gather every readable post first. Checked by
    tests/conversations/test_access_rule.py against `posts_visible_to`."""
    member = _active_memberships(person).filter(group_id=OuterRef(f"{via}__group_id"))
    chosen = PostAudience.objects.filter(person=person, post_id=OuterRef(f"{via}_id"))
    return Q(**{f"{via}__isnull": True}) | (
        (Q(**{f"{via}__group__isnull": True}) | Q(**{f"{via}__group__visibility": Group.Visibility.PUBLIC})
         | Exists(member))
        & (Q(**{f"{via}__audience": Post.Audience.OPEN}) | Q(**{f"{via}__author_id": person.pk}) | Exists(chosen)))


def access_post(person, post_id: int, action: str = "read") -> Post:
    """The post, if `person` may read it and take `action` on it; else the same 404 as a missing post.
    One query by primary key and `can_read_post`, not `posts_visible_to`'s subqueries: the write path opens
    a post on every reply and reaction."""
    allowed = POST_ACTIONS[action]
    try:
        post_id = int(post_id)
    except (TypeError, ValueError):
        raise Http404("No such post") from None
    post = Post.objects.select_related("author", "group").filter(pk=post_id).first() \
        if person.is_authenticated and 0 < post_id < 2**63 else None
    if post is None or not can_read_post(person, post) or not allowed(person, post):
        raise Http404("No such post")
    return post


def reply_shown_to(person, reply: Reply) -> bool:
    """Does the post page show `reply`'s text to `person`? Not someone else's reply a moderator hid, and nothing of
    a hidden post's conversation but to the post's author (post_detail.html); elsewhere a notice stands in."""
    post = reply.post
    return ((reply.hidden_at is None or reply.author_id == person.pk)
            and (post.hidden_at is None or post.author_id == person.pk))


REPLY_ACTIONS = {
    "read": lambda person, reply: True,
    # A reply shown as a moderator's notice has nothing to react to.
    "react": lambda person, reply: reply_shown_to(person, reply),
    "edit": lambda person, reply: can_edit_reply(person, reply),
    "delete": lambda person, reply: can_delete_reply(person, reply),
}


def access_reply(person, reply_id, *, post: Post | None = None, action: str = "read") -> Reply:
    """A reply the person may read (on `post`, when given) and take `action` on; a malformed id, a missing reply
    and a refused action are the same 404."""
    allowed = REPLY_ACTIONS[action]
    if not str(reply_id).isdigit() or len(str(reply_id)) > 18:
        raise Http404("No such reply")
    replies = Reply.objects.filter(pk=int(reply_id), post__in=posts_visible_to(person))
    reply = (replies.filter(post=post) if post is not None else replies).select_related(
        "post", "post__group", "author").first()
    if reply is None or not allowed(person, reply):
        raise Http404("No such reply")
    return reply


def can_edit_reply(person, reply: Reply) -> bool:
    return person.is_authenticated and person.pk == reply.author_id


def can_delete_reply(person, reply: Reply) -> bool:
    """Its author. Anyone else's reply is removed through moderation (governance), as for posts."""
    return person.is_authenticated and person.pk == reply.author_id


def access_attachment(person, attachment_id: int) -> Attachment:
    """An attachment of a post the person may read; the same 404 when the post is out of reach."""
    attachment = Attachment.objects.filter(pk=attachment_id, post__in=posts_visible_to(person)).first()
    if attachment is None:
        raise Http404("No such file")
    return attachment


def access_notification(person, notification_id: int) -> Notification:
    """One of the person's own notifications, as the bell shows them (none about a post they can no longer
    read); anyone else's, or one that does not exist, is the same 404."""
    notification = (Notification.objects.filter(pk=notification_id, recipient_id=person.pk)
                    .filter(Q(post__isnull=True) | Q(post__in=posts_visible_to(person)))
                    .select_related("group").first())
    if notification is None:
        raise Http404("No such notification")
    return notification


def access_follow_target(person, kind: str, raw_id) -> object:
    """What `person` asks to follow: an active person, a group they can see, a topic they may know of."""
    from townsquare.people.models import Person

    try:
        target_id = int(raw_id)
    except (TypeError, ValueError):
        raise Http404("Nothing to follow") from None
    target = None
    if kind == Follow.Target.PERSON:
        target = Person.objects.filter(pk=target_id, is_active=True).first()
    elif kind == Follow.Target.GROUP:
        target = groups_visible_to(person).filter(pk=target_id).first()
    elif kind == Follow.Target.TOPIC:
        target = access_topic(person, topic_id=target_id)
    if target is None:
        raise Http404("Nothing to follow")
    return target


def can_edit_post(person, post: Post) -> bool:
    return person.is_authenticated and person.pk == post.author_id


def can_delete_post(person, post: Post) -> bool:
    """Its author. Anyone else's post is removed through moderation (governance: a reason, the author told,
    the audit log), never by this delete."""
    return person.is_authenticated and person.pk == post.author_id


def can_pin_post(person, post: Post) -> bool:
    return post.group_id is not None and person.is_authenticated and is_group_admin(person, post.group)


def member_exists(person):
    """Annotation helper: is `person` an active member of the outer group?"""
    return Exists(_active_memberships(person).filter(group=OuterRef("pk")))


def readers_among(post_or_group, person_ids) -> set[int]:
    """Which of `person_ids` may read the post (or the posts of the group) now: every active person for a
    company-wide post or a public group, else the group's active members; for a restricted post (a preview)
    only its author and its chosen people among those. Notifications, emails, pushes
    and digests pass their recipients through this, at creation and again at delivery."""
    from townsquare.people.models import Person

    ids = {pk for pk in person_ids if pk}
    if not ids:
        return set()
    group = post_or_group.group if isinstance(post_or_group, Post) else post_or_group
    active = Person.objects.filter(pk__in=ids, is_active=True)
    if isinstance(post_or_group, Post) and post_or_group.is_restricted:
        chosen = PostAudience.objects.filter(post=post_or_group).values("person_id")
        active = active.filter(Q(pk=post_or_group.author_id) | Q(pk__in=chosen))
    if group is not None and group.visibility != Group.Visibility.PUBLIC:
        active = active.filter(pk__in=Membership.objects.filter(group=group, state=Membership.State.ACTIVE)
                               .values("person_id"))
    return set(active.values_list("pk", flat=True))


def topics_visible_to(person):
    """Topics the person may know of: those on at least one post they may read. A topic used only in a
    private or secret group is, for everyone else, the same as one that does not exist."""
    from townsquare.conversations.models import Topic

    if not person.is_authenticated:
        return Topic.objects.none()
    return Topic.objects.filter(Exists(posts_visible_to(person).filter(topics=OuterRef("pk"))))


def access_topic(person, *, name: str | None = None, topic_id: int | None = None):
    topics = topics_visible_to(person)
    topic = topics.filter(name=name.lower()).first() if name is not None else topics.filter(pk=topic_id).first()
    if topic is None:
        raise Http404("No such topic")
    return topic
