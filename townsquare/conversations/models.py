"""Conversations: groups, posts, replies, reactions, follows, notifications, search entries.

Counters on Post (reply_count, reaction_counts, view_count) are denormalised so a feed page
is one query for the posts plus a fixed number of prefetches, whatever the page holds.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

Person = settings.AUTH_USER_MODEL


def group_name_key(name: str) -> str:
    """What makes two group names the same: trimmed, inner runs of spaces as one, case folded (Unicode-aware,
    so it is the same on SQLite and PostgreSQL). Stored in Group.name_key, which is unique."""
    return " ".join((name or "").split()).casefold()


class Group(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public — anyone can see and join"
        PRIVATE = "private", "Private — listed; members see posts; joining needs approval"
        SECRET = "secret", "Secret — unlisted; by invitation only"

    class Kind(models.TextChoices):
        TEAM = "team", "Team"
        COMMUNITY = "community", "Community of practice"
        INTEREST = "interest", "Interest"
        CAUSE = "cause", "Cause"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    # group_name_key(name), kept by save(): the database refuses a second group with the same name, even when two
    # people create one at the same moment.
    name_key = models.CharField(max_length=120, unique=True, editable=False)
    description = models.TextField(max_length=2000, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMUNITY)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    member_count = models.PositiveIntegerField(default=0)
    # Archived by an org admin or a group admin (governance): still readable, but nobody posts or replies in it.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = group_name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields and "name_key" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "name_key"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("group_detail", args=[self.slug])

    @cached_property
    def url(self) -> str:
        """get_absolute_url, worked out once: feed cards link to it many times."""
        return self.get_absolute_url()

    @property
    def praise_adds_team(self) -> bool:
        """Whether praise names it "the Sales team" (a team whose name does not say so) rather than just "the
        Payments Team", "the Data Guild": never "the Sales Team team"."""
        words = self.name.split()
        return self.kind == self.Kind.TEAM and (not words or words[-1].casefold() not in TEAM_WORDS)


# Last words that already say a group is a team (or a guild, a circle …): praise does not add "team" after them.
TEAM_WORDS = frozenset({"team", "teams", "squad", "crew", "pod", "group", "guild", "circle", "unit", "department",
                        "office", "board", "committee", "council", "chapter", "tribe", "club", "network"})


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        ADMIN = "admin", "Admin"

    class State(models.TextChoices):
        ACTIVE = "active", "Member"
        REQUESTED = "requested", "Asked to join"
        INVITED = "invited", "Invited"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="one_membership_per_group")]
        indexes = [models.Index(fields=["person", "state"])]


class Topic(models.Model):
    name = models.SlugField(max_length=50, unique=True)

    def __str__(self) -> str:
        return f"#{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("topic_feed", args=[self.name])


class Post(models.Model):
    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        QUESTION = "question", "Question"
        PRAISE = "praise", "Praise"
        IDEA = "idea", "Idea"
        ARTICLE = "article", "Article"
        EVENT = "event", "Event"  # with an events.Event (the events package draws its card)
        POLL = "poll", "Poll"  # with a practices.Poll (the practices package draws its card)

    class Audience(models.TextChoices):
        """Who may read the post, on top of its group's rules (access.posts_visible_to):
        OPEN everyone who can read its group (or the company); PREVIEW and CHOSEN only its author and the
        people in its PostAudience rows. A PREVIEW is a staged post shown as a preview until its author
        widens it (services.post_widen); CHOSEN is the same restriction without the preview label (for
        packages that show a post to a few people, such as one variant of an experiment)."""

        OPEN = "open", "Its group, or the whole company"
        PREVIEW = "preview", "A preview for a few people"
        CHOSEN = "chosen", "Only the people chosen"

    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UPDATE)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.OPEN, db_default="open")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="posts",
                              help_text="Empty means company-wide.")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    pinned_at = models.DateTimeField(null=True, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="posts")
    praised_people = models.ManyToManyField(Person, blank=True, related_name="praise_received")
    praised_group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="praise_received")
    best_answer = models.ForeignKey("Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reply_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    reaction_counts = models.JSONField(default=dict, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    # Hidden by a moderator (governance.services): its author still sees it, with the reason; everyone else sees
    # that a post was hidden in its place (the post_card tag, the post page, search, the API, live updates).
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True, default="", db_default="")

    class Meta:
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="post_newest"),
            models.Index(fields=["author", "-created_at"], name="post_author_newest"),
            models.Index(fields=["group", "-created_at"], name="post_group_newest"),
            models.Index(fields=["kind", "reply_count", "-created_at"], name="post_kind_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author_id}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("post_detail", args=[self.pk])

    @cached_property
    def url(self) -> str:
        """get_absolute_url, worked out once: feed cards link to it many times."""
        return self.get_absolute_url()

    @property
    def is_long(self) -> bool:
        """Feeds cut posts at 120 words; most are shorter, so skip the costly HTML-aware cut for them."""
        return self.body.count(" ") >= 120

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def is_restricted(self) -> bool:
        """Only its author and its PostAudience people may read it."""
        return self.audience != self.Audience.OPEN

    @property
    def is_preview(self) -> bool:
        return self.audience == self.Audience.PREVIEW

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostAudience(models.Model):
    """One person who may read a restricted post (audience PREVIEW or CHOSEN) besides its author.

    The rows stay when a preview is widened: they are then the people it was first shared with (they are
    not notified again, and they see that it was widened). Made only by services.post_create(audience=…)
    and services.post_restrict; read only through access.py."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="audience_rows")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="one_audience_row_per_person")]
        indexes = [models.Index(fields=["person", "post"], name="post_audience_person")]


class PostPreview(models.Model):
    """A staged post: who it was first shared with, and when and how far it was widened."""

    class Source(models.TextChoices):
        PEOPLE = "people", "chosen people"
        CIRCLE = "circle", "a working-out-loud circle"
        GROUP = "group", "one group"

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="preview")
    source = models.CharField(max_length=8, choices=Source.choices)
    source_label = models.CharField(max_length=200, blank=True)  # e.g. the circle's or the group's name
    shared_with = models.PositiveIntegerField(default=0)  # people in the preview, the author not counted
    shared_at = models.DateTimeField(default=timezone.now)
    widened_at = models.DateTimeField(null=True, blank=True)
    responses_at_widening = models.PositiveIntegerField(null=True, blank=True)  # replies + reactions by then

    @property
    def is_widened(self) -> bool:
        return self.widened_at is not None


class PostShare(models.Model):
    """A post that shares another one into a group (or with the company), with the sharer's comment as its body.

    The shared card shows the original only to readers who may read the original (selectors.decorate checks it
    through posts_visible_to); everyone else sees "a post you can't see", so sharing a secret group's post never
    shows its words outside the group. `original` is empty once the original is deleted. Made only by
    services.post_share."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="share")
    original = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="shares")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["original", "created_at"], name="post_share_original")]


class PostRevision(models.Model):
    """The post's history: the text it had before an edit, or (event WIDENED) a preview widened."""

    class Event(models.TextChoices):
        EDIT = "edit", "Edited"
        WIDENED = "widened", "Widened"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    event = models.CharField(max_length=8, choices=Event.choices, default=Event.EDIT, db_default="edit")
    detail = models.CharField(max_length=300, blank=True, default="", db_default="")  # our words, never user text
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]


class Reply(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)  # as Post.edited_at; the history is ReplyRevision
    # Kept by services.reply_reaction_set/unset under the reply's row lock, so they equal the ReplyReaction rows.
    reaction_count = models.PositiveIntegerField(default=0, db_default=0)
    reaction_counts = models.JSONField(default=dict, blank=True, db_default=models.Value({}, models.JSONField()))
    hidden_at = models.DateTimeField(null=True, blank=True)  # as Post.hidden_at
    hidden_reason = models.CharField(max_length=500, blank=True, default="", db_default="")

    class Meta:
        ordering = ["created_at", "id"]
        # created_at: the coach's scheduler reads a day of everyone's replies by time
        indexes = [models.Index(fields=["post", "created_at"]), models.Index(fields=["author", "-created_at"]),
                   models.Index(fields=["created_at"], name="reply_created")]

    def get_absolute_url(self) -> str:
        return reverse("post_detail", args=[self.post_id]) + f"#reply-{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", "👍 Like"
        CELEBRATE = "celebrate", "🎉 Celebrate"
        INSIGHTFUL = "insightful", "💡 Insightful"
        SUPPORT = "support", "🤝 Support"
        THANKS = "thanks", "🙏 Thanks"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.LIKE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "person", "kind"], name="one_reaction_kind_per_person")]
        # created_at: the coach's scheduler reads a day of everyone's reactions by time
        indexes = [models.Index(fields=["person", "-created_at"]), models.Index(fields=["created_at"], name="reaction_created")]


class ReplyRevision(models.Model):
    """A reply's history: the text it had before each edit (as PostRevision for posts)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class ReplyReaction(models.Model):
    """A reaction to a reply: the same kinds as a post's (Reaction.Kind), one row per (reply, person, kind)."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reply_reactions")
    kind = models.CharField(max_length=12, choices=Reaction.Kind.choices, default=Reaction.Kind.LIKE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reply", "person", "kind"],
                                               name="one_reply_reaction_kind_per_person")]
        indexes = [models.Index(fields=["person", "-created_at"], name="reply_reaction_person")]


class PostView(models.Model):
    """First time a person opened a post: the base of "seen by" and reach. One row per (post, person)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="views")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "person"], name="one_view_per_person")]


class Bookmark(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "post"], name="one_bookmark_per_post")]


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_image = models.BooleanField(default=False)


class Follow(models.Model):
    """A person follows a person, a group or a topic. One table so the home feed reads it once."""

    class Target(models.TextChoices):
        PERSON = "person", "Person"
        GROUP = "group", "Group"
        TOPIC = "topic", "Topic"

    follower = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follows")
    target_kind = models.CharField(max_length=8, choices=Target.choices)
    target_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "target_kind", "target_id"], name="one_follow_per_target")
        ]
        indexes = [models.Index(fields=["target_kind", "target_id"])]


class Mention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    reply = models.ForeignKey(Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentioned_in")


def is_local_path(link: str) -> bool:
    """A path on this site: one leading slash, no second slash or backslash after it, no scheme, no whitespace
    or control character (browsers drop tabs and newlines inside a URL, so "/", a tab, "/evil.example" would
    lead to another host)."""
    if not link.startswith("/") or link[1:2] in ("/", "\\"):
        return False
    return not any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in link)


class Notification(models.Model):
    class Verb(models.TextChoices):
        MENTION = "mention", "mentioned you"
        REPLY = "reply", "replied to your post"
        REACTION = "reaction", "reacted to your post"
        REPLY_REACTION = "reply_reaction", "reacted to your reply"
        PRAISE = "praise", "praised you"
        ANSWER = "answer", "answered your question"
        BEST_ANSWER = "best_answer", "chose your reply as the best answer"
        GROUP_INVITE = "group_invite", "invited you to a group"
        GROUP_REQUEST = "group_request", "asked to join your group"
        GROUP_APPROVED = "group_approved", "approved your request to join"
        QUESTION = "question", "asked you a question"  # ask leadership: the leader a question is addressed to
        PREVIEW = "preview", "shared a preview of a post with you"
        # Practices (events, coffee roulette, mentoring, circles, ideas, ask leadership) say what
        # happened in `message` and where to go in `link`.
        EVENT = "event", "about an event"
        PAIRING = "pairing", "about a match"
        CIRCLE = "circle", "about your circle"
        PRACTICE = "practice", "about a practice"
        MODERATION = "moderation", "about your post"  # governance: a moderator's decision; the message says which
        # The coach's nudge about a habit still open: recipient and actor are the same person (it is nobody
        # else's act); `message` is the nudge in our words, `link` the coach page.
        COACH = "coach", "a nudge from your coach"
        SHARE = "share", "shared your post"  # someone shared a post of yours into a group or with the company

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=16, choices=Verb.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Written by us, never user text: e.g. "paired you for coffee with Ana Ruiz". Empty for the
    # conversation verbs, whose label says it all.
    message = models.CharField(max_length=300, blank=True, default="", db_default="")
    link = models.CharField(max_length=300, blank=True, default="", db_default="")  # a path on this site
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def get_absolute_url(self) -> str:
        """Where the notification leads: its `link` when that is a path on this site (never `//host/…`, a
        backslash, a scheme or a control character: no open redirect, whatever a row holds), else its post or
        group, else the notifications page."""
        if is_local_path(self.link):
            return self.link
        if self.post_id:
            return reverse("post_detail", args=[self.post_id])
        if self.group_id:
            return reverse("group_detail", args=[self.group.slug])
        return reverse("notifications")

    @property
    def open_url(self) -> str:
        """The bell's link: opening it marks it read on the way to its target (views.notification_open)."""
        return reverse("notification_open", args=[self.pk])

    @property
    def text(self) -> str:
        """What happened, after the actor's name."""
        return self.message or self.get_verb_display()

    @property
    def from_coach(self) -> bool:
        return self.verb == self.Verb.COACH

    @property
    def sentence(self) -> str:
        """The whole line the bell, an email subject or a push title shows: "Ana Ruiz replied to your post", or
        for the coach's own nudges (nobody's act) "Your coach: …"."""
        if self.from_coach:
            return f"Your coach: {self.message}"
        return f"{self.actor.name} {self.text}"


class SearchEntry(models.Model):
    """One searchable text per post, reply, person or group.

    Indexed by SQLite FTS5 (a virtual table kept in step by triggers) or by a PostgreSQL GIN
    index on its tsvector; see search.py. Filter columns let search apply visibility and the
    user's filters without joining.
    """

    class Kind(models.TextChoices):
        POST = "post", "Posts"
        REPLY = "reply", "Replies"
        PERSON = "person", "People"
        GROUP = "group", "Groups"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField()
    text = models.TextField()
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post_kind = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry_per_object")]


class FeedPreference(models.Model):
    """How a person likes their home and company feeds ordered: newest first (the default, no row needed) or
    ranked (selectors.rank_feed). One row per person, set by services.feed_order_set."""

    class Order(models.TextChoices):
        NEWEST = "newest", "Newest first"
        RANKED = "ranked", "Ranked"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="feed_preference")
    order = models.CharField(max_length=8, choices=Order.choices, default=Order.NEWEST)
    updated_at = models.DateTimeField(default=timezone.now)
