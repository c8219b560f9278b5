"""Writes for conversations. Each service validates, writes in one transaction, and sends its
side effects (notifications) only after the commit."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import slugify

from townsquare.conversations import access, extensions, signals, text
from townsquare.conversations.models import (
    Attachment,
    Bookmark,
    FeedPreference,
    Follow,
    Group,
    Membership,
    Mention,
    Notification,
    Post,
    PostAudience,
    PostPreview,
    PostRevision,
    PostShare,
    PostView,
    Reaction,
    Reply,
    ReplyReaction,
    ReplyRevision,
    Topic,
    group_name_key,
)
from townsquare.core import audit, uploads
from townsquare.core.validation import clean_text
from townsquare.people.models import Person

LIMITS = settings.TOWNSQUARE
# The names a file may have. A name only decides which files we take, and so what a download is called on
# the reader's computer (never a .exe or .bat); what a file is, and how it is served, comes from its bytes
# (townsquare.core.uploads).
IMAGE_EXTENSIONS = ("gif", "jpeg", "jpg", "png", "webp")
FILE_EXTENSIONS = ("csv", "docx", "md", "pdf", "pptx", "txt", "xlsx")


def _human_size(n: int) -> str:
    """The real size, to one decimal where it matters: a 5.2 MB file never reads as "5 MB" beside a
    5 MB limit. Whole numbers drop the decimal (the limits read "5 MB")."""
    value, unit = (n / (1024 * 1024), "MB") if n >= 1024 * 1024 else (n / 1024, "KB")
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    if f"{value:.1f}" == f"{round(value):.1f}" and value != round(value):
        text = f"{value:.2f}"  # just over a limit: 5.001 MB shows as 5.00 MB, never as the limit itself
    return f"{text} {unit}"


def _check_body(body: str, *, max_chars: int, what: str) -> str:
    return clean_text(body, what=what, max_chars=max_chars, yours=True,
                      empty=f"Your {what} is empty. Write something before you share it.",
                      hint="Shorten it, or split it into an article.")


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str
    size: int
    is_image: bool


def check_attachments(files) -> list[CheckedFile]:
    """Validate uploads before anything is written. Raises ValidationError naming the bad file. The type
    stored with each file is the one its bytes have: a PNG called "chart.pdf" is an image/png image."""
    files = list(files or [])
    if len(files) > LIMITS["ATTACHMENTS_PER_POST"]:
        raise ValidationError(f"You attached {len(files)} files; a post takes at most {LIMITS['ATTACHMENTS_PER_POST']}.")
    checked = []
    for f in files:
        name = f.name or "file"
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in IMAGE_EXTENSIONS and ext not in FILE_EXTENSIONS:
            allowed = ", ".join(IMAGE_EXTENSIONS + FILE_EXTENSIONS)
            raise ValidationError(f"“{name}” is not a type we accept. Allowed: {allowed}.")
        header = uploads.image_header(f)
        if ext in IMAGE_EXTENSIONS or header is not None:
            if f.size > LIMITS["IMAGE_MAX_BYTES"]:
                raise ValidationError(f"“{name}” is {_human_size(f.size)}; images may be at most {_human_size(LIMITS['IMAGE_MAX_BYTES'])}.")
            claimed = ext.upper() if ext in IMAGE_EXTENSIONS else header.format
            image = uploads.check_image(f, label=f"“{name}”", unreadable=f"“{name}” is not a readable {claimed} image.")
            checked.append(CheckedFile(f, name, image.mime, f.size, True))
        else:
            if f.size > LIMITS["FILE_MAX_BYTES"]:
                raise ValidationError(f"“{name}” is {_human_size(f.size)}; files may be at most {_human_size(LIMITS['FILE_MAX_BYTES'])}.")
            checked.append(CheckedFile(f, name, uploads.file_type(f), f.size, False))
    return checked


def _known_handles(candidates) -> dict[str, Person]:
    if not candidates:
        return {}
    return {p.handle.lower(): p for p in Person.objects.filter(handle__in=list(candidates), is_active=True)}


def _notify(rows: list[Notification]) -> list[Notification]:
    """Store bell notifications in the current transaction (the write they belong to) and record their
    delivery (email, push, the live unread count) in the outbox. The actor is never notified of their own
    act, and nobody is told about a post or group they cannot read (a mention in a secret group reaches
    only its members): the text of a notification must never leak what its recipient may not open."""
    rows = [(n, _read_subject(n)) for n in rows if n.recipient_id != n.actor_id or n.verb in SELF_VERBS]
    by_subject: dict = {}
    for n, subject in rows:
        if subject is not None:
            by_subject.setdefault(subject, set()).add(n.recipient_id)
    allowed = {subject: access.readers_among(subject, ids) for subject, ids in by_subject.items()}
    kept = _without_superseded_mentions(
        [n for n, subject in rows if subject is None or n.recipient_id in allowed[subject]])
    if not kept:
        return []
    stored = Notification.objects.bulk_create(kept)
    signals.notifications_created(stored)
    return stored


# The verbs that are about the recipient's own doing, so actor and recipient are one person (the coach's nudges).
SELF_VERBS = {Notification.Verb.COACH}


def _without_superseded_mentions(rows: list[Notification]) -> list[Notification]:
    """A mention is the least specific thing one can be told about a post: whoever a write tells about the same
    post in another way (praised in it, asked a question by it, a reply to their post …) gets only that notice,
    so one act never rings the bell (and sends an email) twice. Any verb, today's or a future one, supersedes
    a mention this way; the writes pass every notice of one act in one batch (post_create's `notices`)."""
    specific = {(n.recipient_id, n.post_id) for n in rows if n.post_id and n.verb != Notification.Verb.MENTION}
    return [n for n in rows if n.verb != Notification.Verb.MENTION or (n.recipient_id, n.post_id) not in specific]


# Notifications about a group that its recipient cannot read yet by design: an invitation to it, and
# (for its admins) a request to join it.
PUBLIC_ABOUT_GROUP = {Notification.Verb.GROUP_INVITE, Notification.Verb.GROUP_REQUEST}


def _read_subject(n: Notification):
    """What the recipient must be able to read for `n` to reach them: its post, or its group, or nothing."""
    if n.post_id:
        return n.post
    if n.group_id and n.verb not in PUBLIC_ABOUT_GROUP:
        return n.group
    return None


def notify_each(notifications: list[Notification]) -> None:
    """Store notifications that differ per recipient (each names someone else, say) in one batch, in the
    current transaction; the actor of each is never notified of their own act."""
    for n in notifications:
        if n.verb not in Notification.Verb.values:
            raise ValueError(f"unknown notification verb {n.verb!r}")
    _notify(list(notifications))


def notify(*, recipients, actor: Person, verb: str, message: str = "", link: str = "", post: Post | None = None,
           group: Group | None = None) -> None:
    """Put a notification in each recipient's bell, in the current transaction (the actor is never
    notified of their own act). For practices: `message` is our sentence after the actor's name, `link`
    the path to open."""
    if verb not in Notification.Verb.values:
        raise ValueError(f"unknown notification verb {verb!r}")
    ids = {getattr(r, "pk", r) for r in recipients}
    _notify([Notification(recipient_id=pk, actor=actor, verb=verb, message=message[:300], link=link[:300],
                          post=post, group=group) for pk in sorted(ids)])


def _set_topics(post: Post, names) -> None:
    topics = []
    for name in names:
        topic, _ = Topic.objects.get_or_create(name=slugify(name)[:50] or name[:50])
        topics.append(topic)
    post.topics.set(topics)


# --- restricted posts: a preview for a few people first (staged sharing), or a post for chosen people ---------

PREVIEW_MAX_PEOPLE = 50  # a preview is for a small trusted audience; more than this is a post


@dataclass(frozen=True)
class Audience:
    """Who a restricted post is for: `post_create(audience=Audience(people=[…]))`.

    `kind` PREVIEW (staged sharing: shown as a preview, its people notified, widened later with post_widen)
    or CHOSEN (the same restriction, no label and no notification: for a package that shows a post to a few
    people itself, e.g. one variant of an experiment). Only the author and `people` may read the post,
    everywhere (access.posts_visible_to, search, live, notifications, the API); a post in a group also keeps
    the group's rules. `source` and `source_label` say where the people came from ("Design", "my circle")."""

    people: tuple[Person, ...]
    kind: str = Post.Audience.PREVIEW
    source: str = PostPreview.Source.PEOPLE
    source_label: str = ""

    def __post_init__(self):
        if self.kind not in (Post.Audience.PREVIEW, Post.Audience.CHOSEN):
            raise ValueError(f"unknown restricted audience {self.kind!r}")
        if self.source not in PostPreview.Source.values:
            raise ValueError(f"unknown preview source {self.source!r}")
        object.__setattr__(self, "people", tuple(self.people))


def _audience_people(author: Person, audience: Audience) -> list[Person]:
    people = {p.pk: p for p in audience.people if p.pk != author.pk and p.is_active}
    if not people:
        raise ValidationError("Choose at least one person, other than you, to share the preview with.")
    if audience.kind == Post.Audience.PREVIEW and len(people) > PREVIEW_MAX_PEOPLE:
        raise ValidationError(f"A preview is for a few people you trust: at most {PREVIEW_MAX_PEOPLE}, "
                              f"and these are {len(people)}. Share it with a smaller group, or post it to everyone.")
    return list(people.values())


def audience_from_choice(person: Person, choice: str, *, people: str = "", group: Group | None = None
                         ) -> Audience | None:
    """The composer's "Share first with" → the preview's Audience (None: everyone the post is posted to).
    "people": the handles in `people`; "group": the active members of the group posted to; a registered
    preview source's value (extensions.PreviewSource, e.g. "circle:12"): its people. Bad input → ValidationError."""
    from townsquare.people import handles

    choice = (choice or "").strip()
    if not choice:
        return None
    if choice == "people":
        chosen = handles.people_by_handles(people or "", field="preview_people")
        if not chosen:
            raise ValidationError("Name the people to share the preview with, by their @handles.")
        return Audience(people=tuple(chosen), source=PostPreview.Source.PEOPLE)
    if choice == "group":
        if group is None:
            raise ValidationError("Choose the group to share the preview with under “Post to”.")
        members = Person.objects.filter(memberships__group=group, memberships__state=Membership.State.ACTIVE,
                                        is_active=True)
        return Audience(people=tuple(members), source=PostPreview.Source.GROUP, source_label=group.name)
    found = extensions.preview_resolve(person, choice)
    if found is None:
        raise ValidationError("Choose who to share the preview with from the list: you are in no working-out-loud "
                              "circle yet." if choice.startswith("circle") else
                              "Choose who to share the preview with from the list.")
    label, members = found
    return Audience(people=tuple(members), source=PostPreview.Source.CIRCLE, source_label=label)


def post_create(
    *, author: Person, body: str, kind: str = Post.Kind.UPDATE, group: Group | None = None, title: str = "",
    praised_people: list[Person] | None = None, praised_group: Group | None = None, files=None,
    extras: Mapping | None = None, audience: Audience | None = None, notices: list[Notification] | None = None,
) -> Post:
    """Validate and render first (markdown, mentions, file checks), then write in one short transaction:
    on SQLite a write holds the database's one write lock only for its SQL. `extras` are the values of the
    composer extras that feature packages register (extensions.py); they run in the same transaction.
    `audience` makes it a restricted post (a preview for a few people; see Audience). `notices` are the
    package's own notifications about the new post (their `post` is set here), stored with its mentions and
    praise in one batch, so someone they tell is not told of a mention as well (ask leadership: the leader)."""
    if kind not in Post.Kind.values:
        raise ValidationError(f"“{kind}” is not a kind of post. Choose one of: {', '.join(Post.Kind.values)}.")
    max_chars = LIMITS["ARTICLE_MAX_CHARS"] if kind == Post.Kind.ARTICLE else LIMITS["POST_MAX_CHARS"]
    body = _check_body(body, max_chars=max_chars, what="post")
    title = clean_text(title, what="title", max_chars=200, required=kind == Post.Kind.ARTICLE,
                       empty="An article needs a title.", single_line=True)
    praised_people = [p for p in (praised_people or []) if p.pk != author.pk]
    if kind == Post.Kind.PRAISE and not praised_people and praised_group is None:
        raise ValidationError("Praise needs someone to praise: choose a person or a team.")
    people = _audience_people(author, audience) if audience is not None else None
    checked = check_attachments(files)
    rendered = text.render(body, known_handles=set(_known_handles(text.extract_mentions(body))))
    mentioned = _known_handles(rendered.mentions)
    with transaction.atomic():
        post = _post_write(author=author, kind=kind, group=group, title=title, body=body, rendered=rendered,
                           mentioned=mentioned, praised_people=praised_people, praised_group=praised_group,
                           checked=checked, audience=audience, people=people, notices=notices)
        extensions.apply_composer_extras(person=author, post=post, values=extras)
        return post


def _post_write(*, author, kind, group, title, body, rendered, mentioned, praised_people, praised_group,
                checked, audience: Audience | None = None, people: list[Person] | None = None,
                notices: list[Notification] | None = None) -> Post:
    if group is not None and not Membership.objects.filter(group=group, person=author, state=Membership.State.ACTIVE).exists():
        raise PermissionDenied("Only members can post in this group. Join it first.")
    if group is not None and group.archived_at is not None:
        raise ValidationError(f"{group.name} is archived: it can be read, but nobody posts in it any more.")
    post = Post.objects.create(author=author, kind=kind, group=group, title=title, body=body, body_html=rendered.html,
                               praised_group=praised_group if kind == Post.Kind.PRAISE else None,
                               audience=audience.kind if audience is not None else Post.Audience.OPEN)
    if audience is not None:  # before any notification: they go only to those who may read it
        PostAudience.objects.bulk_create([PostAudience(post=post, person=p) for p in people])
    _set_topics(post, rendered.topics)
    for f in checked:
        Attachment.objects.create(post=post, file=f.upload, original_name=f.name[:200], content_type=f.content_type,
                                  size=f.size, is_image=f.is_image)
    Mention.objects.bulk_create([Mention(post=post, person=p) for p in mentioned.values()])
    notes = [Notification(recipient=p, actor=author, verb=Notification.Verb.MENTION, post=post) for p in mentioned.values()]
    if kind == Post.Kind.PRAISE:
        post.praised_people.set(praised_people)
        recipients = {p.pk for p in praised_people}
        if praised_group is not None:
            recipients |= set(Membership.objects.filter(group=praised_group, state=Membership.State.ACTIVE)
                              .values_list("person_id", flat=True))
        notes += [Notification(recipient_id=pk, actor=author, verb=Notification.Verb.PRAISE, post=post) for pk in recipients]
    for n in notices or []:
        if n.verb not in Notification.Verb.values:
            raise ValueError(f"unknown notification verb {n.verb!r}")
        n.post = post
        notes.append(n)
    _notify(notes)
    if audience is not None and audience.kind == Post.Audience.PREVIEW:
        PostPreview.objects.create(post=post, source=audience.source, source_label=audience.source_label[:200],
                                   shared_with=len(people), shared_at=post.created_at)
        told = {n.recipient_id for n in notes}  # a preview reader mentioned or praised is told once
        _notify([Notification(recipient=p, actor=author, verb=Notification.Verb.PREVIEW, post=post)
                 for p in people if p.pk not in told])
    signals.post_published(post)  # its receivers (live, webhooks) pass a restricted post only to its readers
    return post


SHARE_COMMENT_MAX_CHARS = 2000
SHARE_NO_COMMENT = "Shared a post."  # the body of a share without a comment: our words


def post_share(*, person: Person, original: Post, group: Group | None = None, comment: str = "") -> Post:
    """Share `original` (which `person` can read: the caller opened it with access.access_post) into `group`, a
    group they can post in, or with the company when `group` is None, with an optional comment. A share of a share
    shares its original. The original's author is told once, in the same transaction; only with a link to the share
    when they can read it (otherwise to their own post, without naming where it went)."""
    try:
        original = original.share.original or original
    except PostShare.DoesNotExist:
        pass
    if original.is_restricted:
        raise ValidationError("This post is shared with a few people only, so it cannot be shared further.")
    if original.is_hidden:
        raise ValidationError("A moderator hid this post, so it cannot be shared.")
    comment = (comment or "").strip()
    body = clean_text(comment, what="comment", max_chars=SHARE_COMMENT_MAX_CHARS, yours=True,
                      hint="Shorten it: the post you share says the rest.") if comment else SHARE_NO_COMMENT
    where = group.name if group is not None else "the whole company"
    with transaction.atomic():
        if PostShare.objects.filter(original=original, post__author=person, post__group=group).exists():
            raise ValidationError(f"You have shared this post with {where} already.", code="conflict")
        post = post_create(author=person, body=body, group=group)
        PostShare.objects.create(post=post, original=original)
        if original.author_id != person.pk:
            readable = original.author_id in access.readers_among(post, [original.author_id])
            _notify([Notification(recipient_id=original.author_id, actor=person, verb=Notification.Verb.SHARE,
                                  post=post if readable else original,
                                  message="" if readable else "shared your post with people in a group you are not in")])
    return post


def preview_responses(post: Post) -> int:
    """Replies and reactions a post has from people other than its author."""
    return (Reply.objects.filter(post=post).exclude(author_id=post.author_id).count()
            + Reaction.objects.filter(post=post).exclude(person_id=post.author_id).count())


def post_widen(*, person: Person, post: Post, group: Group | None = None) -> Post:
    """Widen a preview, in one step, to `group` (its members, or anyone for a public group) or, with no group,
    the company. The post keeps its replies, reactions and feedback; its preview row records when, and how many
    responses it had by then ("First shared with 6 people on 2 Dec: 4 responses"); its history gets an entry.

    Nobody is notified twice: the preview's people were told when it was shared (and read it since); the wider
    audience gets what a new post gives: the mentions and praise it names (for those not told yet), its live
    "new post" and its webhooks (POST_PUBLISHED, once, when it is widened)."""
    if not (post.audience == Post.Audience.PREVIEW and post.author_id == person.pk):
        raise PermissionDenied("Only the author can widen their preview.")
    if group is not None and not Membership.objects.filter(group=group, person=person,
                                                           state=Membership.State.ACTIVE).exists():
        raise PermissionDenied("Only members can post in this group. Join it first.")
    with transaction.atomic():
        _lock_post(post)
        post.refresh_from_db()
        preview = PostPreview.objects.select_for_update().filter(post=post).first()
        if post.audience != Post.Audience.PREVIEW or preview is None or preview.widened_at is not None:
            raise ValidationError("This preview has already been widened.")
        now = timezone.now()
        where = f"the {group.name} group" if group is not None else "the whole company"
        first = (f"{preview.shared_with} {'person' if preview.shared_with == 1 else 'people'}"
                 + (f" ({preview.source_label})" if preview.source_label else ""))
        PostRevision.objects.create(post=post, event=PostRevision.Event.WIDENED, title=post.title, body=post.body,
                                    detail=f"Widened from a preview for {first} to {where}.", created_at=now)
        preview.widened_at, preview.responses_at_widening = now, preview_responses(post)
        preview.save(update_fields=["widened_at", "responses_at_widening"])
        post.audience, post.group = Post.Audience.OPEN, group
        post.save(update_fields=["audience", "group"])
        from townsquare.conversations.models import SearchEntry

        SearchEntry.objects.filter(kind=SearchEntry.Kind.REPLY, post=post).update(group_id=post.group_id)
        told = set(Notification.objects.filter(post=post).values_list("recipient_id", flat=True))
        first_readers = set(PostAudience.objects.filter(post=post).values_list("person_id", flat=True))
        mentioned = set(Mention.objects.filter(post=post, reply=None).values_list("person_id", flat=True))
        praised = set(post.praised_people.values_list("pk", flat=True)) if post.kind == Post.Kind.PRAISE else set()
        if post.kind == Post.Kind.PRAISE and post.praised_group_id:
            praised |= set(Membership.objects.filter(group_id=post.praised_group_id, state=Membership.State.ACTIVE)
                           .values_list("person_id", flat=True))
        skip = told | first_readers
        _notify([Notification(recipient_id=pk, actor=person, verb=Notification.Verb.MENTION, post=post)
                 for pk in sorted(mentioned - skip)]
                + [Notification(recipient_id=pk, actor=person, verb=Notification.Verb.PRAISE, post=post)
                   for pk in sorted(praised - skip)])
        signals.post_widened(post)
    return post


def post_edit(*, person: Person, post: Post, body: str, title: str | None = None) -> Post:
    if not access.can_edit_post(person, post):
        raise PermissionDenied("Only the author can edit a post.")
    max_chars = LIMITS["ARTICLE_MAX_CHARS"] if post.kind == Post.Kind.ARTICLE else LIMITS["POST_MAX_CHARS"]
    body = _check_body(body, max_chars=max_chars, what="post")
    new_title = post.title if title is None else clean_text(
        title, what="title", max_chars=200, required=post.kind == Post.Kind.ARTICLE,
        empty="An article needs a title.", single_line=True)
    if body == post.body and new_title == post.title:
        return post
    rendered = text.render(body, known_handles=set(_known_handles(text.extract_mentions(body))))
    mentioned = _known_handles(rendered.mentions)
    with transaction.atomic():
        PostRevision.objects.create(post=post, title=post.title, body=post.body,
                                    created_at=post.edited_at or post.created_at)
        before = set(Mention.objects.filter(post=post, reply=None).values_list("person_id", flat=True))
        post.body, post.title, post.body_html, post.edited_at = body, new_title, rendered.html, timezone.now()
        post.save(update_fields=["body", "title", "body_html", "edited_at"])
        _set_topics(post, rendered.topics)
        new = [p for p in mentioned.values() if p.pk not in before]
        Mention.objects.bulk_create([Mention(post=post, person=p) for p in new])
        _notify([Notification(recipient=p, actor=person, verb=Notification.Verb.MENTION, post=post) for p in new])
    return post


@transaction.atomic
def post_delete(*, person: Person, post: Post) -> None:
    """An author deletes their own post. Removing someone else's goes through moderation (governance), which
    asks for a reason, tells the author and keeps it in the audit log, and then calls content_remove."""
    if not access.can_delete_post(person, post):
        raise PermissionDenied("You cannot delete this post.")
    content_remove(post=post)


# --- moderation: governance.services decides who may and records the decision, then calls these -------------

def content_remove(*, post: Post | None = None, reply: Reply | None = None) -> None:
    """Delete a post (with its replies) or one reply, and their search entries. No permission check here:
    an author's own delete (post_delete) or a moderator's decision (governance) has checked already."""
    from townsquare.conversations.models import SearchEntry

    with transaction.atomic():
        if reply is not None:
            post_id = reply.post_id
            # Under the post's row lock, then counted: reply_count equals the rows left, whoever deletes at once.
            list(Post.objects.select_for_update().filter(pk=post_id).values_list("pk", flat=True))
            SearchEntry.objects.filter(kind=SearchEntry.Kind.REPLY, object_id=reply.pk).delete()
            Post.objects.filter(best_answer=reply).update(best_answer=None)
            Reply.objects.filter(pk=reply.pk).delete()  # its reactions, revisions and mentions go with it
            Post.objects.filter(pk=post_id).update(reply_count=Reply.objects.filter(post_id=post_id).count())
            signals.reply_removed(post_id=post_id, reply_id=reply.pk)
        elif post is not None:
            SearchEntry.objects.filter(post=post).delete()
            post.delete()


def content_set_hidden(*, post: Post | None = None, reply: Reply | None = None, reason: str | None) -> None:
    """Hide a post or reply with a moderator's reason (reason=None shows it again). Its author still sees it
    with the reason; everyone else sees that it was hidden, wherever it appears. Called by governance."""
    target = reply if reply is not None else post
    target.hidden_at = timezone.now() if reason is not None else None
    target.hidden_reason = (reason or "")[:500]
    target.save(update_fields=["hidden_at", "hidden_reason"])


def group_set_archived(*, group: Group, archived: bool) -> Group:
    """Archive a group (read-only: no new posts or replies) or bring it back. Called by governance after its checks."""
    group.archived_at = (group.archived_at or timezone.now()) if archived else None
    group.save(update_fields=["archived_at"])
    return group


@transaction.atomic
def post_pin(*, person: Person, post: Post, pinned: bool) -> Post:
    if not access.can_pin_post(person, post):
        raise PermissionDenied("Only group admins can pin posts in their group.")
    post.pinned_at = timezone.now() if pinned else None
    post.save(update_fields=["pinned_at"])
    return post


def reply_create(*, author: Person, post: Post, body: str) -> Reply:
    body = _check_body(body, max_chars=LIMITS["REPLY_MAX_CHARS"], what="reply")
    rendered = text.render(body, known_handles=set(_known_handles(text.extract_mentions(body))))
    mentioned = _known_handles(rendered.mentions)
    with transaction.atomic():
        if post.group_id and not access.can_read_group_posts(author, post.group):
            raise PermissionDenied("You cannot reply here.")
        if post.group_id and post.group.archived_at is not None:
            raise ValidationError(f"{post.group.name} is archived: it can be read, but nobody replies in it any more.")
        reply = Reply.objects.create(post=post, author=author, body=body, body_html=rendered.html)
        Post.objects.filter(pk=post.pk).update(reply_count=F("reply_count") + 1)
        Mention.objects.bulk_create([Mention(post=post, reply=reply, person=p) for p in mentioned.values()])
        verb = Notification.Verb.ANSWER if post.kind == Post.Kind.QUESTION else Notification.Verb.REPLY
        notes = [Notification(recipient_id=post.author_id, actor=author, verb=verb, post=post)]
        notes += [Notification(recipient=p, actor=author, verb=Notification.Verb.MENTION, post=post)
                  for p in mentioned.values() if p.pk != post.author_id]
        _notify(notes)
        signals.reply_published(reply)
    return reply


def reply_edit(*, person: Person, reply: Reply, body: str) -> Reply:
    """The author changes their reply. The text it had is kept (ReplyRevision, as post_edit keeps PostRevision),
    the reply shows "edited"; people newly @mentioned are told, as when a post is edited. Saving the same text
    again changes nothing."""
    if not access.can_edit_reply(person, reply):
        raise PermissionDenied("Only the author can edit a reply.")
    body = _check_body(body, max_chars=LIMITS["REPLY_MAX_CHARS"], what="reply")
    if body == reply.body:
        return reply
    rendered = text.render(body, known_handles=set(_known_handles(text.extract_mentions(body))))
    mentioned = _known_handles(rendered.mentions)
    with transaction.atomic():
        ReplyRevision.objects.create(reply=reply, body=reply.body, created_at=reply.edited_at or reply.created_at)
        before = set(Mention.objects.filter(reply=reply).values_list("person_id", flat=True))
        reply.body, reply.body_html, reply.edited_at = body, rendered.html, timezone.now()
        reply.save(update_fields=["body", "body_html", "edited_at"])
        new = [p for p in mentioned.values() if p.pk not in before]
        Mention.objects.bulk_create([Mention(post_id=reply.post_id, reply=reply, person=p) for p in new])
        _notify([Notification(recipient=p, actor=person, verb=Notification.Verb.MENTION, post=reply.post)
                 for p in new])
        signals.reply_edited(reply)
    return reply


def reply_delete(*, person: Person, reply: Reply) -> None:
    """An author deletes their own reply; the other replies stay and the post's reply count follows the rows.
    Removing someone else's reply goes through moderation (governance), as for posts."""
    if not access.can_delete_reply(person, reply):
        raise PermissionDenied("You cannot delete this reply.")
    content_remove(reply=reply)


def _lock_reply(reply: Reply) -> None:
    list(Reply.objects.select_for_update().filter(pk=reply.pk).values_list("pk", flat=True))


def _recount_reply_reactions(reply: Reply) -> None:
    """Under the reply's lock: its counters become exactly what its rows say."""
    counts = dict(ReplyReaction.objects.filter(reply=reply).values_list("kind").annotate(n=Count("id"))
                  .values_list("kind", "n"))
    reply.reaction_counts, reply.reaction_count = counts, sum(counts.values())
    Reply.objects.filter(pk=reply.pk).update(reaction_counts=counts, reaction_count=reply.reaction_count)


def reply_reaction_set(*, person: Person, reply: Reply, kind: str = Reaction.Kind.LIKE) -> bool:
    """Make `person`'s reaction of `kind` to `reply` exist (set-style, as reaction_set for posts). The reply's
    author is told once per person and reply, however many kinds they add. True when this call added it."""
    _check_reaction(kind)
    with transaction.atomic():
        _lock_reply(reply)
        _, created = ReplyReaction.objects.get_or_create(reply=reply, person=person, kind=kind)
        if not created:
            return False
        _recount_reply_reactions(reply)
        signals.reaction_changed(post=reply.post, person=person, kind=kind, added=True, reply=reply)
        link = reply.get_absolute_url()
        if not Notification.objects.filter(recipient_id=reply.author_id, actor=person, post_id=reply.post_id,
                                           verb=Notification.Verb.REPLY_REACTION, link=link).exists():
            _notify([Notification(recipient_id=reply.author_id, actor=person, verb=Notification.Verb.REPLY_REACTION,
                                  post=reply.post, link=link)])
    return True


def reply_reaction_unset(*, person: Person, reply: Reply, kind: str = Reaction.Kind.LIKE) -> bool:
    """Make `person`'s reaction of `kind` to `reply` not exist. Idempotent; True when this call removed it."""
    _check_reaction(kind)
    with transaction.atomic():
        _lock_reply(reply)
        deleted, _ = ReplyReaction.objects.filter(reply=reply, person=person, kind=kind).delete()
        if not deleted:
            return False
        _recount_reply_reactions(reply)
        signals.reaction_changed(post=reply.post, person=person, kind=kind, added=False, reply=reply)
    return True


def _check_reaction(kind: str) -> None:
    if kind not in Reaction.Kind.values:
        raise ValidationError(f"“{kind}” is not a reaction. Choose one of: {', '.join(Reaction.Kind.values)}.")


def _lock_post(post: Post) -> None:
    """Take the post's row lock (PostgreSQL) so writes to its counters queue instead of racing; on
    SQLite the IMMEDIATE transaction already holds the database's write lock."""
    list(Post.objects.select_for_update().filter(pk=post.pk).values_list("pk", flat=True))


def _recount_reactions(post: Post) -> None:
    """Under the post's lock: the counters become exactly what the rows say."""
    counts = dict(Reaction.objects.filter(post=post).values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    post.reaction_counts = counts
    post.reaction_count = sum(counts.values())
    Post.objects.filter(pk=post.pk).update(reaction_counts=counts, reaction_count=post.reaction_count)


def reaction_set(*, person: Person, post: Post, kind: str = Reaction.Kind.LIKE) -> bool:
    """Make `person`'s reaction of `kind` exist. Idempotent: setting it again changes nothing. Returns
    True when this call added it."""
    _check_reaction(kind)
    with transaction.atomic():
        _lock_post(post)
        reaction, created = Reaction.objects.get_or_create(post=post, person=person, kind=kind)
        if not created:
            return False
        _recount_reactions(post)
        signals.reaction_changed(post=post, person=person, kind=kind, added=True)
        if not Notification.objects.filter(recipient_id=post.author_id, actor=person, verb=Notification.Verb.REACTION,
                                           post=post).exists():
            _notify([Notification(recipient_id=post.author_id, actor=person, verb=Notification.Verb.REACTION, post=post)])
    return True


def reaction_unset(*, person: Person, post: Post, kind: str = Reaction.Kind.LIKE) -> bool:
    """Make `person`'s reaction of `kind` not exist. Idempotent. Returns True when this call removed it."""
    _check_reaction(kind)
    with transaction.atomic():
        _lock_post(post)
        deleted, _ = Reaction.objects.filter(post=post, person=person, kind=kind).delete()
        if not deleted:
            return False
        _recount_reactions(post)
        signals.reaction_changed(post=post, person=person, kind=kind, added=False)
    return True


@transaction.atomic
def best_answer_set(*, person: Person, post: Post, reply: Reply | None) -> Post:
    if post.kind != Post.Kind.QUESTION:
        raise ValidationError("Only questions have a best answer.")
    if person.pk != post.author_id:
        raise PermissionDenied("Only the person who asked can choose the best answer.")
    if reply is not None and reply.post_id != post.pk:
        raise ValidationError("That reply belongs to another post.")
    post.best_answer = reply
    post.save(update_fields=["best_answer"])
    signals.best_answer_chosen(post=post, reply=reply)
    if reply is not None:
        _notify([Notification(recipient_id=reply.author_id, actor=person, verb=Notification.Verb.BEST_ANSWER, post=post)])
    return post


def post_view_record(*, person: Person, post: Post) -> bool:
    """Record that `person` saw `post`: one insert that the unique constraint makes idempotent.
    The counter moves only on a first view. Returns True for a first view."""
    if not person.is_authenticated or person.pk == post.author_id:
        return False
    try:
        with transaction.atomic():
            PostView.objects.create(post=post, person=person)
    except IntegrityError:
        return False
    Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)
    return True


def bookmark_set(*, person: Person, post: Post) -> bool:
    """Idempotent; True when this call added the bookmark."""
    _, created = Bookmark.objects.get_or_create(person=person, post=post)
    return created


def bookmark_unset(*, person: Person, post: Post) -> bool:
    """Idempotent; True when this call removed the bookmark."""
    deleted, _ = Bookmark.objects.filter(person=person, post=post).delete()
    return bool(deleted)


def feed_order_set(*, person: Person, order: str) -> str:
    """Remember how `person` likes their home and company feeds ordered (set-style: the same call twice is one
    change). Returns the order now stored."""
    if order not in FeedPreference.Order.values:
        raise ValidationError("Choose how to order your feed: newest first or ranked.")
    FeedPreference.objects.update_or_create(person=person, defaults={"order": order, "updated_at": timezone.now()})
    return order


def follow_set(*, person: Person, target_kind: str, target_id: int) -> bool:
    """Idempotent; True when this call started the follow."""
    if target_kind not in Follow.Target.values:
        raise ValidationError(f"“{target_kind}” is not something to follow. Choose person, group or topic.")
    if target_kind == Follow.Target.PERSON and target_id == person.pk:
        raise ValidationError("You cannot follow yourself.")
    _, created = Follow.objects.get_or_create(follower=person, target_kind=target_kind, target_id=target_id)
    return created


def follow_unset(*, person: Person, target_kind: str, target_id: int) -> bool:
    """Idempotent; True when this call ended the follow."""
    deleted, _ = Follow.objects.filter(follower=person, target_kind=target_kind, target_id=target_id).delete()
    return bool(deleted)


# --- groups ------------------------------------------------------------------------

def _refresh_member_count(group: Group) -> None:
    """Lock the group's row, then count (a fresh snapshot after the lock), so two joins at once on
    PostgreSQL cannot both write a count that misses the other."""
    list(Group.objects.select_for_update().filter(pk=group.pk).values_list("pk", flat=True))
    group.member_count = Membership.objects.filter(group=group, state=Membership.State.ACTIVE).count()
    Group.objects.filter(pk=group.pk).update(member_count=group.member_count)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "group"
    slug, n = base, 2
    while Group.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _name_taken(name: str) -> ValidationError:
    # code="conflict": the API answers 409, as for any clash with what is already stored
    return ValidationError({"name": [ValidationError(
        f"There is already a group called “{name}”. Choose another name, or join that group.", code="conflict")]})


def _check_group_name(name: str, *, exclude: Group | None = None) -> None:
    """Group names are unique once trimmed and case-folded (Group.name_key; the database holds the same rule)."""
    others = Group.objects.filter(name_key=group_name_key(name))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise _name_taken(name)


def _clean_group_fields(*, name: str, description: str, visibility: str, kind: str) -> tuple[str, str]:
    name = clean_text(name, what="name", max_chars=120, empty="A group needs a name.", single_line=True)
    name = " ".join(name.split())
    description = clean_text(description, what="description", max_chars=2000, required=False)
    if visibility not in Group.Visibility.values:
        raise ValidationError({"visibility": ["Choose public, private or secret."]})
    if kind not in Group.Kind.values:
        raise ValidationError({"kind": ["Choose team, community, interest or cause."]})
    return name, (description or "").strip()


@transaction.atomic
def group_create(*, creator: Person, name: str, description: str = "", visibility: str = Group.Visibility.PUBLIC,
                 kind: str = Group.Kind.COMMUNITY) -> Group:
    name, description = _clean_group_fields(name=name, description=description, visibility=visibility, kind=kind)
    _check_group_name(name)
    try:
        with transaction.atomic():  # a savepoint: someone who took the name a moment ago is refused, not a 500
            group = Group.objects.create(slug=_unique_slug(name), name=name, description=description,
                                         visibility=visibility, kind=kind, created_by=creator)
    except IntegrityError:
        if Group.objects.filter(name_key=group_name_key(name)).exists():
            raise _name_taken(name) from None
        raise
    Membership.objects.create(group=group, person=creator, role=Membership.Role.ADMIN)
    _refresh_member_count(group)
    return group


@transaction.atomic
def group_update(*, person: Person, group: Group, name: str, description: str, visibility: str,
                 kind: str | None = None) -> Group:
    """A group admin changes the name, description, visibility and kind (None: the kind stays)."""
    if not access.is_group_admin(person, group):
        raise PermissionDenied("Only group admins can change the group.")
    kind = group.kind if kind is None else kind
    name, description = _clean_group_fields(name=name, description=description, visibility=visibility, kind=kind)
    _check_group_name(name, exclude=group)
    fields = ("name", "description", "visibility", "kind")
    before = {f: getattr(group, f) for f in fields}
    group.name, group.description, group.visibility, group.kind = name, description, visibility, kind
    try:
        with transaction.atomic():
            group.save(update_fields=list(fields))
    except IntegrityError:
        for f, value in before.items():
            setattr(group, f, value)
        if Group.objects.filter(name_key=group_name_key(name)).exclude(pk=group.pk).exists():
            raise _name_taken(name) from None
        raise
    after = {f: getattr(group, f) for f in fields}
    if before != after:
        audit.record(actor=person, action="group.update", target=group, before=before, after=after)
    return group


@transaction.atomic
def group_join(*, person: Person, group: Group) -> Membership:
    """Public: join at once. Private: a request the admins approve. Secret: only by invitation."""
    membership = Membership.objects.filter(group=group, person=person).first()
    if membership and membership.state == Membership.State.ACTIVE:
        return membership
    if membership and membership.state == Membership.State.INVITED:
        membership.state = Membership.State.ACTIVE
        membership.save(update_fields=["state"])
    elif group.visibility == Group.Visibility.PUBLIC:
        membership = Membership.objects.create(group=group, person=person)
    elif group.visibility == Group.Visibility.PRIVATE:
        if membership is None:
            membership = Membership.objects.create(group=group, person=person, state=Membership.State.REQUESTED)
            admins = Membership.objects.filter(group=group, role=Membership.Role.ADMIN, state=Membership.State.ACTIVE)
            _notify([Notification(recipient_id=m.person_id, actor=person, verb=Notification.Verb.GROUP_REQUEST, group=group)
                     for m in admins])
        return membership
    else:
        raise PermissionDenied("This group is by invitation only.")
    _refresh_member_count(group)
    return membership


@transaction.atomic
def group_leave(*, person: Person, group: Group) -> None:
    membership = Membership.objects.filter(group=group, person=person).first()
    if membership is None:
        return
    if membership.role == Membership.Role.ADMIN and membership.state == Membership.State.ACTIVE:
        others = Membership.objects.filter(group=group, role=Membership.Role.ADMIN, state=Membership.State.ACTIVE).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError("You are the group's only admin. Make someone else an admin before you leave.")
    membership.delete()
    _refresh_member_count(group)


@transaction.atomic
def group_invitation_decline(*, person: Person, group: Group) -> bool:
    """Turn down an invitation: it is removed (True). Set-style: with no invitation waiting, nothing changes (False);
    a membership or a request to join is left as it is."""
    deleted, _ = Membership.objects.filter(group=group, person=person, state=Membership.State.INVITED).delete()
    return bool(deleted)


@transaction.atomic
def group_invite(*, person: Person, group: Group, invitee: Person) -> Membership:
    if not access.is_group_admin(person, group):
        raise PermissionDenied("Only group admins can invite.")
    if not invitee.is_active:
        raise ValidationError(f"{invitee.name} has been deactivated.")
    membership, created = Membership.objects.get_or_create(group=group, person=invitee,
                                                           defaults={"state": Membership.State.INVITED})
    if not created and membership.state == Membership.State.REQUESTED:  # inviting someone who asked approves them
        membership.state = Membership.State.ACTIVE
        membership.save(update_fields=["state"])
        _refresh_member_count(group)
        _notify_approved(person=person, membership=membership)
    if created:
        _notify([Notification(recipient=invitee, actor=person, verb=Notification.Verb.GROUP_INVITE, group=group)])
    return membership


@transaction.atomic
def membership_decide(*, person: Person, membership: Membership, approve: bool) -> None:
    if not access.is_group_admin(person, membership.group):
        raise PermissionDenied("Only group admins can answer requests.")
    if membership.state != Membership.State.REQUESTED:
        raise ValidationError("That request has already been answered.")
    if approve:
        membership.state = Membership.State.ACTIVE
        membership.save(update_fields=["state"])
    else:
        membership.delete()
    _refresh_member_count(membership.group)
    if approve:
        _notify_approved(person=person, membership=membership)


def _notify_approved(*, person: Person, membership: Membership) -> None:
    """Tell someone whose request to join was approved; the bell links to the group (now theirs to read)."""
    _notify([Notification(recipient_id=membership.person_id, actor=person, verb=Notification.Verb.GROUP_APPROVED,
                          group=membership.group)])


@transaction.atomic
def membership_set_role(*, person: Person, membership: Membership, role: str) -> None:
    if not access.is_group_admin(person, membership.group):
        raise PermissionDenied("Only group admins can change roles.")
    if role not in Membership.Role.values:
        raise ValidationError("Choose member or admin.")
    if role == Membership.Role.MEMBER and membership.role == Membership.Role.ADMIN:
        admins = Membership.objects.filter(group=membership.group, role=Membership.Role.ADMIN, state=Membership.State.ACTIVE)
        if admins.count() <= 1:
            raise ValidationError("A group needs at least one admin.")
    was = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    if was != role:
        audit.record(actor=person, action="group.admin_set" if role == Membership.Role.ADMIN else "group.admin_unset",
                     target=membership.group, before={"person": membership.person.name, "role": was},
                     after={"person": membership.person.name, "role": role}, detail=membership.person.email)


def notification_open(*, person: Person, notification: Notification) -> str:
    """Open one of one's own notifications: it is read from now on (set-style: opening it again changes
    nothing), and the answer is where it leads, always a path on this site."""
    if notification.recipient_id != person.pk:
        raise PermissionDenied("Only its recipient can open a notification.")
    now = timezone.now()
    if notification.read_at is None:
        notification.read_at = now
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    if notification.verb in (Notification.Verb.REACTION, Notification.Verb.REPLY_REACTION) and notification.post_id:
        # the bell shows reactions to one post (or reply) as one line (selectors.notification_lines): opening it
        # reads them all
        Notification.objects.filter(recipient_id=person.pk, verb=notification.verb, post_id=notification.post_id,
                                    link=notification.link, read_at__isnull=True).update(read_at=now)
    return notification.get_absolute_url()


def notifications_mark_read(*, person: Person, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
