"""Pages of governance: the admin console (people, groups, every other admin page linked), the audit log and its
CSV, reporting, the moderation queue and decisions, and the author's notice of a decision. Thin: access through
governance/access.py, writes through governance/services.py (and people.services for people)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from townsquare.governance import access, selectors, services
from townsquare.governance.models import Decision
from townsquare.people import services as people_services


def _error(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- the console ----------------------------------------------------------------------------------------------

@login_required
def console(request):
    access.access_console(request.user)
    return render(request, "governance/console.html", {"title": "Admin console",
                                                       "sections": selectors.console_sections(request.user)})


@login_required
def people(request):
    access.access_console(request.user)
    q, state = request.GET.get("q", ""), request.GET.get("state", "")
    return render(request, "governance/people.html", {
        "title": "People", "q": q, "state": state, "page": selectors.console_people(q, page=request.GET.get("page", 1),
                                                                                       state=state),
        "onboarding_url": selectors.url_or_none("people_onboarding"), "invitations_url": selectors.url_or_none("invitations")})


def _back_to_people(request):
    where = request.POST.get("next", "")
    return redirect(where if where.startswith("/admin/people/") else "admin_people")


@login_required
@require_POST
def person_active(request, handle: str):
    person = access.access_person_for_admin(request.user, handle)
    active = request.POST.get("active") == "1"
    try:
        people_services.person_set_active(admin=request.user, person=person, active=active)
    except ValidationError as exc:
        messages.error(request, _error(exc))
        return _back_to_people(request)
    messages.success(request, f"{person.name} can sign in again." if active else
                     f"{person.name} is deactivated: they can no longer sign in. Their posts stay.")
    return _back_to_people(request)


@login_required
@require_POST
def person_org_admin(request, handle: str):
    person = access.access_person_for_admin(request.user, handle)
    is_admin = request.POST.get("org_admin") == "1"
    try:
        people_services.person_set_org_admin(admin=request.user, person=person, is_admin=is_admin)
    except ValidationError as exc:
        messages.error(request, _error(exc))
        return _back_to_people(request)
    messages.success(request, f"{person.name} is now an organisation admin." if is_admin else
                     f"{person.name} is no longer an organisation admin.")
    return _back_to_people(request)


@login_required
def groups(request):
    access.access_console(request.user)
    q = request.GET.get("q", "")
    return render(request, "governance/groups.html", {
        "title": "Groups", "q": q, "page": selectors.console_groups(q, page=request.GET.get("page", 1))})


@login_required
@require_POST
def group_archive(request, group_id: int):
    group = access.access_group_for_admin(request.user, group_id)
    archived = request.POST.get("archived") == "1"
    services.group_set_archived(admin=request.user, group=group, archived=archived)
    messages.success(request, f"{group.name} is archived: it can still be read, but nobody can post in it." if archived
                     else f"{group.name} is open again.")
    return redirect("admin_groups")


# --- the audit log --------------------------------------------------------------------------------------------

@login_required
def audit_log(request):
    access.access_console(request.user)
    try:
        f = selectors.parse_audit_filter(request.GET)
    except ValidationError as exc:
        return render(request, "governance/audit_log.html", {
            "title": "Audit log", "error": _error(exc), "params": request.GET, "actions": selectors.audit_actions()},
            status=400)
    return render(request, "governance/audit_log.html", {
        "title": "Audit log", "filter": f, "params": request.GET, "page": selectors.audit_page(f, request.GET.get("page", 1)),
        "actions": selectors.audit_actions(), "query": f.query()})


@login_required
def audit_log_csv(request):
    access.access_console(request.user)
    try:
        f = selectors.parse_audit_filter(request.GET)
    except ValidationError as exc:
        return render(request, "governance/audit_log.html", {
            "title": "Audit log", "error": _error(exc), "params": request.GET, "actions": selectors.audit_actions()},
            status=400)
    response = StreamingHttpResponse(selectors.audit_csv_rows(f), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="townsquare-audit-{timezone.now():%Y-%m-%d}.csv"'
    return response


# --- moderation -------------------------------------------------------------------------------------------

def _report(request, *, post=None, reply=None):
    content = reply if reply is not None else post
    ctx = {"title": "Report", "content": content, "what": "reply" if reply is not None else "post",
           "reason": "", "max_chars": services.REASON_MAX}
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            services.report_create(reporter=request.user, post=post, reply=reply, reason=reason)
        except ValidationError as exc:
            return render(request, "governance/report.html", {**ctx, "error": _error(exc), "reason": reason[:2000]},
                          status=400)
        messages.success(request, "Thank you. A moderator will look at it. The author is not told who reported it.")
        return redirect(content.get_absolute_url())
    return render(request, "governance/report.html", ctx)


@login_required
def post_report(request, post_id: int):
    return _report(request, post=access.access_post_to_report(request.user, post_id))


@login_required
def reply_report(request, reply_id: int):
    return _report(request, reply=access.access_reply_to_report(request.user, reply_id))


@login_required
def queue(request):
    if not access.is_moderator(request.user):
        access.access_console(request.user)  # the 404 of a page that is not there
    return render(request, "governance/queue.html", {
        "title": "Moderation queue", "items": selectors.moderation_queue(request.user),
        "decisions": selectors.recent_decisions(request.user)})


def _moderate(request, *, post=None, reply=None):
    content = reply if reply is not None else post
    what = "reply" if reply is not None else "post"
    ctx = {"title": f"Moderate this {what}", "content": content, "what": what, "post": post or reply.post,
           "reports": selectors.open_reports_on(post=post, reply=reply), "reason": "",
           "max_chars": services.DECISION_REASON_MAX, "own": content.author_id == request.user.pk}
    if request.method == "POST":
        action, reason = request.POST.get("action", ""), request.POST.get("reason", "")
        try:
            services.decide(moderator=request.user, action=action, post=post, reply=reply, reason=reason)
        except ValidationError as exc:
            return render(request, "governance/moderate.html", {**ctx, "error": _error(exc), "reason": reason[:1000],
                                                                 "chosen": action}, status=400)
        done = {Decision.Action.DISMISS: "Reports dismissed. Nothing changed on the {what}.",
                Decision.Action.HIDE: "Hidden. Its author is told and sees your reason; others see that it was hidden.",
                Decision.Action.RESTORE: "Shown again. Its author is told.",
                Decision.Action.DELETE: "Deleted. Its author is told, with your reason."}[action]
        messages.success(request, done.format(what=what))
        if action == Decision.Action.DELETE:
            return redirect("moderation_queue")
        return redirect(content.get_absolute_url())
    return render(request, "governance/moderate.html", ctx)


@login_required
def post_moderate(request, post_id: int):
    return _moderate(request, post=access.access_post_to_moderate(request.user, post_id))


@login_required
def reply_moderate(request, reply_id: int):
    return _moderate(request, reply=access.access_reply_to_moderate(request.user, reply_id))


@login_required
def notice(request, decision_id: int):
    decision = access.access_notice(request.user, decision_id)
    return render(request, "governance/notice.html", {"title": "A moderator's decision", "decision": decision})
