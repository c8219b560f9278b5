"""Access functions for feedback requests. Every read of a request goes through here; not allowed looks like
not found (the same Http404).

answer   signed in, can read the post (conversations.access.posts_visible_to), is not its author, the post is not
         hidden by a moderator, and — for a request to chosen people — was invited
results  the post's author alone (org admins get the same 404 as everyone else)
ask      (access_post_to_ask) a post the person wrote and can read

Experiments (access_experiment): their author alone, for the results and for ending one; org admins get the same
404. A tracked link (access_tracked_link): whoever can read the variant's post.
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404

from townsquare.conversations.access import posts_visible_to, readable_post_rule
from townsquare.conversations.models import Group, Post
from townsquare.influence.models import (
    Experiment,
    FeedbackInvite,
    FeedbackParticipant,
    FeedbackRequest,
    TrackedLink,
)
from townsquare.influence.selectors import experiment_groups

ACTIONS = ("answer", "results")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such feedback request") from None


def requests_visible_to(person):
    """The requests `person` may answer or whose results they may see, with `invited` and `answered` for them."""
    if not person.is_authenticated:
        return FeedbackRequest.objects.none()
    # The read rule as correlated EXISTS on the request's own post (access.readable_post_rule): the post page
    # asks for one request, and posts_visible_to's IN subqueries had the database gather every readable post.
    return (FeedbackRequest.objects.filter(readable_post_rule(person, via="post"))
            .select_related("post", "author")
            .annotate(invited=Exists(FeedbackInvite.objects.filter(request=OuterRef("pk"), person=person)),
                      answered=Exists(FeedbackParticipant.objects.filter(request=OuterRef("pk"), person=person))))


def can_answer(person, request: FeedbackRequest) -> bool:
    return (person.is_authenticated and person.pk != request.author_id and request.post.hidden_at is None
            and (request.audience == FeedbackRequest.Audience.READERS or bool(getattr(request, "invited", False))))


def access_feedback_request(person, request_id, action: str = "answer") -> FeedbackRequest:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action on a feedback request: {action!r}")
    request = requests_visible_to(person).filter(pk=_int(request_id)).first()
    if request is None:
        raise Http404("No such feedback request")
    if action == "results" and request.author_id != person.pk:
        raise Http404("No such feedback request")
    if action == "answer" and not can_answer(person, request):
        raise Http404("No such feedback request")
    return request


def access_post_to_ask(person, post_id) -> Post:
    """A post of `person`'s own, to ask for feedback on; anyone else's post is a 404."""
    if not person.is_authenticated:
        raise Http404("No such post")
    try:
        pk = int(post_id)
    except (TypeError, ValueError):
        raise Http404("No such post") from None
    post = posts_visible_to(person).filter(pk=pk, author=person).first()
    if post is None:
        raise Http404("No such post")
    return post


def feedback_for_post(person, post) -> FeedbackRequest | None:
    """The post's request as `person` may see it (with `invited`, `answered`), or None: for the author their own
    request; for anyone else only one they may answer. One query."""
    if not getattr(person, "is_authenticated", False) or post is None:
        return None
    request = requests_visible_to(person).filter(post_id=post.pk).first()
    if request is None or (request.author_id != person.pk and not can_answer(person, request)):
        return None
    return request


# --- experiments (issue 16 #3) ------------------------------------------------------------------------------------
# An experiment, its results and ending it: its author alone (org admins get the same 404 as a missing one).
# A tracked link (/x/<token>/): anyone who can read the variant's post, that is its part of the audience and the
# author (posts_visible_to honours the post's chosen audience); anyone else gets the 404 of an unknown token.

EXPERIMENT_ACTIONS = ("results", "end")


def access_experiment(person, experiment_id, action: str = "results") -> Experiment:
    if action not in EXPERIMENT_ACTIONS:
        raise ValueError(f"Unknown action on an experiment: {action!r}")
    try:
        pk = int(experiment_id)
    except (TypeError, ValueError):
        raise Http404("No such experiment") from None
    if not person.is_authenticated:
        raise Http404("No such experiment")
    experiment = Experiment.objects.filter(pk=pk, author=person).select_related("group").first()
    if experiment is None:
        raise Http404("No such experiment")
    return experiment


def access_tracked_link(person, token) -> TrackedLink:
    if not person.is_authenticated or not isinstance(token, str) or len(token) > 32:
        raise Http404("No such link")
    link = (TrackedLink.objects.filter(token=token, variant__post__in=posts_visible_to(person))
            .select_related("variant__experiment").first())
    if link is None:
        raise Http404("No such link")
    return link


def experiment_audience_choice(person, value) -> Group | None:
    """The audience chosen on the form: "company" (→ None, the whole company) or the slug of a group `person` is
    an active member of; anything else is a ValidationError that says what to choose (bad input, not a 404: the
    form lists only the person's own groups)."""
    if value in ("company", None, ""):
        return None
    group = experiment_groups(person).filter(slug=str(value)[:80]).first()
    if group is None:
        raise ValidationError("Choose a group you are a member of, or the whole company.")
    return group
