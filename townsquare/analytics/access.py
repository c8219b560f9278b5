"""Who may see which analytics. Not found and not allowed are the same 404 (PRODUCT: privacy).

* Personal analytics: only ever the signed-in person's own; no route takes another person.
* Post analytics: the post's author only.
* Group analytics: the group's admins only.
* Organisation analytics (and the index, iceberg, themes): org admins (Person.is_staff) and analysts
  (AnalystRole, granted by org admins). They show aggregates over at least 5 people, never one person's data.
"""

from django.http import Http404

from townsquare.analytics.models import AnalystRole
from townsquare.conversations import access as conversations
from townsquare.conversations.models import Group, Post


def can_see_org(person) -> bool:
    if not person.is_authenticated or not person.is_active:
        return False
    return person.is_staff or AnalystRole.objects.filter(person=person).exists()


def require_org_viewer(person) -> None:
    if not can_see_org(person):
        raise Http404("No such page")


def require_org_admin(person) -> None:
    if not (person.is_authenticated and person.is_active and person.is_staff):
        raise Http404("No such page")


def access_own_post(person, post_id: int) -> Post:
    post = conversations.access_post(person, post_id)
    if post.author_id != person.pk:
        raise Http404("No such post")
    return post


def access_admin_group(person, slug: str) -> Group:
    group = conversations.access_group(person, slug)
    if not conversations.is_group_admin(person, group):
        raise Http404("No such group")
    return group
