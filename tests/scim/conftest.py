"""SCIM tests: a token made the way an org admin makes one, and a client that speaks SCIM with it."""

import json

import pytest
from django.test import Client

SCIM = "application/scim+json"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


class ScimClient:
    """The Django test client with a bearer token and SCIM's content type; bodies are dicts or raw strings."""

    def __init__(self, raw_token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}

    def _call(self, method, path, body=None, headers=None, **query):
        url = path if path.startswith("/") else f"/scim/v2/{path}"
        data = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        kwargs = {"headers": {**self.headers, **(headers or {})}}
        if method == "get":
            return self.client.get(url, query, **kwargs)
        if data is None:
            return getattr(self.client, method)(url, **kwargs)
        return getattr(self.client, method)(url, data, content_type=SCIM, **kwargs)

    def get(self, path, **query):
        return self._call("get", path, **query)

    def post(self, path, body, **kw):
        return self._call("post", path, body, **kw)

    def put(self, path, body, **kw):
        return self._call("put", path, body, **kw)

    def patch(self, path, body, **kw):
        return self._call("patch", path, body, **kw)

    def delete(self, path, **kw):
        return self._call("delete", path, **kw)


def patch_op(*operations) -> dict:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


@pytest.fixture
def scim_token(world):
    from townsquare.scim import services

    return services.token_create(admin=world.olga, name="Entra ID")


@pytest.fixture
def scim(scim_token):
    return ScimClient(scim_token[1])


def new_user(scim, user_name="ada@example.test", **extra) -> dict:
    body = {"schemas": [CORE_USER, ENTERPRISE], "userName": user_name, "active": True,
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"value": user_name, "type": "work", "primary": True}], **extra}
    response = scim.post("Users", body)
    assert response.status_code == 201, response.content
    return response.json()


def assert_error(response, status: int, scim_type: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(SCIM)
    body = response.json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status)
    if scim_type is not None:
        assert body.get("scimType") == scim_type, body
    return body
