"""Permission matrix rows for townsquare.portability (see tests/matrix.py).

Everyone signed in exports themselves (no route names a person); the organisation's export and its status are
for organisation admins alone (olga); a finished export downloads for the person who asked for it and nobody
else, org admins included — everyone else gets the 404 of a download that does not exist."""

from tests.matrix import Row, signed_in


def build(c) -> None:
    from townsquare.portability import services
    from townsquare.portability.models import ExportJob

    mine, _ = services.export_request(person=c.world.alice)
    c.alice_export = services.export_build(mine.pk)
    org, _ = services.export_request(person=c.world.olga, kind=ExportJob.Kind.ORG)
    c.org_export = services.export_build(org.pk)


SECTIONS: dict[str, list[Row]] = {
    "portability": [
        Row("my_export", "my_export", "get", signed_in(200)),
        Row("my_export-post", "my_export", "post", signed_in(302)),
        Row("my_export_status", "my_export_status", "get", signed_in(200)),
        Row("org_export", "org_export", "get", signed_in(404, olga=200)),
        Row("org_export-post", "org_export", "post", signed_in(404, olga=302)),
        Row("org_export_status", "org_export_status", "get", signed_in(404, olga=200)),
        Row("export_download-person", "export_download", "get", signed_in(404, alice=200),
            kwargs=lambda c: {"job_id": c.alice_export.pk}),
        Row("export_download-org", "export_download", "get", signed_in(404, olga=200),
            kwargs=lambda c: {"job_id": c.org_export.pk}),
        Row("export_download-unknown", "export_download", "get", signed_in(404), kwargs=lambda c: {"job_id": 999_999}),
    ],
}
