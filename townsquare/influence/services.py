"""Writes of townsquare.influence: one action per verb (feedback_request_create, feedback_answer,
feedback_request_close), used by the pages and anything else that writes. Each validates its input and says in
plain words what is wrong; access (who may ask, answer or see results) is checked in access.py before."""

import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations import services as conversations
from townsquare.conversations.access import readers_among
from townsquare.conversations.models import Notification, Post
from townsquare.core.validation import clean_text
from townsquare.influence.models import (
    RATING_MAX,
    RATING_MIN,
    FeedbackAnswer,
    FeedbackInvite,
    FeedbackParticipant,
    FeedbackRequest,
)
from townsquare.people.handles import people_by_handles
from townsquare.people.models import Person

COMMENT_MAX_CHARS = 2_000
MAX_INVITES = 50
RATING_ERROR = f"Ratings go from {RATING_MIN} to {RATING_MAX}."


def parse_rating(raw, *, what: str) -> int:
    """A rating typed or sent as text: a whole number from 1 to 5, else a ValidationError that says so."""
    if raw is None or str(raw).strip() == "":
        raise ValidationError(f"Choose a rating for {what} from {RATING_MIN} to {RATING_MAX}.")
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ValidationError(RATING_ERROR) from None
    if not RATING_MIN <= value <= RATING_MAX:
        raise ValidationError(RATING_ERROR)
    return value


@transaction.atomic
def feedback_request_create(*, author: Person, post: Post, audience: str = FeedbackRequest.Audience.CHOSEN,
                            people: str | list[str] | None = None, anonymous: bool = False) -> FeedbackRequest:
    """Ask for feedback on one's own post: `people` (handles) for audience "chosen", or everyone who can read
    the post for "readers". Invited people are told in their bell (a notification that only names the post)."""
    if post.author_id != author.pk:
        raise ValidationError("Only the post's author can ask for feedback on it.")
    if audience not in FeedbackRequest.Audience.values:
        raise ValidationError("Choose who to ask: people you choose, or everyone who can read the post.")
    if FeedbackRequest.objects.filter(post=post).exists():
        raise ValidationError("You have already asked for feedback on this post. Its results are on the results page.")
    invited: list[Person] = []
    if audience == FeedbackRequest.Audience.CHOSEN:
        invited = [p for p in people_by_handles(people, field="people") if p.pk != author.pk]
        if not invited:
            raise ValidationError("Name at least one person to ask (their @handles), other than yourself.")
        if len(invited) > MAX_INVITES:
            raise ValidationError(f"Ask at most {MAX_INVITES} people; for more, ask everyone who can read the post.")
        can_read = readers_among(post, [p.pk for p in invited])
        cannot = [p for p in invited if p.pk not in can_read]
        if cannot:
            names = ", ".join(f"@{p.handle}" for p in cannot)
            raise ValidationError(f"These people cannot read the post, so they cannot answer: {names}.")
    try:
        with transaction.atomic():
            request = FeedbackRequest.objects.create(post=post, author=author, audience=audience,
                                                     anonymous=bool(anonymous))
    except IntegrityError:
        raise ValidationError("You have already asked for feedback on this post.") from None
    FeedbackInvite.objects.bulk_create([FeedbackInvite(request=request, person=p) for p in invited])
    if invited:
        how = "anonymous " if request.anonymous else ""
        conversations.notify(recipients=invited, actor=author, verb=Notification.Verb.PRACTICE, post=post,
                             message=f"asked for your {how}feedback on a post",
                             link=reverse("feedback_answer", args=[request.pk]))
    return request


@transaction.atomic
def feedback_answer(*, person: Person, request: FeedbackRequest, clarity, usefulness, comment: str = "") -> None:
    """Answer once. For an anonymous request the answer keeps no person and no time, and the request's
    anonymous answers are re-written in a random order, so no row order matches who answered when."""
    request = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
    if request.is_closed:
        raise ValidationError("This feedback request has closed; answers are no longer taken.")
    if person.pk == request.author_id:
        raise ValidationError("You cannot answer your own feedback request.")
    errors = []
    values = {}
    for name, what in (("clarity", "clarity"), ("usefulness", "usefulness")):
        try:
            values[name] = parse_rating(clarity if name == "clarity" else usefulness, what=what)
        except ValidationError as exc:
            errors.extend(exc.messages)
    try:
        comment = clean_text(comment, what="comment", max_chars=COMMENT_MAX_CHARS, required=False)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    try:
        with transaction.atomic():
            FeedbackParticipant.objects.create(request=request, person=person)
    except IntegrityError:
        raise ValidationError("You have answered this feedback request already; an answer cannot be changed.") from None
    answer = FeedbackAnswer(request=request, person=None if request.anonymous else person, comment=comment, **values)
    if request.anonymous:
        rows = [*FeedbackAnswer.objects.filter(request=request), answer]
        FeedbackAnswer.objects.filter(request=request).delete()
        random.SystemRandom().shuffle(rows)
        FeedbackAnswer.objects.bulk_create(rows)
    else:
        answer.save(force_insert=True)
    FeedbackRequest.objects.filter(pk=request.pk).update(answer_count=F("answer_count") + 1)


def feedback_request_close(*, author: Person, request: FeedbackRequest) -> FeedbackRequest:
    """Stop taking answers (set-style: closing a closed request changes nothing). The results stay."""
    if request.author_id != author.pk:
        raise ValidationError("Only the author can close this feedback request.")
    if request.closed_on is None:
        request.closed_on = timezone.localdate()
        FeedbackRequest.objects.filter(pk=request.pk, closed_on__isnull=True).update(closed_on=request.closed_on)
    return request
