"""Thin views of townsquare.portability (C10, issue 15 #4): a person's export page (/me/export/), the organisation's
export page for org admins (/admin/export/), their status fragments (polled by static/js/portability.js with htmx
while a job is on its way) and the download, for the job's owner alone (access.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from townsquare.portability import access, selectors, services
from townsquare.portability.models import ExportJob

PAGES = {
    ExportJob.Kind.PERSON: {"page": "my_export", "status": "my_export_status", "title": "Export my data"},
    ExportJob.Kind.ORG: {"page": "org_export", "status": "org_export_status", "title": "Export the organisation"},
}


def _context(request, kind):
    return {"title": PAGES[kind]["title"], "kind": kind, "job": selectors.latest_export(request.user, kind),
            "status_url": PAGES[kind]["status"], "page_url": PAGES[kind]["page"],
            "keep_days": services.keep_days()}


def _page(request, kind):
    if request.method == "POST":
        job, created = services.export_request(person=request.user, kind=kind, request=request)
        if created:
            messages.success(request, "Your export is being prepared. You can leave this page: the bell will tell "
                                      "you when it is ready.")
        else:
            messages.info(request, "Your export is already being prepared: here is how far it has got.")
        return redirect(PAGES[kind]["page"])
    return render(request, "portability/export.html", _context(request, kind))


@login_required
@never_cache
def my_export(request):
    """GET the page; POST asks for an export (a second ask while one is on its way gives the same one)."""
    return _page(request, ExportJob.Kind.PERSON)


@login_required
@never_cache
def my_export_status(request):
    return render(request, "portability/_export_status.html", _context(request, ExportJob.Kind.PERSON))


@login_required
@never_cache
def org_export(request):
    access.access_org_export(request.user)
    return _page(request, ExportJob.Kind.ORG)


@login_required
@never_cache
def org_export_status(request):
    access.access_org_export(request.user)
    return render(request, "portability/_export_status.html", _context(request, ExportJob.Kind.ORG))


@login_required
@never_cache
def export_download(request, job_id: int):
    job = access.access_export_download(request.user, job_id)
    made = timezone.localtime(job.finished_at).strftime("%Y-%m-%d")
    who = request.user.handle if job.kind == ExportJob.Kind.PERSON else "organisation"
    response = FileResponse(services.export_file(job), content_type="application/zip", as_attachment=True,
                            filename=f"townsquare-{who}-{made}.zip")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
