"""Polls (practices package): a new poll, a poll with its results as the poll's page shows them, and a vote.

A poll is readable exactly when its post is (practices.access.access_poll). Results show once you have voted or
the poll has closed, as on the page. A new poll goes through practices.services.poll_create, the poll form's
own action, in a group through practices.selectors.poll_group (the groups you are an active member of), as the form. An anonymous poll keeps no row linking a person to an option
(practices.models.Poll), and the API shows nothing more: not even your own choice."""

import zoneinfo
from datetime import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Router, Schema, Status
from pydantic import StringConstraints, field_validator

from townsquare.api import serializers as out
from townsquare.api.params import ERRORS, POST_ERRORS, caller, error
from townsquare.api.schemas import MAX_ID, WRITTEN_PATTERN, GroupRef, Id, PersonRef, Slug
from townsquare.conversations import access as conv_access
from townsquare.practices import access, selectors, services

router = Router(tags=["polls"])
PollId = Path(..., ge=1, le=MAX_ID)


class PollOptionOut(Schema):
    id: int
    label: str
    vote_count: int | None = Field(description="null until the results show.")
    percent: int | None = Field(description="Single choice: the share of votes; multiple choice: the share of "
                                            "voters. null until the results show.")
    mine: bool = Field(description="Whether you chose it (always false in an anonymous poll: it is not kept).")


class PollOut(Schema):
    id: int
    question: str
    author: PersonRef
    group: GroupRef | None
    multiple: bool = Field(description="Several options may be chosen.")
    anonymous: bool = Field(description="Nobody can see who chose what; not kept anywhere.")
    closes_at: datetime | None
    closed: bool
    voted: bool
    show_results: bool = Field(description="Results show once you have voted or the poll has closed.")
    voter_count: int | None = Field(description="null until the results show.")
    total_votes: int | None
    options: list[PollOptionOut]
    post_id: int | None
    url: str


class PollVoteIn(Schema):
    options: list[Id] = Field(min_length=1, max_length=services.OPTIONS_MAX,
                              description="The ids of the options you choose: one, or several in a multiple-choice "
                                          "poll.")

    _one_id = field_validator("options", mode="before")(
        lambda v: [v] if isinstance(v, (str, int)) and not isinstance(v, bool) else v)


OPTIONS_MAX = services.COMPOSER_OPTIONS_MAX  # 2–6 options through the API
# One line each (the poll form takes one option a line): no line breaks, no control characters, something visible.
_ON_A_LINE, _VISIBLE_ON_A_LINE = r"[^\x00-\x1f\x7f-\x9f\u2028\u2029]", r"[^\s\x00-\x1f\x7f-\x9f\u2028\u2029]"
OptionLabel = Annotated[str, StringConstraints(min_length=1, max_length=services.OPTION_MAX_CHARS,
                                               pattern=f"^{_ON_A_LINE}*{_VISIBLE_ON_A_LINE}{_ON_A_LINE}*$")]


class PollIn(Schema):
    question: str = Field(min_length=1, max_length=services.POLL_QUESTION_MAX_CHARS, pattern=WRITTEN_PATTERN)
    options: list[OptionLabel] = Field(min_length=services.OPTIONS_MIN, max_length=OPTIONS_MAX,
                                       description=f"{services.OPTIONS_MIN} to {OPTIONS_MAX} options, each "
                                                   "different, in the order they show.")
    multiple: bool = Field(False, strict=True, description="Let people choose several options.")
    anonymous: bool = Field(False, strict=True, description="Keep no record of who chose what (cannot be undone).")
    closes_at: datetime | None = Field(None, description="ISO 8601, still to come; without an offset it is read in "
                                                         "your own time zone. Leave out to keep it open.")
    group: Slug | None = Field(None, description="A group you are a member of; leave out for company-wide.")

    @field_validator("closes_at")
    @classmethod
    def _this_millennium(cls, value):
        if value is not None and not 2000 <= value.year <= 2999:
            raise ValueError("is not a date we can plan for: choose one between the years 2000 and 2999.")
        return value


def _zone(person) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(person.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _poll(person, poll) -> dict:
    state = selectors.poll_state(person, poll)
    shown = state.show_results
    group = poll.post.group if poll.post_id and poll.post.group_id else None
    return {"id": poll.pk, "question": poll.question, "author": out.person_ref(poll.author),
            "group": out.group_ref(group) if group else None, "multiple": poll.multiple, "anonymous": poll.anonymous,
            "closes_at": poll.closes_at, "closed": state.closed, "voted": state.voted, "show_results": shown,
            "voter_count": poll.voter_count if shown else None, "total_votes": state.total_votes if shown else None,
            "options": [{"id": o.pk, "label": o.label, "vote_count": o.vote_count if shown else None,
                         "percent": o.percent if shown else None, "mine": o.pk in state.my_option_ids}
                        for o in state.options],
            "post_id": poll.post_id, "url": poll.get_absolute_url()}


@router.post("/polls", response={201: PollOut, **POST_ERRORS}, url_name="poll_create", summary="Start a poll")
def poll_create(request, payload: PollIn):
    """A poll and the post that carries it, company-wide or in a group you are a member of (a group you may see but
    are not in: 403), as the poll form makes it. A closing time already past, or an option written twice, is a 422
    saying so. Answers the poll as GET /api/v1/polls/{id} does."""
    person = caller(request)
    group = None
    if payload.group:
        conv_access.access_group(person, payload.group)  # a group one may not see: 404
        group = selectors.poll_group(person, payload.group)
        if group is None:
            raise PermissionDenied("You can only post a poll in a group you are a member of.")
    closes = payload.closes_at
    if closes is not None and closes.tzinfo is None:
        closes = closes.replace(tzinfo=_zone(person))
    poll = services.poll_create(author=person, question=payload.question, options=list(payload.options),
                                multiple=payload.multiple, anonymous=payload.anonymous, closes_at=closes, group=group)
    return Status(201, _poll(person, access.access_poll(person, poll.pk)))


@router.get("/polls/{int:poll_id}", response={200: PollOut, **ERRORS}, url_name="poll", summary="A poll")
def poll_detail(request, poll_id: int = PollId):
    person = caller(request)
    return _poll(person, access.access_poll(person, poll_id))


@router.post("/polls/{int:poll_id}/votes", response={201: PollOut, **POST_ERRORS}, url_name="poll_vote",
             summary="Vote in a poll")
def poll_vote(request, payload: PollVoteIn, poll_id: int = PollId):
    """Once: a vote cannot be changed (a second is a 409). A closed poll, an option of another poll, or several
    options in a single-choice poll are a 422 saying so. Answers the poll with its results."""
    person = caller(request)
    poll = access.access_poll(person, poll_id)
    if selectors.poll_state(person, poll).voted:
        return error(409, "You have voted in this poll already; a vote cannot be changed.", code="conflict")
    services.poll_vote(person=person, poll=poll, option_ids=list(payload.options))
    poll.refresh_from_db(fields=["voter_count"])
    return Status(201, _poll(person, poll))
