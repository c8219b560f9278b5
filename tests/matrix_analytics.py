"""Permission matrix rows of townsquare.analytics (see tests/matrix.py).

Personal analytics: the signed-in person's own only (no route takes a person). Post analytics: the author
only. Group analytics: the group's admins only (gina). Organisation analytics: org admins (olga) and
analysts (otto is made an analyst in build). Everyone else gets the same 404 as for a missing page.
"""

from tests.matrix import Row, signed_in

ORG = dict(anon=302, alice=404, otto=200, gina=404, olga=200, dave=302)
ADMIN_ONLY = dict(anon=302, alice=404, otto=404, gina=404, olga=200, dave=302)


def build(c):
    from townsquare.analytics import reports
    from townsquare.analytics.models import AnalystRole

    AnalystRole.objects.create(person=c.world.otto, granted_by=c.world.olga)
    reports.refresh_all(themes=False)


SECTIONS = {
    "analytics personal": [
        Row("analytics_personal", "analytics_personal", "get", signed_in(200)),
        Row("analytics_personal_csv", "analytics_personal", "get", signed_in(200), query={"format": "csv", "table": "weeks"}),
        Row("analytics_preference", "analytics_preference", "post", signed_in(302), data=lambda c: {"named_as_leader": "on"}),
    ],
    "analytics post": [
        Row("analytics_post_own", "analytics_post", "get", signed_in(404, alice=200),
            kwargs=lambda c: {"post_id": c.public_post.pk}),
        Row("analytics_post_secret", "analytics_post", "get", signed_in(404, gina=200),
            kwargs=lambda c: {"post_id": c.secret_post.pk}),
        Row("analytics_post_private_csv", "analytics_post", "get", signed_in(404, alice=200),
            kwargs=lambda c: {"post_id": c.private_post.pk}, query={"format": "csv", "table": "audience"}),
    ],
    "analytics group": [
        Row("analytics_group_public", "analytics_group", "get", signed_in(404, gina=200),
            kwargs=lambda c: {"slug": c.world.public.slug}),
        Row("analytics_group_secret", "analytics_group", "get", signed_in(404, gina=200),
            kwargs=lambda c: {"slug": c.world.secret.slug}),
    ],
    "analytics organisation": [
        Row("analytics_org", "analytics_org", "get", ORG),
        Row("analytics_org_csv", "analytics_org", "get", ORG, query={"format": "csv", "table": "interactions"}),
        Row("analytics_index", "analytics_index", "get", ORG),
        Row("analytics_index_dimension", "analytics_index_dimension", "get", ORG, kwargs=lambda c: {"key": "purpose"}),
        Row("analytics_index_dimension_unknown", "analytics_index_dimension", "get", dict(ORG, otto=404, olga=404),
            kwargs=lambda c: {"key": "nope"}),
        Row("analytics_iceberg", "analytics_iceberg", "get", ORG),
        Row("analytics_themes", "analytics_themes", "get", ORG),
        Row("analytics_analysts", "analytics_analysts", "get", ADMIN_ONLY),
        Row("analytics_analysts_add", "analytics_analysts", "post", dict(ADMIN_ONLY, olga=302),
            data=lambda c: {"action": "add", "handle": "alice"}),
    ],
}
