"""Who may see which analytics. Not found and not allowed are the same 404 (PRODUCT: privacy).

* Personal analytics: only ever the signed-in person's own; no route takes another person.
* Post analytics: the post's author only.
* Group analytics: the group's admins only.
* Organisation analytics (and the index, iceberg, themes): org admins (people.access.is_org_admin) and
  analysts (AnalystRole, granted by org admins). They show aggregates over at least 5 people, never one
  person's data. Choosing the analysts is for org admins only.
"""

from django.http import Http404

from townsquare.analytics.index import DIMENSIONS
from townsquare.analytics.models import AnalystRole
from townsquare.conversations import access as conversations
from townsquare.conversations.models import Group, Post
from townsquare.people.access import is_org_admin


def can_see_org(person) -> bool:
    if not person.is_authenticated or not person.is_active:
        return False
    return is_org_admin(person) or AnalystRole.objects.filter(person=person).exists()


def require_org_viewer(person) -> None:
    if not can_see_org(person):
        raise Http404("No such page")


def require_org_admin(person) -> None:
    if not is_org_admin(person):
        raise Http404("No such page")


def access_index_dimension(person, key: str) -> str:
    """One dimension of the Social Enterprise index, for those who see the organisation analytics; an
    unknown dimension is a 404 like a page that does not exist."""
    require_org_viewer(person)
    if key not in DIMENSIONS:
        raise Http404("No such dimension")
    return key


def can_see_post_analytics(person, post: Post) -> bool:
    """Whether `person` may see the analytics of `post`, which they can already read: its author only."""
    return bool(person.is_authenticated and person.is_active and post.author_id == person.pk)


def access_own_post(person, post_id: int) -> Post:
    post = conversations.access_post(person, post_id)
    if not can_see_post_analytics(person, post):
        raise Http404("No such post")
    return post


def access_admin_group(person, slug: str) -> Group:
    group = conversations.access_group(person, slug)
    if not conversations.is_group_admin(person, group):
        raise Http404("No such group")
    return group
