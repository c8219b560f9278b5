"""Reads of townsquare.portability: the export jobs a page shows (always the signed-in person's own)."""

from townsquare.portability.models import ExportJob


def latest_export(person, kind: str = ExportJob.Kind.PERSON) -> ExportJob | None:
    return ExportJob.objects.filter(kind=kind, person=person).first()
