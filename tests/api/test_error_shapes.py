"""Every answer under /api/ is the API's JSON error shape, also where Django answers before the API's own
code runs: a write to an unknown address with a valid token (it was Django's HTML CSRF page), a path that
no route matches at all (a %0A in it, another version), and a session write without its CSRF token."""

import json

import pytest
from django.test import Client

from townsquare.api import services

pytestmark = pytest.mark.django_db


def _error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:80]
    body = json.loads(response.content)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/api/v1/nothing"),
    ("put", "/api/v1/posts/1/nothing"),
    ("delete", "/api/v1/"),
    ("post", "/api/v2/posts"),
    ("get", "/api/v1/posts/%0A"),
    ("get", "/api/v1/posts%0A"),
    ("get", "/api/nothing"),
])
def test_unknown_addresses_answer_the_json_404(world, method, path):
    _, token = services.token_create(person=world.alice, name="probe", scope="write")
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, HTTP_AUTHORIZATION=f"Bearer {token}",
                                       **({} if method == "get" else {"data": "{}", "content_type": "application/json"}))
    assert response.status_code == 404
    error = _error_of(response)
    assert error["code"] == "not_found" and "/api/v1/docs" in error["message"]


def test_a_session_write_without_its_csrf_token_is_told_what_to_send(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice.user if hasattr(world.alice, "user") else world.alice)
    response = client.post("/api/v1/posts", data=json.dumps({"body": "Hello"}), content_type="application/json")
    assert response.status_code == 403
    assert _error_of(response)["code"] == "csrf_failed"


def test_the_sites_own_pages_keep_their_html_errors(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice.user if hasattr(world.alice, "user") else world.alice)
    assert client.get("/no/such/page/")["Content-Type"].startswith("text/html")
    refused = client.post("/posts/", data={"body": "Hello"})
    assert refused.status_code == 403 and refused["Content-Type"].startswith("text/html")
