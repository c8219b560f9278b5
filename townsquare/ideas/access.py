"""Access functions for ideas and recognition. Every read of an idea goes through here.

An idea is readable exactly when its post is (conversations.access.posts_visible_to); anything
else — a private group's idea for an outsider, a post that is not an idea, an unknown id — is the
same 404.
"""

from django.db.models import QuerySet
from django.http import Http404

from townsquare.conversations.access import is_group_admin, posts_visible_to
from townsquare.conversations.models import Post
from townsquare.ideas.models import IdeaCollaborator, IdeaState


def ideas_visible_to(person) -> QuerySet[IdeaState]:
    if not person.is_authenticated:
        return IdeaState.objects.none()
    return IdeaState.objects.filter(post__in=posts_visible_to(person).filter(kind=Post.Kind.IDEA))


def access_idea(person, post_id) -> IdeaState:
    try:
        post_id = int(post_id)
    except (TypeError, ValueError):
        raise Http404("No such idea") from None
    post = posts_visible_to(person).filter(pk=post_id, kind=Post.Kind.IDEA).select_related("author", "group").first()
    if post is None:
        raise Http404("No such idea")
    # An idea post made before this app existed (or by a bulk load) gets its state on first read.
    idea, _ = IdeaState.objects.select_related("owner").get_or_create(post=post, defaults={"owner_id": post.author_id})
    idea.post = post
    return idea


def can_change_status(person, idea: IdeaState) -> bool:
    """The owner, an org admin, or an admin of the idea's group."""
    if not person.is_authenticated:
        return False
    if person.pk == idea.owner_id or person.is_staff:
        return True
    return idea.post.group_id is not None and is_group_admin(person, idea.post.group)


def can_hand_over(person, idea: IdeaState) -> bool:
    return person.is_authenticated and (person.pk == idea.owner_id or person.is_staff)


def is_collaborator(person, idea: IdeaState) -> bool:
    return person.is_authenticated and IdeaCollaborator.objects.filter(idea=idea, person=person).exists()


def can_post_update(person, idea: IdeaState) -> bool:
    return person.is_authenticated and (person.pk == idea.owner_id or is_collaborator(person, idea))


def can_manage_values(person) -> bool:
    return person.is_authenticated and person.is_staff
