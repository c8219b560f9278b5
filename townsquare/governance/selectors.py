"""Reads for governance: the console's people and groups, the moderation queue, the audit log and its CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from townsquare.conversations.models import Group, Membership
from townsquare.core.models import AuditEntry
from townsquare.governance import access
from townsquare.governance.models import Decision, Report
from townsquare.people.models import Person

PAGE_SIZE = 50


def url_or_none(name: str) -> str | None:
    """The path of a named route, or None when it does not exist (yet): the console links only to what is there."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


# --- the console --------------------------------------------------------------------------------------

@dataclass
class Section:
    title: str
    text: str
    url: str | None
    count: str = ""
    testid: str = ""


def console_sections(person) -> list[Section]:
    """Every part of governing Townsquare, in one list; a page that does not exist (yet) is left out."""
    from townsquare.analytics.models import AnalystRole
    from townsquare.api.models import AccessToken
    from townsquare.delivery.models import Webhook
    from townsquare.ideas.models import CompanyValue
    from townsquare.practices.models import Leader

    open_reports = access.reports_for(person).filter(decision__isnull=True).count()
    not_signed_in = Person.objects.filter(is_active=True, last_login__isnull=True).count()
    items = [
        Section("People", "Search everyone, make or remove organisation admins, deactivate and reactivate.",
                url_or_none("admin_people"), f"{Person.objects.filter(is_active=True).count()} active", "people"),
        Section("Not signed in yet", "Invited or provisioned people who have not signed in yet.",
                url_or_none("people_onboarding"), f"{not_signed_in} waiting", "onboarding"),
        Section("Invitations", "Invite someone by email.", url_or_none("invitations"), "", "invitations"),
        Section("Groups", "Every group, including those you are not in: who runs it, how big it is, archive.",
                url_or_none("admin_groups"), f"{Group.objects.count()} groups", "groups"),
        Section("Moderation queue", "Reports on company-wide posts and public groups, and on groups you run.",
                url_or_none("moderation_queue"), f"{open_reports} open", "moderation"),
        Section("Audit log", "Every privileged action: who, what, when, from where, before and after.",
                url_or_none("audit_log"), f"{AuditEntry.objects.count()} entries", "audit"),
        Section("Company values", "The values people can tag praise with.", url_or_none("values_manage"),
                f"{CompanyValue.objects.filter(is_active=True).count()} in use", "values"),
        Section("Leaders", "Who people can put questions to on Ask leadership.", url_or_none("leaders_manage"),
                f"{Leader.objects.count()} named", "leaders"),
        Section("Analysts", "Who may see the organisation analytics besides admins.", url_or_none("analytics_analysts"),
                f"{AnalystRole.objects.count()} chosen", "analysts"),
        Section("Organisation analytics", "The organisation's dashboards.", url_or_none("analytics_org"), "", "analytics"),
        Section("Webhooks", "Send posts to other systems.", url_or_none("webhook_list"),
                f"{Webhook.objects.filter(enabled=True).count()} on", "webhooks"),
        Section("API tokens", "Personal access tokens: yours are managed here; everyone manages their own.",
                url_or_none("api_tokens"),
                f"{AccessToken.objects.filter(revoked_at__isnull=True).count()} active in the organisation", "tokens"),
        Section("Single sign-on", "The identity provider people sign in with.", url_or_none("sso_admin"), "", "sso"),
        Section("SCIM provisioning", "Tokens your identity provider uses to create and deactivate accounts.",
                url_or_none("scim_tokens"), "", "scim"),
        Section("Export", "Download the whole organisation's data.", url_or_none("org_export"), "", "export"),
        Section("Retention and backups", "How long things are kept, and the backups.",
                url_or_none("operations_admin"), "", "operations"),
    ]
    return [s for s in items if s.url]


def console_people(q: str = "", *, page: str | int = 1, state: str = ""):
    from townsquare.analytics.models import AnalystRole
    from townsquare.practices.models import Leader

    people = Person.objects.all().order_by("name", "pk")
    q = (q or "").strip()[:100]
    if q:
        people = people.filter(Q(name__icontains=q) | Q(email__icontains=q) | Q(handle__icontains=q))
    if state == "inactive":
        people = people.filter(is_active=False)
    elif state == "admins":
        people = people.filter(is_staff=True, is_active=True)
    elif state == "never":
        people = people.filter(is_active=True, last_login__isnull=True)
    people = people.annotate(
        is_analyst=Exists(AnalystRole.objects.filter(person=OuterRef("pk"))),
        is_leader=Exists(Leader.objects.filter(person=OuterRef("pk"))),
        admin_of=Count("memberships", filter=Q(memberships__role=Membership.Role.ADMIN,
                                               memberships__state=Membership.State.ACTIVE)),
    ).select_related("department")
    return Paginator(people, PAGE_SIZE).get_page(page)


def console_groups(q: str = "", *, page: str | int = 1):
    """Every group with its metadata and admins, never its posts."""
    groups = Group.objects.all().order_by("name", "pk")
    q = (q or "").strip()[:100]
    if q:
        groups = groups.filter(name__icontains=q)
    admins = Membership.objects.filter(role=Membership.Role.ADMIN, state=Membership.State.ACTIVE).select_related("person")
    groups = groups.prefetch_related(Prefetch("memberships", queryset=admins, to_attr="admin_memberships"))
    return Paginator(groups, PAGE_SIZE).get_page(page)


# --- moderation -------------------------------------------------------------------------------------------

@dataclass
class QueueItem:
    """The open reports on one post or reply."""

    is_reply: bool
    content_id: int
    post_id: int | None
    excerpt: str
    group: Group | None
    reports: list
    hidden: bool

    @property
    def what(self) -> str:
        return "reply" if self.is_reply else "post"


def moderation_queue(person) -> list[QueueItem]:
    """Open reports in `person`'s scope, one item per post or reply, oldest report first."""
    reports = (access.reports_for(person).filter(decision__isnull=True)
               .select_related("reporter", "group", "post", "reply").order_by("created_at", "id"))
    items: dict[tuple, QueueItem] = {}
    for r in reports[:500]:
        content = r.reply if r.is_reply else r.post
        if content is None:
            continue
        key = (r.is_reply, content.pk)
        if key not in items:
            items[key] = QueueItem(is_reply=r.is_reply, content_id=content.pk, post_id=r.post_id, excerpt=r.excerpt,
                                   group=r.group, reports=[], hidden=content.hidden_at is not None)
        items[key].reports.append(r)
    return list(items.values())


def recent_decisions(person, limit: int = 20):
    scope = Q(group_id__in=access.admin_group_ids(person))
    if access.is_org_admin(person):
        scope |= Q(group__isnull=True) | Q(group__visibility=Group.Visibility.PUBLIC)
    decisions = list(Decision.objects.filter(scope).select_related("moderator", "group", "post", "reply")[:limit])
    for d in decisions:  # a hide offers "restore" only while what it hid is still hidden
        content = d.reply if d.is_reply else d.post
        d.still_hidden = content is not None and content.hidden_at is not None
    return decisions


def open_reports_on(*, post=None, reply=None):
    qs = Report.objects.filter(decision__isnull=True).select_related("reporter")
    return qs.filter(reply=reply) if reply is not None else qs.filter(post=post, is_reply=False)


# --- the audit log -------------------------------------------------------------------------------------------

@dataclass
class AuditFilter:
    actor: str = ""
    action: str = ""
    target: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def query(self) -> dict:
        out = {"actor": self.actor, "action": self.action, "target": self.target,
               "from": self.date_from.isoformat() if self.date_from else "",
               "to": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in out.items() if v}


def _date(raw: str, what: str) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"“{raw[:20]}” is not a date for “{what}”. Use the form 2026-12-03.") from None


def parse_audit_filter(params) -> AuditFilter:
    """The audit log's filters from a query string; a bad date is a ValidationError saying which."""
    f = AuditFilter(actor=(params.get("actor") or "").strip()[:100], action=(params.get("action") or "").strip()[:80],
                    target=(params.get("target") or "").strip()[:100],
                    date_from=_date(params.get("from", ""), "from"), date_to=_date(params.get("to", ""), "to"))
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise ValidationError("The “from” date is after the “to” date.")
    return f


def audit_entries(f: AuditFilter):
    qs = AuditEntry.objects.all()
    if f.actor:
        qs = qs.filter(actor_label__icontains=f.actor)
    if f.action:
        qs = qs.filter(action__istartswith=f.action)
    if f.target:
        qs = qs.filter(Q(target_label__icontains=f.target) | Q(target_type__iexact=f.target)
                       | Q(target_id=f.target))
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(created_at__gte=datetime.combine(f.date_from, time.min, tzinfo=tz))
    if f.date_to:
        qs = qs.filter(created_at__lt=datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=tz))
    return qs.order_by("-created_at", "-id")


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()[:200])


def audit_page(f: AuditFilter, page):
    return Paginator(audit_entries(f), PAGE_SIZE).get_page(page)


CSV_COLUMNS = ["time (UTC)", "actor", "action", "target type", "target id", "target", "before", "after",
               "address", "detail"]


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ (or a tab or carriage return) gets a
    leading apostrophe, so it is shown as text (OWASP's CSV injection advice)."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def audit_csv_rows(f: AuditFilter):
    """The CSV, row by row (header first), for a streaming response."""
    import json

    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate(0)
        writer.writerow([csv_cell(v) for v in values])
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    for e in audit_entries(f).iterator(chunk_size=500):
        yield line([e.created_at.astimezone(UTC).isoformat(timespec="seconds"),
                    e.actor_label, e.action, e.target_type, e.target_id, e.target_label,
                    json.dumps(e.before, sort_keys=True) if e.before is not None else "",
                    json.dumps(e.after, sort_keys=True) if e.after is not None else "",
                    e.ip_address or "", e.detail])
