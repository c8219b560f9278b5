"""Access to exports. Every read of an ExportJob goes through here; not allowed looks like not found (Http404).

download  the job's owner alone (the person who asked; for an org export the org admin who asked), while it is
          done and not expired — other people, org admins included, get the same 404 as a job that does not exist
org       the organisation's export page and its status: org admins only (people.access.is_org_admin)
"""

from pathlib import Path

from django.conf import settings
from django.http import Http404

from townsquare.people.access import access_org_admin
from townsquare.portability.models import ExportJob


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such export") from None


def access_export_download(person, job_id) -> ExportJob:
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        raise Http404("No such export")
    job = ExportJob.objects.filter(pk=_int(job_id), person=person).first()
    if job is None or not job.downloadable or not (Path(settings.DATA_DIR) / job.file_path).is_file():
        raise Http404("No such export")
    if job.kind == ExportJob.Kind.ORG:
        access_org_admin(person, what="No such export")
    return job


def access_org_export(person) -> None:
    access_org_admin(person)
