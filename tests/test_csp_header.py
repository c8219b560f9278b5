"""Every response carries the Content-Security-Policy: every GET route of the permission matrix, for a member,
an organisation admin and someone signed out, whatever the status (pages, redirects, 403 and 404 pages,
JSON, files). tests/browser/test_csp.py checks in Chromium that the pages keep to it."""

from django.db import transaction

from tests.test_permissions import MATRIX, client_as, objects, run_cell  # noqa: F401 - objects is a fixture

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
          "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
          "form-action 'self'; worker-src 'self'; manifest-src 'self'")
STREAMS = {"live_events"}  # an open event stream: its headers are checked in tests/live


def directives(policy: str) -> dict[str, str]:
    return {d.split()[0]: " ".join(d.split()[1:]) for d in policy.split(";") if d.strip()}


def test_every_response_carries_the_policy(objects):  # noqa: F811
    rows = [row for row in MATRIX if row.method == "get" and row.route not in STREAMS]
    assert len(rows) > 100
    wrong, statuses = [], set()
    for who in ("alice", "olga", "anon"):
        client = client_as(objects.world, who)
        for row in rows:
            with transaction.atomic():
                response = run_cell(row, objects, client)
                transaction.set_rollback(True)
            statuses.add(response.status_code)
            got = response.get("Content-Security-Policy")
            # uploaded files (avatars, attachments) keep the stricter policy their views set: nothing runs at all
            stricter = got is not None and directives(got).get("default-src") == "'none'" and "sandbox" in got
            if got is None or (directives(got) != directives(POLICY) and not stricter):
                wrong.append(f"{row.id} as {who} ({response.status_code}): {got!r}")
    assert wrong == []
    assert {200, 302, 404} <= statuses


def test_error_pages_carry_the_policy(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    policy = response["Content-Security-Policy"]
    assert directives(policy) == directives(POLICY)
    assert "unsafe" not in policy and "nonce" not in policy  # strict: nothing inline, whatever it is
