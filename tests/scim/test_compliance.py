"""scim2-tester (the python-scim project's compliance checker) against a running Townsquare (pytest-django's
live_server: a real HTTP server in a thread), over real HTTP with a token made by an org admin.

Every check must pass (SUCCESS, COMPLIANT or ACCEPTABLE), be SKIPPED by the tester itself for a reason it states,
or be in NOT_APPLICABLE below with the reason it does not apply to Townsquare.
"""

from typing import Any, cast

import httpx
import pytest
from scim2_client import BaseSyncSCIMClient
from scim2_client.client import RawResponse
from scim2_client.errors import RequestNetworkException
from scim2_tester import Status, check_server

OK = {Status.SUCCESS, Status.COMPLIANT, Status.ACCEPTABLE}

# (resource type, check title, a phrase of its reason) → why the check does not apply to Townsquare.
NOT_APPLICABLE: dict[tuple[str | None, str, str], str] = {
    ("User", "check_remove_attribute", "'active'"):
        "A person is active or deactivated; there is no third state, so `remove active` leaves the person as they "
        "are instead of leaving active unassigned.",
}


class HttpxSCIMClient(BaseSyncSCIMClient):
    """scim2-client's network engine, on httpx (scim2-client ships one for httpx2, which we do not install)."""

    def __init__(self, client: httpx.Client, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def _stays_under_base_url(self, endpoint: str) -> bool:
        url = self.client.build_request("GET", endpoint).url
        base = self.client.base_url
        return url.scheme == base.scheme and url.host == base.host and url.port == base.port and \
            url.raw_path.startswith(base.raw_path)

    def _parse_json(self, response: RawResponse) -> Any:
        return cast(httpx.Response, response).json()

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self.client.request(method, url, **kwargs)
        except httpx.RequestError as exc:
            raise RequestNetworkException() from exc


def _not_applicable(result) -> str | None:
    for (kind, title, phrase), why in NOT_APPLICABLE.items():
        if result.resource_type == kind and result.title == title and phrase in (result.reason or ""):
            return why
    return None


@pytest.mark.django_db(transaction=True)
def test_scim2_tester_finds_nothing_wrong(live_server, world):
    from townsquare.scim import services

    _, raw = services.token_create(admin=world.olga, name="scim2-tester")
    http = httpx.Client(base_url=f"{live_server.url}/scim/v2/", headers={"Authorization": f"Bearer {raw}"},
                        timeout=30)
    results = check_server(HttpxSCIMClient(http))
    http.close()
    assert len(results) > 20  # discovery, then every CRUD and PATCH check on Users and Groups
    wrong = [f"{r.resource_type} {r.title}: {r.status.name} {r.reason}" for r in results
             if r.status not in OK and r.status != Status.SKIPPED and not _not_applicable(r)]
    assert wrong == []
    titles = {(r.resource_type, r.title) for r in results if r.status in OK}
    for kind in ("User", "Group"):
        for title in ("object_creation", "object_query", "object_query_without_id", "object_replacement",
                      "object_deletion", "check_add_attribute", "check_replace_attribute", "check_remove_attribute"):
            assert (kind, title) in titles, (kind, title)
    skipped = [f"{r.resource_type} {r.title}: {r.reason}" for r in results if r.status == Status.SKIPPED]
    assert all("/.search" in s for s in skipped), skipped  # the one skip: POST /.search across resource types
