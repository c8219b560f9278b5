"""The API's test client: every response it sees is checked against the OpenAPI document.

`api_as(person, scope="write")` → a client that sends a fresh personal access token of `person`
(None → anonymous). Each call validates the response: its status must be documented for the
operation and its JSON body must match the documented schema (jsonschema_rs, schemathesis' own
validator, draft 2020-12 as OpenAPI 3.1 uses). Addresses that are no operation must answer with the error shape.
"""

import json
import re
from functools import lru_cache

import pytest
from django.core.cache import cache
from django.test import Client
from jsonschema_rs import Draft202012Validator

from townsquare.api import services


@lru_cache(maxsize=1)
def openapi() -> dict:
    from townsquare.api.api import api

    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


@lru_cache(maxsize=1)
def _routes() -> list[tuple[re.Pattern, str]]:
    routes = []
    for template in openapi()["paths"]:
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        routes.append((re.compile(regex), template))
    # Literal paths before templated ones (/me/coach before /me/{…}).
    return sorted(routes, key=lambda r: r[1].count("{"))


def _validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": openapi()["components"]})


ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}


def check_response(method: str, path: str, response) -> None:
    """Fail unless `response` is what the OpenAPI document promises for `method path`."""
    doc = openapi()
    body = json.loads(response.content) if response.content else None
    template = next((t for regex, t in _routes() if regex.match(path)), None)
    operation = doc["paths"].get(template, {}).get(method.lower()) if template else None
    status = str(response.status_code)
    assert response["Content-Type"].startswith("application/json"), f"{method} {path}: not JSON"
    if operation is None:
        # No such operation (unknown address, wrong method): still our error shape.
        assert response.status_code >= 400, f"{method} {path} answered {status} but is not in the document"
        errors = list(_validator(ERROR_SCHEMA).iter_errors(body))
        assert not errors, f"{method} {path} → {status}: not the error shape: {errors[0].message}"
        return
    documented = operation["responses"]
    assert status in documented, f"{method} {path}: status {status} is not documented ({sorted(documented)})"
    content = documented[status].get("content", {}).get("application/json")
    if content:
        errors = list(_validator(content["schema"]).iter_errors(body))
        assert not errors, f"{method} {path} → {status}: {errors[0].message} at {errors[0].instance_path}"


class ApiClient:
    def __init__(self, token: str | None = None, client: Client | None = None):
        self.token = token
        self.client = client or Client()

    def call(self, method: str, path: str, data=None, *, headers: dict | None = None, raw: bytes | None = None,
             content_type: str = "application/json", form: bool = False):
        path = path if path.startswith("/api/") else "/api/v1" + path
        extra = {}
        if self.token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        for name, value in (headers or {}).items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        do = getattr(self.client, method.lower())
        if method.upper() == "GET":
            response = do(path, data or {}, **extra)
        elif form:
            response = do(path, data or {}, **extra)  # the test client's multipart form post
        else:
            payload = raw if raw is not None else (json.dumps(data) if data is not None else b"")
            response = do(path, payload, content_type=content_type, **extra)
        check_response(method, path.split("?")[0], response)
        response.body = json.loads(response.content) if response.content else None
        return response

    def get(self, path, params=None, **kw):
        return self.call("GET", path, params, **kw)

    def post(self, path, data=None, **kw):
        return self.call("POST", path, data, **kw)

    def put(self, path, data=None, **kw):
        return self.call("PUT", path, data, **kw)

    def patch(self, path, data=None, **kw):
        return self.call("PATCH", path, data, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, None, **kw)


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    """Rate counts live in the cache, which outlives a test; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as(world):
    def make(person, scope: str = "write") -> ApiClient:
        if person is None:
            return ApiClient()
        _, raw = services.token_create(person=person, name=f"test {scope}", scope=scope)
        return ApiClient(raw)

    return make
