"""Access functions for feedback requests. Every read of a request goes through here; not allowed looks like
not found (the same Http404).

answer   signed in, can read the post (conversations.access.posts_visible_to), is not its author, and — for a
         request to chosen people — was invited
results  the post's author alone (org admins get the same 404 as everyone else)
ask      (access_post_to_ask) a post the person wrote and can read
"""

from django.db.models import Exists, OuterRef
from django.http import Http404

from townsquare.conversations.access import posts_visible_to
from townsquare.conversations.models import Post
from townsquare.influence.models import FeedbackInvite, FeedbackParticipant, FeedbackRequest

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
    return (FeedbackRequest.objects.filter(post__in=posts_visible_to(person))
            .select_related("post", "author")
            .annotate(invited=Exists(FeedbackInvite.objects.filter(request=OuterRef("pk"), person=person)),
                      answered=Exists(FeedbackParticipant.objects.filter(request=OuterRef("pk"), person=person))))


def can_answer(person, request: FeedbackRequest) -> bool:
    return (person.is_authenticated and person.pk != request.author_id
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
