"""Access functions for ideas and recognition. Every read of an idea goes through here.

An idea is readable exactly when its post is (conversations.access.posts_visible_to); anything
else — a private group's idea for an outsider, a post that is not an idea, an unknown id — is the
same 404.
"""

from django.db.models import QuerySet
from django.http import Http404

from townsquare.conversations.access import (
    access_group,
    can_read_group_posts,
    is_group_admin,
    posts_visible_to,
)
from townsquare.conversations.models import Group, Post
from townsquare.ideas.models import CompanyValue, IdeaCollaborator, IdeaState
from townsquare.people.access import is_org_admin


def ideas_visible_to(person) -> QuerySet[IdeaState]:
    if not person.is_authenticated:
        return IdeaState.objects.none()
    return IdeaState.objects.filter(post__in=posts_visible_to(person).filter(kind=Post.Kind.IDEA))


IDEA_ACTIONS = ("read", "status", "hand_over", "update")


def access_idea(person, post_id, action: str = "read") -> IdeaState:
    """The idea of the post `post_id`, for `action`:

    read       whoever may read the post (voting and collaborating included)
    status     change its status: can_change_status (the owner, an org admin, an admin of its group)
    hand_over  give it another owner: can_hand_over (the owner, an org admin)
    update     post a progress update: can_post_update (the owner, a collaborator)
    """
    if action not in IDEA_ACTIONS:
        raise ValueError(f"Unknown action on an idea: {action!r}")
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
    check = {"status": can_change_status, "hand_over": can_hand_over, "update": can_post_update}.get(action)
    if check is not None and not check(person, idea):
        raise Http404("No such idea")
    return idea


def access_group_ideas(person, slug: str) -> Group:
    """A group whose ideas `person` may read (its posts): a private group's are for members only."""
    group = access_group(person, slug)
    if not can_read_group_posts(person, group):
        raise Http404("No such group")
    return group


def can_change_status(person, idea: IdeaState) -> bool:
    """The owner, an org admin, or an admin of the idea's group."""
    if not person.is_authenticated:
        return False
    if person.pk == idea.owner_id or is_org_admin(person):
        return True
    return idea.post.group_id is not None and is_group_admin(person, idea.post.group)


def can_hand_over(person, idea: IdeaState) -> bool:
    return person.is_authenticated and (person.pk == idea.owner_id or is_org_admin(person))


def is_collaborator(person, idea: IdeaState) -> bool:
    return person.is_authenticated and IdeaCollaborator.objects.filter(idea=idea, person=person).exists()


def can_post_update(person, idea: IdeaState) -> bool:
    return person.is_authenticated and (person.pk == idea.owner_id or is_collaborator(person, idea))


def can_manage_values(person) -> bool:
    """Company values are kept by organisation admins."""
    return is_org_admin(person)


def access_values(person) -> None:
    """The page that keeps the company values: everyone but an org admin gets the 404 a missing page gives."""
    if not can_manage_values(person):
        raise Http404("Not found")


def access_value(person, value_id) -> CompanyValue:
    """A company value to change: for org admins only; not allowed and no such value are the same 404."""
    access_values(person)
    try:
        value_id = int(value_id)
    except (TypeError, ValueError):
        raise Http404("Not found") from None
    value = CompanyValue.objects.filter(pk=value_id).first()
    if value is None:
        raise Http404("Not found")
    return value
