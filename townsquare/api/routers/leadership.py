"""Ask leadership (practices package): the leaders, the questions, asking, up-votes, a leader's answer.

Questions are public to every signed-in person (practices.access); answering is for the leader asked alone
(access_question(action="answer"): anyone else, org admins included, gets the same 404). Writes through
practices.services: a question is a company-wide question post, the answer the leader's reply on it."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from townsquare.api import serializers as out
from townsquare.api.pagination import keyset, page
from townsquare.api.params import ERRORS, POST_ERRORS, Cursor, Limit, caller
from townsquare.api.schemas import MAX_ID, TEXT_PATTERN, WRITTEN_PATTERN, Handle, PersonRef, page_of
from townsquare.core.errors import NoSuchReference
from townsquare.practices import access, selectors, services
from townsquare.practices.models import Question

router = Router(tags=["ask leadership"])
QuestionId = Path(..., ge=1, le=MAX_ID)
QuestionStatus = Literal["open", "answered", "declined"]


class QuestionOut(Schema):
    id: int
    kind: Literal["question", "concern"]
    body: str = Field(description="Markdown, as asked.")
    body_html: str = Field(description="Rendered and sanitised (the question's post).")
    asker: PersonRef
    leader: PersonRef
    status: QuestionStatus
    decline_reason: str = Field(description="Why the leader declined it (declined only).")
    answer: str | None = Field(description="The leader's answer (markdown), or null.")
    answer_html: str | None
    purpose_theme: str = Field(description="The purpose the leader said the decision serves, or empty.")
    vote_count: int
    voted: bool = Field(description="Whether your up-vote counts.")
    created_at: datetime
    answered_at: datetime | None
    post_id: int = Field(description="The company-wide question post that carries it.")
    url: str


QuestionPage = page_of(QuestionOut, "QuestionPage")
LeaderPage = page_of(PersonRef, "LeaderPage")


class QuestionIn(Schema):
    leader: Handle = Field(description="The handle of the leader you ask (GET /api/v1/leaders).")
    body: str = Field(min_length=1, max_length=services.QUESTION_MAX_CHARS, pattern=WRITTEN_PATTERN,
                      description="Markdown. It is public: everyone can read it and vote on it.")
    kind: Literal["question", "concern"] = "question"


class AnswerIn(Schema):
    answer: str = Field(min_length=1, max_length=services.ANSWER_MAX_CHARS, pattern=WRITTEN_PATTERN,
                        description="Explain the decision; it becomes your reply on the question's post.")
    purpose_theme: Annotated[str, StringConstraints(max_length=services.THEME_MAX_CHARS, pattern=TEXT_PATTERN)] = Field(
        "", description="Optional: the purpose the decision serves.")


class QuestionVoteOut(Schema):
    question_id: int
    voted: bool
    vote_count: int


def _question(q: Question, *, voted: bool) -> dict:
    reply = q.answer_reply
    return {"id": q.pk, "kind": q.kind, "body": q.body, "body_html": q.post.body_html,
            "asker": out.person_ref(q.asker), "leader": out.person_ref(q.leader), "status": q.status,
            "decline_reason": q.decline_reason, "answer": reply.body if reply else None,
            "answer_html": reply.body_html if reply else None, "purpose_theme": q.purpose_theme,
            "vote_count": q.vote_count, "voted": voted, "created_at": q.created_at, "answered_at": q.answered_at,
            "post_id": q.post_id, "url": q.get_absolute_url()}


def _one(person, question_id: int) -> dict:
    q = access.access_question(person, question_id)
    return _question(q, voted=selectors.has_voted(person, q))


@router.get("/leaders", response={200: LeaderPage, **ERRORS}, url_name="leaders", summary="Leaders you can ask")
def leader_list(request, cursor: str | None = Cursor, limit: int = Limit):
    """The people an organisation admin named as leaders, by name."""
    window = keyset(selectors.leaders(), field="name", descending=False, cursor=cursor, limit=limit)
    return page(request, window, [out.person_ref(p) for p in window.rows])


@router.get("/leadership/questions", response={200: QuestionPage, **ERRORS}, url_name="questions",
            summary="Questions to leadership")
def question_list(request, status: QuestionStatus | None = None,
                  leader: str | None = Query(None, max_length=41, pattern=r"^@?[-a-zA-Z0-9_]+$",
                                             description="Only the questions to this leader (a handle)."),
                  sort: Literal["newest", "votes"] = "newest", cursor: str | None = Cursor, limit: int = Limit):
    person = caller(request)
    who = None
    if leader:
        who = selectors.leader_by_handle(leader.lstrip("@").lower())
        if who is None:
            raise NoSuchReference({"leader": [f"Nobody called @{leader.lstrip('@')} is a leader."]})
    qs = selectors.questions_for(person, status=status or "", leader=who).select_related("answer_reply")
    if sort == "votes":
        window = keyset(qs, field="vote_count", descending=True, cursor=cursor, limit=limit, is_number=True)
    else:
        window = keyset(qs, field="created_at", descending=True, cursor=cursor, limit=limit, is_time=True)
    return page(request, window, [_question(q, voted=q.voted) for q in window.rows])


@router.post("/leadership/questions", response={201: QuestionOut, **POST_ERRORS}, url_name="question_ask",
             summary="Ask a leader")
def question_ask(request, payload: QuestionIn):
    """A question or a concern, public and up-votable; the leader is told. Someone who is not a leader is a 404
    naming the field."""
    person = caller(request)
    handle = payload.leader.lstrip("@").lower()
    leader = selectors.leaders().filter(handle=handle).first()
    if leader is None:
        raise NoSuchReference({"leader": [f"Nobody called @{handle} is a leader you can ask."]})
    question = services.question_ask(asker=person, leader=leader, body=payload.body, kind=payload.kind)
    return Status(201, _one(person, question.pk))


@router.get("/leadership/questions/{int:question_id}", response={200: QuestionOut, **ERRORS}, url_name="question",
            summary="A question to leadership")
def question_detail(request, question_id: int = QuestionId):
    return _one(caller(request), question_id)


def _vote(person, question_id: int, want: bool) -> dict:
    q = access.access_question(person, question_id)
    voted = (services.question_vote_set if want else services.question_vote_unset)(person=person, question=q)
    return {"question_id": q.pk, "voted": voted, "vote_count": q.vote_count}


@router.put("/leadership/questions/{int:question_id}/vote", response={200: QuestionVoteOut, **ERRORS},
            url_name="question_vote", summary="Up-vote a question")
def question_vote(request, question_id: int = QuestionId):
    """Idempotent."""
    return _vote(caller(request), question_id, True)


@router.delete("/leadership/questions/{int:question_id}/vote", response={200: QuestionVoteOut, **ERRORS},
               url_name="question_unvote", summary="Take your up-vote back")
def question_unvote(request, question_id: int = QuestionId):
    """Idempotent."""
    return _vote(caller(request), question_id, False)


@router.post("/leadership/questions/{int:question_id}/answer", response={200: QuestionOut, **POST_ERRORS},
             url_name="question_answer", summary="Answer a question (the leader asked)")
def question_answer(request, payload: AnswerIn, question_id: int = QuestionId):
    """For the leader it is addressed to alone (anyone else: 404). A question answered already is a 422."""
    person = caller(request)
    question = access.access_question(person, question_id, action="answer")
    services.question_answer(person=person, question=question, answer=payload.answer,
                             purpose_theme=payload.purpose_theme)
    return _one(person, question.pk)
