"""Governance actions: reporting, moderators' decisions, and the console's group archive. Each checks who may
(governance/access.py), writes in one transaction with its audit log entry (core.audit.record) and its bell
notification, and changes posts and replies only through conversations' own actions
(content_set_hidden, content_remove, group_set_archived): conversations knows nothing of governance."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Group, Notification, Post, Reply
from townsquare.core import audit
from townsquare.core.validation import clean_text
from townsquare.governance import access
from townsquare.governance.models import Decision, Report

REPORTS_PER_HOUR = 10  # per person: enough for anyone who means it, too few to flood the queue
REASON_MAX = 1000
DECISION_REASON_MAX = 500


def _excerpt(content) -> str:
    text = " ".join(strip_tags(content.body_html or content.body).split())
    return text if len(text) <= 120 else text[:119] + "…"


def _facts(*, post: Post | None, reply: Reply | None) -> dict:
    """The facts a report or decision keeps, which outlive the content."""
    content = reply if reply is not None else post
    group_id = (reply.post.group_id if reply is not None else post.group_id)
    return {"post": post if reply is None else reply.post, "reply": reply, "is_reply": reply is not None,
            "content_author_id": content.author_id, "group_id": group_id, "excerpt": _excerpt(content)}


def report_create(*, reporter, post: Post | None = None, reply: Reply | None = None, reason: str) -> Report:
    """`reporter` reports a post or a reply they can read, with a reason (required). At most REPORTS_PER_HOUR
    a person in any hour; reporting the same thing twice while it is open keeps the first report."""
    reason = clean_text(reason, what="reason", max_chars=REASON_MAX,
                        empty="Please say what is wrong with it, so a moderator can decide.")
    content = reply if reply is not None else post
    if content.author_id == reporter.pk:
        raise ValidationError("This is yours: edit or delete it instead of reporting it.")
    with transaction.atomic():
        since = timezone.now() - timedelta(hours=1)
        if Report.objects.filter(reporter=reporter, created_at__gte=since).count() >= REPORTS_PER_HOUR:
            raise ValidationError(f"You have sent {REPORTS_PER_HOUR} reports in the last hour, the most we take. "
                                  "Thank you for looking out; please try again in a little while.")
        same = Report.objects.filter(reporter=reporter, decision__isnull=True,
                                     **({"reply": reply} if reply is not None else {"post": post, "is_reply": False}))
        existing = same.first()
        if existing is not None:
            return existing
        return Report.objects.create(reporter=reporter, reason=reason.strip(), **_facts(post=post, reply=reply))


def _notice_link(decision: Decision) -> str:
    return reverse("moderation_notice", args=[decision.pk])


WHAT_HAPPENED = {
    Decision.Action.HIDE: "hid your {what}. Open this to read the reason.",
    Decision.Action.RESTORE: "showed your {what} again.",
    Decision.Action.DELETE: "removed your {what}. Open this to read the reason.",
}


def decide(*, moderator, action: str, post: Post | None = None, reply: Reply | None = None, reason: str = "") -> Decision:
    """A moderator's decision on a post or reply: dismiss its open reports, hide it (reason required), restore
    it, or delete it (reason required). Closes every open report on it, keeps the decision in the audit log,
    and tells the author in the bell (not for a dismissal; never who reported it)."""
    if action not in Decision.Action.values:
        raise ValidationError("Choose dismiss, hide, restore or delete.")
    content = reply if reply is not None else post
    group = reply.post.group if reply is not None else post.group
    if not access.can_moderate(moderator, group):
        raise PermissionDenied("You do not moderate this.")
    what = "reply" if reply is not None else "post"
    if action in (Decision.Action.HIDE, Decision.Action.DELETE):
        reason = clean_text(reason, what="reason", max_chars=DECISION_REASON_MAX,
                            empty=f"Give a reason: the author reads it with their {what}.").strip()
    else:
        reason = clean_text(reason or "", what="reason", max_chars=DECISION_REASON_MAX, required=False).strip()
    if content.author_id == moderator.pk:
        raise ValidationError(f"This is your own {what}: another moderator decides on it (delete it from the {what} "
                              "itself if you want it gone).")
    if action == Decision.Action.HIDE and content.hidden_at is not None:
        raise ValidationError(f"This {what} is hidden already.")
    if action == Decision.Action.RESTORE and content.hidden_at is None:
        raise ValidationError(f"This {what} is not hidden.")
    facts = _facts(post=post, reply=reply)
    before = {"hidden": content.hidden_at is not None, "hidden_reason": content.hidden_reason}
    with transaction.atomic():
        decision = Decision.objects.create(action=action, reason=reason, moderator=moderator, **facts)
        Report.objects.filter(decision__isnull=True, **({"reply": reply} if reply is not None
                                                        else {"post": post, "is_reply": False})).update(decision=decision)
        # The audit log is read by org admins: it names a private or secret group's content by its id alone.
        shown = group is None or group.visibility == Group.Visibility.PUBLIC
        target = (f"conversations.{what}", content.pk,
                  facts["excerpt"][:80] if shown else f"a {what} in a {group.visibility} group")
        if action == Decision.Action.HIDE:
            conversations.content_set_hidden(post=post, reply=reply, reason=reason)
        elif action == Decision.Action.RESTORE:
            conversations.content_set_hidden(post=post, reply=reply, reason=None)
        after = ({"deleted": True} if action == Decision.Action.DELETE else
                 {"hidden": content.hidden_at is not None, "hidden_reason": content.hidden_reason})
        audit.record(actor=moderator, action=f"{what}.{action}", target=target, before=before,
                     after=after if action != Decision.Action.DISMISS else None,
                     detail=reason or f"{decision.reports.count()} report(s) dismissed")
        if action != Decision.Action.DISMISS and content.author_id != moderator.pk:
            link = content.get_absolute_url() if action == Decision.Action.RESTORE else _notice_link(decision)
            conversations.notify(recipients=[content.author_id], actor=moderator, verb=Notification.Verb.MODERATION,
                                 message=WHAT_HAPPENED[action].format(what=what), link=link)
        if action == Decision.Action.DELETE:  # the decision and reports keep their facts; their links go
            conversations.content_remove(post=post, reply=reply)
    return decision


def group_set_archived(*, admin, group: Group, archived: bool) -> Group:
    """An organisation admin archives any group (it stays readable by whoever could read it; nobody posts or
    replies in it) or brings it back. In the audit log."""
    if not access.is_org_admin(admin):
        raise PermissionDenied("Only organisation admins archive groups.")
    was = group.archived_at is not None
    if was == archived:
        return group
    with transaction.atomic():
        conversations.group_set_archived(group=group, archived=archived)
        audit.record(actor=admin, action="group.archive" if archived else "group.unarchive", target=group,
                     before={"archived": was}, after={"archived": archived})
    return group
