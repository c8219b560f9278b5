"""Ideas (ideas package): the board with its filters, one idea, a new idea, votes, collaborators, the status
pipeline.

Reads through ideas.access (an idea is readable exactly when its post is; not found and not allowed are the same
404) and ideas.selectors; writes through conversations.services.post_create (an idea is a post of kind "idea")
and ideas.services, the web's own actions."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from townsquare.api import serializers as out
from townsquare.api.pagination import keyset, page
from townsquare.api.params import ERRORS, POST_ERRORS, Cursor, Limit, PostId, caller
from townsquare.api.schemas import TEXT_PATTERN, WRITTEN_PATTERN, GroupRef, PersonRef, Slug, page_of
from townsquare.conversations import access as conv_access
from townsquare.conversations import services as conv_services
from townsquare.conversations.models import Post
from townsquare.ideas import access, selectors, services
from townsquare.ideas.models import IdeaState

router = Router(tags=["ideas"])
IdeaStatus = Literal["new", "under_review", "in_progress", "done", "not_now"]


class IdeaOut(Schema):
    post_id: int = Field(description="The idea is a post: its id is also the post's (GET /api/v1/posts/{id}).")
    title: str
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="Rendered and sanitised.")
    author: PersonRef
    group: GroupRef | None = Field(description="null for a company-wide idea")
    created_at: datetime
    owner: PersonRef
    status: IdeaStatus
    status_label: str
    status_changed_at: datetime | None
    vote_count: int
    collaborator_count: int
    voted: bool = Field(description="Whether your vote stands.")
    collaborating: bool = Field(description="Whether you collaborate on it.")
    url: str


class IdeaUpdateOut(Schema):
    author: PersonRef
    body: str
    created_at: datetime


class IdeaStatusChangeOut(Schema):
    actor: PersonRef
    from_status: IdeaStatus
    to_status: IdeaStatus
    reason: str = Field(description="Why it is set aside (\"not now\" only).")
    note: str
    created_at: datetime


class IdeaDetailOut(IdeaOut):
    collaborators: list[PersonRef]
    updates: list[IdeaUpdateOut] = Field(description="Progress updates, newest first (at most 50).")
    history: list[IdeaStatusChangeOut] = Field(description="Status changes, newest first (at most 50).")
    can_change_status: bool = Field(description="The owner, an admin of its group or an organisation admin.")


IdeaPage = page_of(IdeaOut, "IdeaPage")


class IdeaIn(Schema):
    body: str = Field(min_length=1, max_length=10_000, pattern=WRITTEN_PATTERN,
                      description="Markdown: what the idea is and why; @handles and #topics work as in a post.")
    title: Annotated[str, StringConstraints(max_length=200, pattern=TEXT_PATTERN)] = Field(
        "", description="A short name for the idea; at most 200 characters.")
    group: Slug | None = Field(None, description="A group you belong to; leave out for a company-wide idea.")


class IdeaVoteOut(Schema):
    post_id: int
    voted: bool
    vote_count: int


class IdeaCollaborationOut(Schema):
    post_id: int
    collaborating: bool = Field(description="Whether you collaborate on it now.")
    collaborator_count: int


class IdeaStatusIn(Schema):
    status: IdeaStatus
    reason: Annotated[str, StringConstraints(max_length=services.REASON_MAX_CHARS, pattern=TEXT_PATTERN)] = Field(
        "", description="Required for not_now: why it is set aside (the voters are told).")
    note: Annotated[str, StringConstraints(max_length=services.NOTE_MAX_CHARS, pattern=TEXT_PATTERN)] = Field(
        "", description="An optional word to the people who follow the idea.")


def _idea(idea: IdeaState, *, voted: bool, collaborating: bool) -> dict:
    p = idea.post
    return {"post_id": p.pk, "title": p.title, "body": p.body, "body_html": p.body_html,
            "author": out.person_ref(p.author), "group": out.group_ref(p.group) if p.group_id else None,
            "created_at": p.created_at, "owner": out.person_ref(idea.owner), "status": idea.status,
            "status_label": IdeaState.Status(idea.status).label, "status_changed_at": idea.status_changed_at,
            "vote_count": idea.vote_count, "collaborator_count": idea.collaborator_count, "voted": voted,
            "collaborating": collaborating, "url": idea.get_absolute_url()}


def _detail(person, idea: IdeaState) -> dict:
    idea.refresh_from_db(fields=["status", "status_changed_at", "owner", "vote_count", "collaborator_count"])
    p = selectors.idea_page(person, idea)
    return {**_idea(idea, voted=p.i_voted, collaborating=p.i_collaborate),
            "collaborators": [out.person_ref(c.person) for c in p.collaborators],
            "updates": [{"author": out.person_ref(u.author), "body": u.body, "created_at": u.created_at}
                        for u in p.updates],
            "history": [{"actor": out.person_ref(h.actor), "from_status": h.from_status, "to_status": h.to_status,
                         "reason": h.reason, "note": h.note, "created_at": h.created_at} for h in p.history],
            "can_change_status": access.can_change_status(person, idea)}


@router.get("/ideas", response={200: IdeaPage, **ERRORS}, url_name="ideas", summary="Ideas")
def idea_list(request, status: IdeaStatus | None = None,
              sort: Literal["votes", "newest"] = Query("votes", description="Most votes first, or newest first."),
              group: str | None = Query(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$",
                                        description="Only the ideas of this group (its slug)."),
              cursor: str | None = Cursor, limit: int = Limit):
    """The idea board: the ideas you may read, company-wide or in one group, by status."""
    person = caller(request)
    services.idea_states_backfill()  # as the board does: idea posts of a bulk load get their state
    board = selectors.idea_board(person, group=access.access_group_ideas(person, group) if group else None,
                                 status=status or "", sort=sort)
    if sort == "newest":  # post ids grow with time: newest first is highest id first, one indexed range
        window = keyset(board, field="pk", descending=True, cursor=cursor, limit=limit, is_number=True)
    else:
        window = keyset(board, field="vote_count", descending=True, cursor=cursor, limit=limit, is_number=True)
    return page(request, window, [_idea(i, voted=i.i_voted, collaborating=i.i_collaborate) for i in window.rows])


@router.post("/ideas", response={201: IdeaDetailOut, **POST_ERRORS}, url_name="idea_create", summary="Share an idea")
def idea_create(request, payload: IdeaIn):
    """A post of kind idea, company-wide or in a group you belong to: you own it, it starts as new."""
    person = caller(request)
    group = conv_access.access_group(person, payload.group) if payload.group else None
    post = conv_services.post_create(author=person, body=payload.body, kind=Post.Kind.IDEA, group=group,
                                     title=payload.title)
    return Status(201, _detail(person, access.access_idea(person, post.pk)))


@router.get("/ideas/{int:post_id}", response={200: IdeaDetailOut, **ERRORS}, url_name="idea", summary="An idea")
def idea_detail(request, post_id: int = PostId):
    """With its collaborators, progress updates and status history. Reading it marks its news to you read, as the
    idea's page does."""
    person = caller(request)
    idea = access.access_idea(person, post_id)
    data = _detail(person, idea)
    services.idea_notifications_mark_read(person=person, idea=idea)
    return data


def _vote(person, post_id: int, want: bool) -> dict:
    idea = access.access_idea(person, post_id)
    voted = (services.idea_vote_set if want else services.idea_vote_unset)(person=person, idea=idea)
    return {"post_id": idea.post_id, "voted": voted, "vote_count": idea.vote_count}


@router.put("/ideas/{int:post_id}/vote", response={200: IdeaVoteOut, **ERRORS}, url_name="idea_vote",
            summary="Vote for an idea")
def idea_vote(request, post_id: int = PostId):
    """Idempotent: voting again changes nothing."""
    return _vote(caller(request), post_id, True)


@router.delete("/ideas/{int:post_id}/vote", response={200: IdeaVoteOut, **ERRORS}, url_name="idea_unvote",
               summary="Take your vote back")
def idea_unvote(request, post_id: int = PostId):
    """Idempotent: without a vote there is nothing to take back, and that is no error."""
    return _vote(caller(request), post_id, False)


def _collaborate(person, post_id: int, join: bool) -> dict:
    idea = access.access_idea(person, post_id)
    collaborating = services.idea_collaborate(person=person, idea=idea, join=join)
    return {"post_id": idea.post_id, "collaborating": collaborating, "collaborator_count": idea.collaborator_count}


@router.put("/ideas/{int:post_id}/collaboration", response={200: IdeaCollaborationOut, **ERRORS},
            url_name="idea_collaborate", summary="Join an idea as a collaborator")
def idea_collaborate(request, post_id: int = PostId):
    """As the idea's page does: you may then post progress updates, and you are told of its status changes.
    Idempotent: joining again changes nothing. Its owner works on it already: a 422 saying so."""
    return _collaborate(caller(request), post_id, True)


@router.delete("/ideas/{int:post_id}/collaboration", response={200: IdeaCollaborationOut, **ERRORS},
               url_name="idea_uncollaborate", summary="Stop collaborating on an idea")
def idea_uncollaborate(request, post_id: int = PostId):
    """Idempotent: leaving when you are no collaborator is no error. Its owner cannot leave it (422)."""
    return _collaborate(caller(request), post_id, False)


@router.post("/ideas/{int:post_id}/status", response={200: IdeaDetailOut, **POST_ERRORS}, url_name="idea_status",
             summary="Move an idea along the pipeline")
def idea_status(request, payload: IdeaStatusIn, post_id: int = PostId):
    """For the owner, an admin of the idea's group or an organisation admin (anyone else: 404). `not_now` needs a
    `reason`; the status it already has is a 422. The voters and collaborators who may read it are told."""
    person = caller(request)
    idea = access.access_idea(person, post_id, action="status")
    services.idea_status_change(person=person, idea=idea, status=payload.status, reason=payload.reason,
                                note=payload.note)
    return _detail(person, idea)
