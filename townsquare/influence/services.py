"""Writes of townsquare.influence: one action per verb (feedback_request_create, feedback_answer,
feedback_request_close; experiment_create, experiment_end, link_click), used by the pages and anything else that writes. Each validates its input and says in
plain words what is wrong; access (who may ask, answer or see results) is checked in access.py before."""

import random
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from townsquare.conversations import services as conversations
from townsquare.conversations.access import readers_among
from townsquare.conversations.models import Group, Notification, Post
from townsquare.core.validation import clean_text
from townsquare.influence import assignment, links, verdict
from townsquare.influence.models import (
    RATING_MAX,
    RATING_MIN,
    Assignment,
    Experiment,
    FeedbackAnswer,
    FeedbackInvite,
    FeedbackParticipant,
    FeedbackRequest,
    LinkClick,
    TrackedLink,
    Variant,
)
from townsquare.influence.selectors import experiment_audience, experiment_groups
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


# --- experiments (issue 16 #3) ------------------------------------------------------------------------------------

MIN_VARIANTS, MAX_VARIANTS = 2, 4
# Each part of the audience needs at least as many people as must see a variant before any verdict, else no
# verdict could ever be reached: 2 variants need 40 people, 4 need 80.
MIN_PEOPLE_PER_VARIANT = verdict.MIN_REACH
EXPERIMENT_NAME_MAX = 200
LABELS = "ABCD"
# The variant's form → the kind of post it is published as, and what its readers are told in their bell. An email
# is a post for its part and a bell notification that delivery emails as each person chose (delivery's settings).
FORM_KIND = {Variant.Form.POST: Post.Kind.UPDATE, Variant.Form.ARTICLE: Post.Kind.ARTICLE,
             Variant.Form.EMAIL: Post.Kind.UPDATE, Variant.Form.TALK: Post.Kind.UPDATE}
FORM_TOLD = {Variant.Form.POST: "shared a post with you", Variant.Form.ARTICLE: "shared an article with you",
             Variant.Form.EMAIL: "sent you a message", Variant.Form.TALK: "invited you to a talk"}


@dataclass(frozen=True)
class VariantDraft:
    form: str = Variant.Form.POST
    title: str = ""
    body: str = ""


def _check_variants(drafts: list[VariantDraft]) -> list[VariantDraft]:
    if len(drafts) < MIN_VARIANTS:
        raise ValidationError("An experiment compares at least 2 variants of your message: write a second one "
                              "(other words, or another form).")
    if len(drafts) > MAX_VARIANTS:
        raise ValidationError(f"An experiment has at most {MAX_VARIANTS} variants, and this one has {len(drafts)}: "
                              "with more, each part of the audience gets too small to tell them apart.")
    errors, clean = [], []
    for label, d in zip(LABELS, drafts, strict=False):
        if d.form not in Variant.Form.values:
            errors.append(f"Variant {label}: choose its form — a post, an article, an email or a talk announcement.")
            continue
        try:
            title = clean_text(d.title, what=f"title of variant {label}", max_chars=200, single_line=True,
                               required=d.form == Variant.Form.ARTICLE,
                               empty=f"Variant {label} is an article, and an article needs a title.")
            body = clean_text(d.body, what=f"text of variant {label}", max_chars=conversations.LIMITS[
                "ARTICLE_MAX_CHARS" if d.form == Variant.Form.ARTICLE else "POST_MAX_CHARS"],
                empty=f"Variant {label} is empty: write its text, or remove it.")
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        clean.append(VariantDraft(form=d.form, title=title, body=body))
    if errors:
        raise ValidationError(errors)
    if len({(d.form, d.title, d.body) for d in clean}) < len(clean):
        raise ValidationError("Two variants are the same: make each one different, in its words or its form.")
    return clean


def experiment_create(*, author: Person, name: str, group: Group | None, variants: list[VariantDraft],
                      seed: int | None = None) -> Experiment:
    """Start an experiment: split the audience (`group`'s active members, or the whole company, never the
    author) at random by department into one part per variant, and publish each variant as a post only its part
    can read (conversations' Audience CHOSEN), each reader told once in the bell. `seed` (random by default)
    decides the split, and is kept with the experiment."""
    name = clean_text(name, what="name of the experiment", max_chars=EXPERIMENT_NAME_MAX, single_line=True,
                      empty="Give the experiment a name, so you can find it again (only you see it).")
    drafts = _check_variants(list(variants))
    if group is not None and not experiment_groups(author).filter(pk=group.pk).exists():
        raise ValidationError("Choose a group you are a member of, or the whole company.")
    people = list(experiment_audience(author=author, group=group))
    need = len(drafts) * MIN_PEOPLE_PER_VARIANT
    if len(people) < need:
        where = group.name if group is not None else "The company"
        raise ValidationError(
            f"This audience is too small to split: {len(drafts)} variants need at least {need} people "
            f"({MIN_PEOPLE_PER_VARIANT} each, the fewest who must see a variant before they can be compared), and "
            f"{where} has {len(people)} besides you. Choose a bigger audience, or fewer variants.")
    seed = secrets.randbits(62) if seed is None else int(seed)
    parts = assignment.split([(p.pk, p.department_id) for p in people], parts=len(drafts), seed=seed)
    by_id = {p.pk: p for p in people}
    with transaction.atomic():
        experiment = Experiment.objects.create(author=author, name=name, group=group, seed=seed,
                                               audience_size=len(people))
        for label, draft, part in zip(LABELS, drafts, parts, strict=False):
            readers = [by_id[pk] for pk in part]
            body, tracked = links.track(draft.body, path_for=lambda token: reverse("link_redirect", args=[token]))
            post = conversations.post_create(
                author=author, body=body, kind=FORM_KIND[draft.form], group=group, title=draft.title,
                audience=conversations.Audience(people=readers, kind=Post.Audience.CHOSEN))
            variant = Variant.objects.create(experiment=experiment, label=label, form=draft.form, title=draft.title,
                                             body=draft.body, post=post, size=len(readers))
            TrackedLink.objects.bulk_create([TrackedLink(variant=variant, token=t, url=u) for t, u in tracked])
            Assignment.objects.bulk_create([Assignment(experiment=experiment, variant=variant, person=p,
                                                       department_id=p.department_id) for p in readers])
            conversations.notify(recipients=readers, actor=author, verb=Notification.Verb.PRACTICE, post=post,
                                 message=FORM_TOLD[draft.form], link=post.get_absolute_url())
    return experiment


def experiment_end(*, author: Person, experiment: Experiment) -> Experiment:
    """End it (set-style: ending an ended experiment changes nothing). Responses after now are not counted; the
    variants' posts stay for their readers."""
    if experiment.author_id != author.pk:
        raise ValidationError("Only the author can end this experiment.")
    if experiment.ended_at is None:
        now = timezone.now()
        if Experiment.objects.filter(pk=experiment.pk, ended_at__isnull=True).update(ended_at=now):
            experiment.ended_at = now
        else:
            experiment.refresh_from_db(fields=["ended_at"])
    return experiment


def link_click(*, person: Person, link: TrackedLink) -> str:
    """Record that `person` followed `link` (once per person; the author's own clicks are not counted) and give
    the address to redirect to — only ever an http(s) one (links.safe_target), else a ValidationError."""
    target = links.safe_target(link.url)
    if target is None:
        raise ValidationError("This link does not lead to a web address, so it is not followed.")
    if person.pk != link.variant.experiment.author_id:
        try:
            with transaction.atomic():
                LinkClick.objects.get_or_create(link=link, person=person)
        except IntegrityError:
            pass  # a second tab clicked at the same moment: that click is already counted
    return target
