"""Actions of townsquare.portability: ask for an export, build it (the worker), forget expired ones.

    export_request(person=…, kind="person"|"org", request=None) -> (job, created)
        One queued-or-running job per person and kind: a second ask while one is
        on its way returns that job (a partial unique constraint; the loser of a race gets the winner's row).
        Records the build in the outbox in the same transaction, so an acknowledged ask is never lost and is built
        once however many times the worker retries. An org export is written to the audit log.
    export_build(job_id)
        The outbox handler: builds the zip under DATA_DIR/exports/ with progress, marks it done (or failed with a
        sentence saying so) and puts the download link in the owner's bell, in the same transaction.
    exports_purge(now=None)
        Deletes the files of expired exports (EXPORT_KEEP_DAYS after they were made); the rows stay, marked expired.
"""

import logging
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from townsquare.core import outbox
from townsquare.people.access import is_org_admin
from townsquare.portability.models import ACTIVE_STATES, ExportJob

log = logging.getLogger(__name__)

EXPORT_REQUESTED = "export_requested"
HANDLER = "portability.export"


def keep_days() -> int:
    return int(getattr(settings, "EXPORT_KEEP_DAYS", 7))


def export_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def _active(kind: str, person):
    return ExportJob.objects.filter(kind=kind, person=person, state__in=ACTIVE_STATES)


def export_request(*, person, kind: str = ExportJob.Kind.PERSON, request=None) -> tuple[ExportJob, bool]:
    if kind not in ExportJob.Kind.values:
        raise ValueError(f"unknown kind of export {kind!r}")
    if kind == ExportJob.Kind.ORG and not is_org_admin(person):
        raise PermissionDenied("Only organisation admins export the organisation.")
    with transaction.atomic():
        existing = _active(kind, person).select_for_update().first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                job = ExportJob.objects.create(kind=kind, person=person)
        except IntegrityError:  # another request made it a moment ago: that one is the job
            return _active(kind, person).get(), False
        outbox.record(EXPORT_REQUESTED, key=f"export:{job.pk}", payload={"job": job.pk})
        if kind == ExportJob.Kind.ORG:
            from townsquare.core import audit

            audit.record(actor=person, action="org.export", target=job, request=request,
                         after={"job": job.pk, "state": job.state},
                         detail="Asked for an export of the organisation (what everyone may read, profiles, "
                                "groups' metadata).")
    return job, True


def _progress(job_id: int, pct: int) -> None:
    ExportJob.objects.filter(pk=job_id, state=ExportJob.State.RUNNING, progress__lt=pct).update(progress=min(pct, 99))


def export_build(job_id: int) -> ExportJob | None:
    from townsquare.portability import builder, organisation, personal

    job = ExportJob.objects.select_related("person").filter(pk=job_id).first()
    if job is None or job.state in (ExportJob.State.DONE, ExportJob.State.FAILED):
        return job  # already built (a retry after the commit) or given up
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, started_at=timezone.now(), progress=1)
    person = job.person
    name = f"{job.pk}-{secrets.token_hex(8)}.zip"
    path = export_dir() / name
    made = timezone.now()
    try:
        if job.kind == ExportJob.Kind.PERSON:
            kinds = [(k, d, (lambda f=f: f(person))) for k, d, f in personal.KINDS]
            size = builder.write_zip(
                path, title=f"Everything {person.name} put into Townsquare",
                intro=f"Made on {made:%d %B %Y at %H:%M} UTC for {person.name} <{person.email}>. It holds what you "
                      "wrote and chose, and nothing of anyone else's that is private.",
                kinds=kinds, privacy=personal.PRIVACY, about={"kind": "person", "person_id": person.pk},
                progress=lambda pct: _progress(job.pk, pct))
        else:
            size = builder.write_zip(
                path, title="The organisation's export",
                intro=f"Made on {made:%d %B %Y at %H:%M} UTC for {person.name} (organisation admin). It holds the "
                      "organisation as everyone in it may see it, plus the metadata an admin manages.",
                kinds=organisation.kinds(person), privacy=organisation.PRIVACY,
                about={"kind": "org", "asked_by": person.pk}, progress=lambda pct: _progress(job.pk, pct))
    except Exception as exc:
        log.exception("portability: export %s failed", job.pk)
        try:
            path.with_name(name + ".part").unlink(missing_ok=True)
        except OSError:
            pass
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, finished_at=timezone.now(),
                                                   error=f"{type(exc).__name__}"[:300])
        return ExportJob.objects.get(pk=job.pk)
    done = timezone.now()
    with transaction.atomic():
        updated = ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
            state=ExportJob.State.DONE, progress=100, file_path=f"exports/{name}", size=size,
            finished_at=done, expires_at=done + timedelta(days=keep_days()))
        if updated:
            _tell(job)
    if not updated:  # someone else finished it first (a retried item): keep theirs
        path.unlink(missing_ok=True)
    return ExportJob.objects.get(pk=job.pk)


def _tell(job: ExportJob) -> None:
    """The owner's bell: the link to the export page (which holds the download link). The actor is the owner
    (nobody else did anything), so it is stored directly rather than through conversations.notify, which never
    tells an actor about their own act; its delivery (email, push, live count) is recorded as every bell's is."""
    from townsquare.conversations import signals
    from townsquare.conversations.models import Notification

    days = keep_days()
    if job.kind == ExportJob.Kind.PERSON:
        message = f"asked for an export of their data: it is ready to download for {days} days."
        link = reverse("my_export")
    else:
        message = f"asked for an export of the organisation: it is ready to download for {days} days."
        link = reverse("org_export")
    note = Notification.objects.create(recipient=job.person, actor=job.person, verb=Notification.Verb.PRACTICE,
                                       message=message, link=link)
    signals.notifications_created([note])


def on_export_requested(payload: dict, attempt: int = 1) -> None:
    export_build(payload["job"])


def exports_purge(now=None) -> int:
    """Delete the zips of exports past their expiry; returns how many were removed."""
    now = now or timezone.now()
    removed = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(file_path=""):
        (Path(settings.DATA_DIR) / job.file_path).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(file_path="")
        removed += 1
    return removed


def export_file(job: ExportJob):
    """The open zip of a done export (the caller checked access: access.access_export_download)."""
    return (Path(settings.DATA_DIR) / job.file_path).open("rb")
