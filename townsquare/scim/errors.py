"""SCIM's JSON error (RFC 7644 §3.12): every refusal of /scim/v2/ is one of these, never an HTML page.

    {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400", "scimType": "invalidValue",
     "detail": "…"}
"""

import json

from django.http import HttpResponse

from townsquare.scim.schemas import ERROR

CONTENT_TYPE = "application/scim+json"


class ScimError(Exception):
    """Raised anywhere in a SCIM request; the view answers it (and the request's transaction rolls back)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None):
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


def invalid_value(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidValue")


def invalid_path(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidPath")


def invalid_syntax(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidSyntax")


def invalid_filter(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidFilter")


def uniqueness(detail: str) -> ScimError:
    return ScimError(409, detail, "uniqueness")


def not_found(detail: str = "There is no such resource.") -> ScimError:
    return ScimError(404, detail)


def scim_json(data, *, status: int = 200, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(data, separators=(",", ":"), ensure_ascii=False), status=status,
                            content_type=CONTENT_TYPE)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def error_response(exc: ScimError) -> HttpResponse:
    body = {"schemas": [ERROR], "status": str(exc.status), "detail": exc.detail}
    if exc.scim_type:
        body["scimType"] = exc.scim_type
    headers = {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="scim", error="invalid_token"'
    return scim_json(body, status=exc.status, headers=headers)
