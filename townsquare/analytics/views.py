"""Thin views of the analytics dashboards. Every page also serves each of its tables as CSV:
`?format=csv&table=<name>` (the table names are listed under each table on the page)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from townsquare.analytics import access, selectors, services
from townsquare.analytics.schedule import REPORTS_SCHEDULE, THEMES_SCHEDULE
from townsquare.people import handles


def _csv_safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _page(request, template: str, context: dict, *, filename: str):
    if request.GET.get("format") == "csv":
        tables = {t["name"]: t for t in context.get("tables", [])}
        name = request.GET.get("table") or next(iter(tables), "")
        chosen = tables.get(name)
        if chosen is None:
            known = ", ".join(tables) or "none"
            return HttpResponse(f"There is no table “{name[:40]}” on this page. Tables you can export: {known}.\n",
                                status=400, content_type="text/plain; charset=utf-8")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{name}.csv"'
        writer = csv.writer(response)
        writer.writerow(chosen["headers"])
        for row in chosen["rows"]:
            writer.writerow([_csv_safe(v) for v in row])
        return response
    return render(request, template, {"refresh_schedule": REPORTS_SCHEDULE, "themes_schedule": THEMES_SCHEDULE, **context})


@login_required
def personal(request):
    data = selectors.personal(request.user)
    return _page(request, "analytics/personal.html", {"title": "My analytics", **data}, filename="my-analytics")


@login_required
@require_POST
def preference(request):
    named = request.POST.get("named_as_leader") == "on"
    services.preference_set(person=request.user, named_as_leader=named)
    messages.success(request, "Saved. If you are among the emergent leaders, the organisation page will show your name."
                     if named else "Saved. Your name will not be shown among the emergent leaders.")
    return redirect("analytics_personal")


@login_required
def post(request, post_id: int):
    p = access.access_own_post(request.user, post_id)
    data = selectors.post_analytics(p)
    return _page(request, "analytics/post.html", {"title": "Post analytics", **data}, filename=f"post-{p.pk}")


@login_required
def group(request, slug: str):
    g = access.access_admin_group(request.user, slug)
    data = selectors.group_analytics(g)
    return _page(request, "analytics/group.html", {"title": f"{g.name} analytics", **data}, filename=f"group-{g.slug}")


@login_required
def org(request):
    access.require_org_viewer(request.user)
    return _page(request, "analytics/org.html", {"title": "Organisation analytics", "section": "org",
                                                 **selectors.org_dashboard()}, filename="organisation")


@login_required
def index(request):
    access.require_org_viewer(request.user)
    return _page(request, "analytics/index.html", {"title": "Social Enterprise index", "section": "index",
                                                   **selectors.index_dashboard()}, filename="index")


@login_required
def index_dimension(request, key: str):
    data = selectors.index_dimension(access.access_index_dimension(request.user, key))
    return _page(request, "analytics/dimension.html", {"title": data["dim"]["name"], "section": "index", **data},
                 filename=f"index-{key}")


@login_required
def iceberg(request):
    access.require_org_viewer(request.user)
    return _page(request, "analytics/iceberg.html", {"title": "Iceberg of uses", "section": "iceberg",
                                                     **selectors.iceberg_dashboard()}, filename="iceberg")


@login_required
def themes(request):
    access.require_org_viewer(request.user)
    return _page(request, "analytics/themes.html", {"title": "Recurring themes", "section": "themes",
                                                    **selectors.themes_dashboard(request.user)}, filename="themes")


@login_required
def analysts(request):
    access.require_org_admin(request.user)
    errors: list[str] = []
    handle = request.POST.get("handle", "")[:80]
    if request.method == "POST":
        try:
            person = handles.person_by_handle(handle)
            if request.POST.get("action") == "remove":
                services.analyst_revoke(admin=request.user, person=person)
                messages.success(request, f"{person.name} no longer sees the organisation analytics.")
            else:
                services.analyst_grant(admin=request.user, person=person)
                messages.success(request, f"{person.name} can now see the organisation analytics.")
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect("analytics_analysts")
    roles = selectors.analyst_roles()
    return render(request, "analytics/analysts.html", {"title": "Analysts", "section": "analysts", "roles": roles,
                                                       "errors": errors, "handle": handle},
                  status=400 if errors else 200)
