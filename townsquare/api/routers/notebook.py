"""Your notebook (notebook package) — yours alone: notes belong to their author, and anyone else's note, org
admins included, is the same 404 as one that does not exist (notebook.access). Reads through notebook.selectors,
writes through notebook.services (the same checks and sentences as the notebook's pages)."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from townsquare.api.pagination import keyset, page
from townsquare.api.params import ERRORS, POST_ERRORS, Cursor, Limit, caller
from townsquare.api.schemas import MAX_ID, TEXT_PATTERN, WRITTEN_PATTERN, page_of
from townsquare.notebook import access, selectors, services

router = Router(tags=["notebook"])
NoteId = Path(..., ge=1, le=MAX_ID)
NoteKind = Literal["read", "experience", "reflection"]


class NoteOut(Schema):
    id: int
    kind: NoteKind = Field(description="read (something you read), experience, or reflection (what it means).")
    title: str
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="Rendered and sanitised.")
    source_url: str
    tags: list[str]
    insight: bool
    shared_post_id: int | None = Field(description="The post this insight was shared as, or null.")
    created_at: datetime
    updated_at: datetime
    url: str


NotePage = page_of(NoteOut, "NotePage")


TAG_PATTERN = rf"^#?[\w-]{{1,{services.TAG_MAX_CHARS}}}$"
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN)]
TagList = Annotated[list[Tag], Field(max_length=services.TAGS_MAX)]


class NoteIn(Schema):
    kind: NoteKind = "read"
    title: Annotated[str, StringConstraints(max_length=services.TITLE_MAX_CHARS, pattern=TEXT_PATTERN)] = ""
    body: str = Field(min_length=1, max_length=services.BODY_MAX_CHARS, pattern=WRITTEN_PATTERN,
                      description="Markdown: what you read, saw or think.")
    source_url: Annotated[str, StringConstraints(max_length=services.SOURCE_MAX_CHARS, pattern=TEXT_PATTERN)] = Field(
        "", description="An http:// or https:// address.")
    tags: TagList = Field(default_factory=list, description=f"At most {services.TAGS_MAX}: letters, digits, - or _ "
                                                            "(a leading # is dropped).")


class NoteDeletedOut(Schema):
    id: int
    deleted: bool


def _note(n) -> dict:
    return {"id": n.pk, "kind": n.kind, "title": n.title, "body": n.body, "body_html": n.body_html,
            "source_url": n.source_url, "tags": n.tag_list, "insight": n.is_insight,
            "shared_post_id": n.shared_post_id, "created_at": n.created_at, "updated_at": n.updated_at,
            "url": n.get_absolute_url()}


def _fields(payload: NoteIn) -> dict:
    return {"kind": payload.kind, "title": payload.title, "body": payload.body, "source_url": payload.source_url,
            "tags": ", ".join(payload.tags)}


@router.get("/me/notes", response={200: NotePage, **ERRORS}, url_name="my_notes", summary="Your notes")
def note_list(request, q: str = Query("", max_length=selectors.QUERY_MAX_CHARS,
                                      description="Words in the title, text or tags."),
              tag: str = Query("", max_length=services.TAG_MAX_CHARS + 1, description="One tag."),
              insights: bool = Query(False, description="Only your insights."),
              cursor: str | None = Cursor, limit: int = Limit):
    """Newest first."""
    qs = selectors.notes_for(caller(request), q=q, tag=tag, insights_only=insights)
    window = keyset(qs, field="created_at", descending=True, cursor=cursor, limit=limit, is_time=True)
    return page(request, window, [_note(n) for n in window.rows])


@router.post("/me/notes", response={201: NoteOut, **POST_ERRORS}, url_name="my_note_create", summary="Write a note")
def note_create(request, payload: NoteIn):
    return Status(201, _note(services.note_create(person=caller(request), **_fields(payload))))


@router.get("/me/notes/{int:note_id}", response={200: NoteOut, **ERRORS}, url_name="my_note", summary="One of your notes")
def note_detail(request, note_id: int = NoteId):
    return _note(access.access_note(caller(request), note_id))


@router.put("/me/notes/{int:note_id}", response={200: NoteOut, **ERRORS}, url_name="my_note_update",
            summary="Change a note")
def note_update(request, payload: NoteIn, note_id: int = NoteId):
    """The note becomes what you send (fields left out take their defaults), so sending it again changes nothing."""
    person = caller(request)
    note = access.access_note(person, note_id)
    return _note(services.note_update(person=person, note=note, **_fields(payload)))


@router.delete("/me/notes/{int:note_id}", response={200: NoteDeletedOut, **ERRORS}, url_name="my_note_delete",
               summary="Delete a note")
def note_delete(request, note_id: int = NoteId):
    """With its open draft; a post already shared from it stays. A note that is gone is a 404."""
    person = caller(request)
    note = access.access_note(person, note_id)
    services.note_delete(person=person, note=note)
    return {"id": note_id, "deleted": True}
