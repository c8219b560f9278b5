"""Who may do what in governance. Not found and not allowed are the same 404.

* The admin console, the audit log and its CSV: organisation admins (people.access.is_org_admin) only.
* Reporting: anyone signed in who can read the post or reply (conversations.access).
* Moderating a post or reply, and seeing its reports in the queue, depends on where it is:
  company-wide or in a public group → organisation admins (and that group's admins);
  a private or secret group → that group's admins only. An organisation admin gets no look into a private or
  secret group's content through moderation, unless they are that group's admin.
* Nobody moderates their own post or reply, or sees its reports (reporters are never shown to the author): a
  group admin's own content in their group is decided by another moderator.
* A decision's notice: the author of the content it was about, and nobody else.
"""

from django.db.models import Q
from django.http import Http404

from townsquare.conversations import access as conversations
from townsquare.conversations.models import Group, Membership, Post, Reply
from townsquare.governance.models import Decision, Report
from townsquare.people.access import access_org_admin, is_org_admin


def access_console(person) -> None:
    access_org_admin(person, what="No such page")


def admin_group_ids(person):
    """Ids of the groups `person` is an active admin of (a subquery)."""
    return Membership.objects.filter(person=person, state=Membership.State.ACTIVE,
                                     role=Membership.Role.ADMIN).values("group_id")


def can_moderate(person, group: Group | None) -> bool:
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        return False
    if group is not None and conversations.is_group_admin(person, group):
        return True
    return is_org_admin(person) and (group is None or group.visibility == Group.Visibility.PUBLIC)


def is_moderator(person) -> bool:
    """Does `person` moderate anything (the queue's link)?"""
    return is_org_admin(person) or (getattr(person, "is_authenticated", False) and person.is_active
                                    and admin_group_ids(person).exists())


def reports_for(person):
    """Reports in `person`'s moderation scope (see the module docstring)."""
    if not is_moderator(person):
        return Report.objects.none()
    scope = Q(group_id__in=admin_group_ids(person))
    if is_org_admin(person):
        scope |= Q(group__isnull=True) | Q(group__visibility=Group.Visibility.PUBLIC)
    # Never one's own content: its reporters are not shown to its author, and another moderator decides on it.
    return Report.objects.filter(scope).exclude(content_author_id=person.pk)


def access_post_to_report(person, post_id: int) -> Post:
    return conversations.access_post(person, post_id)


def access_reply_to_report(person, reply_id) -> Reply:
    return conversations.access_reply(person, reply_id)


def access_post_to_moderate(person, post_id: int) -> Post:
    """A post `person` may read and moderate; else the 404 of a missing post."""
    post = conversations.access_post(person, post_id)
    if not can_moderate(person, post.group) or post.author_id == person.pk:
        raise Http404("No such post")
    return post


def access_reply_to_moderate(person, reply_id) -> Reply:
    reply = conversations.access_reply(person, reply_id)
    if not can_moderate(person, reply.post.group) or reply.author_id == person.pk:
        raise Http404("No such reply")
    return reply


def access_notice(person, decision_id: int) -> Decision:
    decision = Decision.objects.filter(pk=decision_id, content_author_id=getattr(person, "pk", None)).first()
    if decision is None or not person.is_authenticated:
        raise Http404("No such notice")
    return decision


def access_group_for_admin(person, group_id: int) -> Group:
    """Any group, for the console (org admins only): its metadata, never its content."""
    access_console(person)
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise Http404("No such group")
    return group


def access_person_for_admin(person, handle: str):
    from townsquare.people.models import Person

    access_console(person)
    target = Person.objects.filter(handle=handle).first()
    if target is None:
        raise Http404("No such person")
    return target
