"""The shapes of the API's requests and responses (the OpenAPI document is generated from these)."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints, field_validator

MAX_ID = 2**63 - 1  # the largest id a database row can have; bigger numbers are refused before any query
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=80)]
Handle = Annotated[str, StringConstraints(pattern=r"^@?[-a-zA-Z0-9_]+$", max_length=41)]
PostKind = Literal["update", "question", "praise", "idea", "article"]
# What a post can be when read: also events and polls, which are written through their own packages (the composer's
# Event and Poll, the events and polls pages).
PostKindOut = Literal["update", "question", "praise", "idea", "article", "event", "poll"]
ReactionKind = Literal["like", "celebrate", "insightful", "support", "thanks"]
FollowKind = Literal["person", "group", "topic"]
GroupKind = Literal["team", "community", "interest", "cause"]
SearchKind = Literal["post", "reply", "person", "group"]

# core/validation.clean_text's rule written as a pattern, so the OpenAPI document says what the server takes:
# none of the characters text may not hold (NUL, control characters other than tab and line breaks) and, for
# a required text, at least one character that is not a space.
_HOLDABLE = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_VISIBLE = r"[^\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
TEXT_PATTERN = f"^{_HOLDABLE}*$"
WRITTEN_PATTERN = f"^{_HOLDABLE}*{_VISIBLE}{_HOLDABLE}*$"


# --- errors ----------------------------------------------------------------------------------------

class ErrorBody(Schema):
    code: str = Field(description="Stable, machine-readable: not_found, unauthorized, forbidden, invalid, "
                                  "bad_request, method_not_allowed, conflict, rate_limited, server_error, "
                                  "idempotency_key_reused.")
    message: str = Field(description="A sentence for people, saying what is wrong.")
    fields: dict[str, list[str]] = Field(default_factory=dict,
                                         description="For invalid input: what is wrong with each field.")


class Error(Schema):
    error: ErrorBody


# --- people ----------------------------------------------------------------------------------------

class PersonRef(Schema):
    id: int = Field(description="Follow the person with PUT /api/v1/follows/person/{id}.")
    handle: str
    name: str
    title: str
    url: str
    avatar_url: str | None


class PersonOut(PersonRef):
    department: str | None
    location: str
    manager: PersonRef | None
    bio: str
    skills: list[str]
    interests: list[str]
    time_zone: str
    is_active: bool
    joined_at: datetime


class MeOut(PersonOut):
    email: str
    is_org_admin: bool


# --- groups ----------------------------------------------------------------------------------------

class GroupRef(Schema):
    id: int = Field(description="Follow the group with PUT /api/v1/follows/group/{id}.")
    slug: str
    name: str
    url: str


class GroupOut(GroupRef):
    description: str
    visibility: Literal["public", "private", "secret"]
    kind: GroupKind
    member_count: int
    created_at: datetime
    membership: Literal["active", "requested", "invited"] | None = Field(
        description="Your membership: active, requested (waiting for an admin), invited, or null.")
    is_admin: bool
    can_read_posts: bool


class GroupIn(Schema):
    name: str = Field(min_length=1, max_length=120, pattern=WRITTEN_PATTERN,
                      description="Unique: no other group may have the same name, ignoring case and outer spaces.")
    description: Annotated[str, StringConstraints(max_length=2000, pattern=TEXT_PATTERN)] = ""
    visibility: Literal["public", "private", "secret"] = "public"
    kind: GroupKind = "community"


class GroupChange(Schema):
    """Only the fields you send change."""
    name: Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=WRITTEN_PATTERN)] | None = Field(
        None, description="Unique, ignoring case and outer spaces.")
    description: Annotated[str, StringConstraints(max_length=2000, pattern=TEXT_PATTERN)] | None = None
    visibility: Literal["public", "private", "secret"] | None = None
    kind: GroupKind | None = None


class MembershipOut(Schema):
    group: str
    state: Literal["active", "requested", "invited"] | None = Field(description="null once you have left")
    role: Literal["member", "admin"] | None


class MemberOut(Schema):
    person: PersonRef
    role: Literal["member", "admin"]
    state: Literal["active", "requested", "invited"]
    since: datetime


# --- posts, replies, reactions ---------------------------------------------------------------------

class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    is_image: bool
    url: str


class SharedOut(Schema):
    visible: bool = Field(description="Whether you may read the shared post; when not, nothing else about it is "
                                      "given.")
    post_id: int | None
    author: PersonRef | None
    group: GroupRef | None
    title: str
    body_html: str
    url: str | None


class ShareIn(Schema):
    group: Slug | None = Field(None, description="The slug of a group you can post in; leave out to share with the "
                                                 "whole company.")
    comment: str = Field("", max_length=2_000, pattern=WRITTEN_PATTERN,
                         description="Optional; markdown, at most 2,000 characters.")


class PostOut(Schema):
    id: int
    kind: PostKindOut
    title: str
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="Rendered and sanitised.")
    author: PersonRef
    group: GroupRef | None = Field(description="null for a company-wide post")
    created_at: datetime
    edited_at: datetime | None
    pinned: bool
    topics: list[str]
    praised_people: list[PersonRef]
    praised_group: GroupRef | None
    reply_count: int
    reaction_count: int
    reactions: dict[str, int]
    my_reactions: list[str]
    bookmarked: bool
    best_answer_id: int | None
    view_count: int
    attachments: list[AttachmentOut]
    url: str
    hidden: bool = Field(False, description="Hidden by a moderator: its author sees it with `hidden_reason`; "
                                           "everyone else gets a notice in `body` instead of its content.")
    hidden_reason: str | None = Field(None, description="The moderator's reason, for the author alone.")
    shared: SharedOut | None = Field(None, description="For a share: the post it shares, as far as you may read it.")


def _split_handles(value):
    """Accept a list of handles, or one string of handles separated by spaces or commas (form posts)."""
    if isinstance(value, str):
        return [h for h in value.replace(",", " ").split() if h]
    return value


class PostExtras(Schema):
    """What feature packages add to a post as it is written (conversations/extensions.py): the same fields the
    web composer sends, applied in the same transaction as the post."""

    model_config = {"extra": "forbid"}
    serves_purpose: bool = Field(False, description="Mark the post as serving your purpose (choose one first, "
                                                    "on /purpose/).")
    notebook_draft: Id | None = Field(None, description="The notebook draft this post publishes.")
    praise_value: Id | None = Field(None, description="For praise: the id of the company value it recognises.")


class PostIn(Schema):
    kind: PostKind = "update"
    body: str = Field(min_length=1, max_length=40_000, pattern=WRITTEN_PATTERN,
                      description="Markdown; @handles mention people, #words tag topics. At most 10,000 "
                                  "characters, 40,000 for an article.")
    title: Annotated[str, StringConstraints(max_length=200, pattern=TEXT_PATTERN)] = Field(
        "", description="Required for an article; at most 200 characters.")
    group: Slug | None = Field(None, description="The group's slug; leave out for a company-wide post.")
    praised: list[Handle] = Field(default_factory=list, max_length=50,
                                  description="Handles of the people a praise post recognises.")
    praised_group: Slug | None = Field(None, description="The slug of the team a praise post recognises.")
    extras: PostExtras = Field(default_factory=PostExtras)

    _handles = field_validator("praised", mode="before")(_split_handles)


class ReplyOut(Schema):
    id: int
    post_id: int
    author: PersonRef
    body: str
    body_html: str
    created_at: datetime
    is_best_answer: bool
    url: str
    hidden: bool = Field(False, description="Hidden by a moderator (see PostOut.hidden).")
    hidden_reason: str | None = Field(None, description="The moderator's reason, for the author alone.")
    edited_at: datetime | None = Field(None, description="When its author last edited it (its history is kept).")
    reaction_count: int = 0
    reactions: dict[str, int] = Field(default_factory=dict, description="Reactions to the reply, by kind.")


class ReplyIn(Schema):
    body: str = Field(min_length=1, max_length=5_000, pattern=WRITTEN_PATTERN, description="Markdown.")


class ReplyChange(Schema):
    body: str = Field(min_length=1, max_length=5_000, pattern=WRITTEN_PATTERN,
                      description="The reply's new text (markdown). The text it had is kept in its history.")


class PostChange(Schema):
    """What an author changes in their post; what is left out stays as it is."""

    body: str | None = Field(None, min_length=1, max_length=40_000, pattern=WRITTEN_PATTERN,
                             description="The new text (markdown): at most 10,000 characters, 40,000 for an article.")
    title: Annotated[str, StringConstraints(max_length=200, pattern=TEXT_PATTERN)] | None = Field(
        None, description="A new title (an article needs one; at most 200 characters).")


class ReactionIn(Schema):
    kind: ReactionKind = "like"


class ReactionsOut(Schema):
    post_id: int
    kind: ReactionKind
    reacted: bool = Field(description="Whether your reaction of this kind is there now.")
    reaction_count: int
    reactions: dict[str, int]


class ReplyReactionsOut(Schema):
    reply_id: int
    kind: ReactionKind
    reacted: bool = Field(description="Whether your reaction of this kind to the reply is there now.")
    reaction_count: int
    reactions: dict[str, int]


# --- follows ---------------------------------------------------------------------------------------

class FollowOut(Schema):
    kind: FollowKind
    id: int
    label: str = Field(description="The person's name, the group's name or the #topic.")
    url: str
    following: bool
    since: datetime | None


# --- notifications, search, coach ------------------------------------------------------------------

class NotificationOut(Schema):
    id: int
    actor: PersonRef
    verb: str
    text: str = Field(description="What happened, after the actor's name.")
    url: str
    post_id: int | None
    group: str | None
    created_at: datetime
    read: bool


class NotificationsReadIn(Schema):
    ids: list[Id] | None = Field(None, max_length=500, description="Leave out to mark every notification read.")

    _ids = field_validator("ids", mode="before")(
        lambda v: [v] if isinstance(v, (str, int)) and not isinstance(v, bool) else v)


class MarkedOut(Schema):
    marked: int
    unread: int


class SearchResultOut(Schema):
    kind: SearchKind
    id: int = Field(description="The id of the post, reply, person or group.")
    label: str
    snippet: str
    url: str
    created_at: datetime


class HabitOut(Schema):
    habit: str
    label: str
    rule: str = Field(description="When the habit counts as done, in our words.")
    enabled: bool
    anchor: str = Field(description="The moment of the day it is anchored to, HH:MM in your time zone.")
    done_today: bool
    streak: int = Field(description="Days in a row, up to today.")
    strength: int = Field(description="0–100; see strength_rule.")


class ChecklistOut(Schema):
    key: str
    label: str
    done: bool


class CoachOut(Schema):
    today: date
    time_zone: str
    day_rule: str
    strength_rule: str
    habits: list[HabitOut]
    checklist: list[ChecklistOut]


# --- the writing coach (townsquare/influence/writing.py) ------------------------------------------------------

class WritingHintsIn(Schema):
    body: str = Field("", max_length=40_000, pattern=TEXT_PATTERN,
                      description="The draft, as the composer holds it (markdown). Not stored.")
    kind: PostKind = Field("update", description="The kind of post it is for: the length it is judged against.")


class WritingHintOut(Schema):
    code: str = Field(description="Stable: length, too_long_for_kind, press_release, readability, long_sentence, "
                                  "passive, jargon, wordy, no_first_person, no_question.")
    level: Literal["tip", "warning"]
    message: str = Field(description="One line, for the writer.")
    excerpt: str = Field(description="The words it is about, as written (the start of a long sentence); may be empty.")
    start: int | None = Field(description="Where those words start in `body` (characters), or null.")
    end: int | None = Field(description="Where they end, or null.")
    alternatives: list[str] = Field(description="Plainer words to consider, for jargon and wordy phrases.")


class WritingHintsOut(Schema):
    hints: list[WritingHintOut] = Field(description="Warnings first, then tips. Suggestions only: the text is "
                                                    "never rewritten.")
    words: int
    characters: int
    sentences: int
    longest_sentence: int = Field(description="In words.")
    reading_ease: float | None = Field(description="Flesch reading ease (0–100, higher is easier; textstat), or "
                                                   "null under 20 words.")
    reading_label: str = Field(description="The reading ease in words (plain English, fairly hard …), or empty.")
    word_target: int | None = Field(description="About how many words suit this kind, or null (articles).")
    first_person: int = Field(description="How often the draft says I, me, my, we, us or our.")
    second_person: int = Field(description="How often it says you or your.")
    asks: bool = Field(description="Whether it asks a question or invites a response.")


# --- pages -----------------------------------------------------------------------------------------

def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of `item`s: the items, and where the next page is (null on the last page)."""
    return type(name, (Schema,), {
        "__annotations__": {"items": list[item], "next": str | None, "next_cursor": str | None},
        "next": Field(description="The URL of the next page, or null on the last page."),
        "next_cursor": Field(description="Opaque; pass it back as ?cursor= to get the next page."),
        "__doc__": f"A page of {item.__name__}, newest or alphabetical first.",
    })


PersonPage = page_of(PersonOut, "PersonPage")
GroupPage = page_of(GroupOut, "GroupPage")
MemberPage = page_of(MemberOut, "MemberPage")
PostPage = page_of(PostOut, "PostPage")
ReplyPage = page_of(ReplyOut, "ReplyPage")
FollowPage = page_of(FollowOut, "FollowPage")
NotificationPage = page_of(NotificationOut, "NotificationPage")
SearchPage = page_of(SearchResultOut, "SearchPage")


# --- feedback requests (influence): asking on one's own post, answering, the author's results ------------------

FeedbackAudience = Literal["chosen", "readers"]
Rating = Annotated[int, Field(ge=1, le=5)]


class FeedbackRequestIn(Schema):
    people: list[Handle] = Field(default_factory=list, max_length=50,
                                 description="Handles of the people to ask (at most 50; each must be able to read "
                                             "the post). Leave it empty to ask everyone who can read the post.")
    anonymous: bool = Field(False, description="Answers keep no name; comments and ratings show from 3 answers.")


class FeedbackRequestOut(Schema):
    id: int
    post_id: int
    post_url: str
    author: PersonRef
    audience: FeedbackAudience
    anonymous: bool
    created_on: date
    closed_on: date | None
    answer_count: int | None = Field(description="For the author alone; null for anyone else.")
    can_answer: bool = Field(description="Whether you may answer it now (invited or a reader, not answered yet, open).")
    answered: bool = Field(description="Whether you have answered it.")
    url: str


class FeedbackAnswerIn(Schema):
    clarity: Rating = Field(description="How clear the post is, 1 (not at all) to 5 (very).")
    usefulness: Rating = Field(description="How useful the post is, 1 (not at all) to 5 (very).")
    comment: str = Field("", max_length=2_000, pattern=TEXT_PATTERN, description="Optional.")


class FeedbackAnsweredOut(Schema):
    answered: bool
    anonymous: bool = Field(description="The answer is stored without your name.")


class RatingCountOut(Schema):
    rating: int
    clarity: int = Field(description="How many answers gave this clarity.")
    usefulness: int = Field(description="How many answers gave this usefulness.")


class NamedAnswerOut(Schema):
    person: PersonRef | None
    clarity: int
    usefulness: int
    comment: str


class FeedbackResultsOut(Schema):
    request: FeedbackRequestOut
    count: int
    clarity: float | None = Field(description="The average, or null (no answers, or an anonymous request under "
                                              "`comments_after` answers).")
    usefulness: float | None
    distribution: list[RatingCountOut] = Field(description="5 first; empty while the ratings are held back.")
    comments: list[str] = Field(description="Anonymous requests: the comments alone, sorted by value.")
    named: list[NamedAnswerOut] = Field(description="Named requests: each answer with its person.")
    ratings_hidden: bool
    comments_hidden: bool
    comments_after: int = Field(description="An anonymous request's ratings and comments show from this many answers.")
