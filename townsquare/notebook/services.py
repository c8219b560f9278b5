"""Writes for the notebook. Each validates everything first and writes in one transaction, so a
refused input changes nothing that is stored.

Limits (shown in the UI, documented in docs/ARCHITECTURE.md): a title up to TITLE_MAX_CHARS, a
body up to BODY_MAX_CHARS, a source link up to SOURCE_MAX_CHARS (http or https only), at most
TAGS_MAX tags of up to TAG_MAX_CHARS letters, digits, "-" or "_".
"""

import re
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from townsquare.conversations import text
from townsquare.conversations.models import Post
from townsquare.core.validation import clean_text
from townsquare.notebook import access
from townsquare.notebook.models import InsightDraft, Note
from townsquare.people.models import Person

TITLE_MAX_CHARS = 200
BODY_MAX_CHARS = 10_000
SOURCE_MAX_CHARS = 500
TAGS_MAX = 10
TAG_MAX_CHARS = 40
TAG_RE = re.compile(r"^[\w-]+$")
PROVENANCE_HEADING = "How this idea came about"

_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class NoteInput:
    kind: str
    title: str
    body: str
    source_url: str
    tags: str


def parse_tags(raw: str) -> list[str]:
    """"Sales, #AI strategy" → ["sales", "ai", "strategy"]: lower case, no "#", no repeats, in order."""
    tags: list[str] = []
    for word in re.split(r"[,\s]+", raw or ""):
        tag = word.strip().lstrip("#").lower()
        if not tag:
            continue
        if len(tag) > TAG_MAX_CHARS:
            raise ValidationError(f"The tag “{tag[:TAG_MAX_CHARS]}…” is longer than {TAG_MAX_CHARS} characters.")
        if not TAG_RE.match(tag):
            raise ValidationError(f"“{tag}” is not a tag we can keep: use letters, digits, “-” or “_”, "
                                  "and separate tags with commas or spaces.")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ValidationError(f"You gave {len(tags)} tags; a note takes at most {TAGS_MAX}.")
    return tags


def clean_note(*, kind: str, title: str, body: str, source_url: str, tags: str) -> NoteInput:
    """Validate a note's fields. Raises ValidationError with every problem found."""
    problems: list[str] = []

    def checked(value: str, **rules) -> str:
        try:
            return clean_text(value, **rules)
        except ValidationError as exc:
            problems.extend(exc.messages)
            return (value or "").strip()

    if kind not in Note.Kind.values:
        problems.append("Choose what the note is: something you read, something you experienced, or what it means.")
    title = checked(title, what="title", max_chars=TITLE_MAX_CHARS, required=False)
    body = checked(body, what="note", max_chars=BODY_MAX_CHARS, hint="Split it into two notes.",
                   empty="The note is empty. Write what you read, saw or think before you save it.")
    source_url = checked(source_url, what="source link", max_chars=SOURCE_MAX_CHARS, required=False)
    checked(tags, what="tags", max_chars=len(tags or ""), required=False)  # parse_tags checks the rest
    if source_url and len(source_url) <= SOURCE_MAX_CHARS and "\x00" not in source_url:
        try:
            _url(source_url)
        except ValidationError:
            problems.append("The source link must be a web address starting with http:// or https://, "
                            "such as https://example.com/article.")
    tag_list: list[str] = []
    try:
        tag_list = parse_tags(tags or "")
    except ValidationError as exc:
        problems += exc.messages
    if problems:
        raise ValidationError(problems)
    return NoteInput(kind=kind, title=title, body=body, source_url=source_url,
                     tags=f",{','.join(tag_list)}," if tag_list else "")


@transaction.atomic
def note_create(*, person: Person, body: str, title: str = "", kind: str = Note.Kind.READ, source_url: str = "",
                tags: str = "") -> Note:
    data = clean_note(kind=kind, title=title, body=body, source_url=source_url, tags=tags)
    now = timezone.now()
    return Note.objects.create(person=person, kind=data.kind, title=data.title, body=data.body,
                               body_html=text.render(data.body).html, source_url=data.source_url, tags=data.tags,
                               created_at=now, updated_at=now)


@transaction.atomic
def note_update(*, person: Person, note: Note, body: str, title: str = "", kind: str = Note.Kind.READ,
                source_url: str = "", tags: str = "") -> Note:
    if note.person_id != person.pk:
        raise PermissionDenied("Only the author can change a note.")
    data = clean_note(kind=kind, title=title, body=body, source_url=source_url, tags=tags)
    note.kind, note.title, note.body, note.source_url, note.tags = data.kind, data.title, data.body, data.source_url, data.tags
    note.body_html = text.render(data.body).html
    note.updated_at = timezone.now()
    note.save(update_fields=["kind", "title", "body", "body_html", "source_url", "tags", "updated_at"])
    return note


@transaction.atomic
def note_delete(*, person: Person, note: Note) -> None:
    """Delete a note and its open draft. A post already shared from it stays (it is public now)."""
    if note.person_id != person.pk:
        raise PermissionDenied("Only the author can delete a note.")
    note.delete()


@transaction.atomic
def note_mark_insight(*, person: Person, note: Note, insight: bool = True) -> Note:
    """Mark (or unmark) a note as an insight. Marking again keeps the first moment it was marked."""
    if note.person_id != person.pk:
        raise PermissionDenied("Only the author can mark a note.")
    if insight and note.insight_at is None:
        note.insight_at = timezone.now()
    elif not insight:
        if note.shared_post_id is not None:
            raise ValidationError("This insight is already shared as a post, so it stays an insight.")
        note.insight_at = None
    note.save(update_fields=["insight_at"])
    return note


def _local_day(person: Person, moment) -> str:
    try:
        tz = zoneinfo.ZoneInfo(person.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local = timezone.localtime(moment, tz)
    return f"{local.day} {local:%B %Y}"


SEEK_WORDS = {
    Note.Kind.READ: "I noted something I read",
    Note.Kind.EXPERIENCE: "I noted something I experienced",
    Note.Kind.REFLECTION: "I wrote down a thought",
}


def draft_text(note: Note) -> str:
    """The post a shared insight starts from: the note, then where the idea came from."""
    person = note.person
    lines = []
    if note.title:
        lines += [f"**{note.title}**", ""]
    lines += [note.body, "", f"### {PROVENANCE_HEADING}", ""]
    seek = f"- **Seek** — on {_local_day(person, note.created_at)} {SEEK_WORDS.get(note.kind, SEEK_WORDS[Note.Kind.READ])}"
    seek += f", from <{note.source_url}>." if note.source_url else "."
    lines.append(seek)
    if note.insight_at:
        lines.append(f"- **Sense** — on {_local_day(person, note.insight_at)} I came back to it and marked it "
                     "as an insight: it changed how I see the work.")
    lines.append("- **Share** — this post, so that others can test the idea and build on it.")
    return "\n".join(lines)


@transaction.atomic
def insight_draft_create(*, person: Person, note: Note) -> InsightDraft:
    """Open (or refresh) the draft post for an insight. Only insights not yet shared can be shared."""
    if note.person_id != person.pk:
        raise PermissionDenied("Only the author can share a note.")
    if note.insight_at is None:
        raise ValidationError("Mark this note as an insight before you share it.")
    if note.shared_post_id is not None:
        raise ValidationError("This insight is already shared as a post.")
    body = draft_text(note)
    draft = InsightDraft.objects.select_for_update().filter(note=note, published_at__isnull=True).first()
    if draft is None:
        return InsightDraft.objects.create(person=person, note=note, body=body)
    draft.body = body
    draft.save(update_fields=["body"])
    return draft


@transaction.atomic
def draft_publish(*, person: Person, draft_id, post: Post) -> InsightDraft | None:
    """Called once the composer has published `post` from a draft: link draft, note and post both
    ways. A draft that is not the person's own, or already published, is left alone (None)."""
    if post.author_id != person.pk:
        raise PermissionDenied("Only the author of the post can link it to their notebook.")
    draft = access.drafts_visible_to(person).select_for_update().filter(
        pk=int(draft_id) if str(draft_id).isdigit() else 0).first()
    if draft is None:
        return None
    now = timezone.now()
    draft.published_at, draft.post = now, post
    draft.save(update_fields=["published_at", "post"])
    Note.objects.filter(pk=draft.note_id, person=person).update(shared_post=post, shared_at=now)
    return draft
