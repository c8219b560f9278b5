"""The contract checker itself can fail: a response that breaks the OpenAPI document is caught."""

import json

import pytest
from django.http import JsonResponse

from tests.api.conftest import check_response, openapi


def test_the_document_describes_every_operation_with_the_error_shape():
    doc = openapi()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert {"401", "404", "422", "429"} <= set(operation["responses"]), f"{method} {path}"
            assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"}
    assert set(doc["components"]["securitySchemes"]) == {"TokenAuth", "BrowserSession"}


def test_a_body_that_breaks_the_schema_is_caught():
    with pytest.raises(AssertionError, match="is not of type|required"):
        check_response("GET", "/api/v1/me", JsonResponse({"handle": 5}))


def test_an_undocumented_status_is_caught():
    with pytest.raises(AssertionError, match="not documented"):
        check_response("GET", "/api/v1/me", JsonResponse({}, status=418))


def test_an_error_in_another_shape_is_caught():
    with pytest.raises(AssertionError):
        check_response("GET", "/api/v1/nowhere", JsonResponse({"detail": "Not Found"}, status=404))
    check_response("GET", "/api/v1/nowhere", JsonResponse(
        {"error": {"code": "not_found", "message": "No.", "fields": {}}}, status=404))
    assert json.loads(JsonResponse({}).content) == {}
