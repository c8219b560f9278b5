"""SCIM 2.0 endpoints under /scim/v2/ (RFC 7644) and the org admins' token page.

Every SCIM answer is application/scim+json; every refusal is SCIM's JSON error (errors.py), also for a missing
route, a wrong method and malformed JSON. SCIM takes a bearer token only: a browser session is a 401, and CSRF
does not apply (no cookie is ever read).
"""

import functools
import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from townsquare.scim import access, documents, errors, schemas, selectors, services
from townsquare.scim.errors import ScimError, error_response, scim_json

log = logging.getLogger(__name__)


def scim_endpoint(*methods: str):
    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                token = access.scim_caller(request)
                if request.method not in methods:
                    raise ScimError(405, f"{request.method} is not allowed here; use {', '.join(methods)}.")
                return view(request, token, *args, **kwargs)
            except ScimError as exc:
                return error_response(exc)
            except IntegrityError:  # two requests raced for one userName, email or department name
                return error_response(errors.uniqueness("Another request has just taken this name; read it again."))
            except Exception:
                log.exception("SCIM request failed")
                return error_response(ScimError(500, "Something went wrong on our side; nothing was changed."))
        return wrapped
    return decorate


def _body(request):
    try:
        raw = request.body
    except RequestDataTooBig:
        raise ScimError(413, "The request is too large.") from None
    try:
        return json.loads(raw.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError) as exc:
        raise errors.invalid_syntax(f"The body is not valid JSON: {exc}") from None


def _check_if_match(request, version: str) -> None:
    wanted = request.headers.get("If-Match")
    if wanted and wanted.strip() != "*" and version not in [v.strip() for v in wanted.split(",")]:
        raise ScimError(412, "The resource has changed since that version; read it again.")


def _resource(request, kind, resource: dict, *, status: int = 200):
    shown = documents.project(kind, resource, attributes=request.GET.get("attributes", ""),
                              excluded=request.GET.get("excludedAttributes", ""))
    headers = {"ETag": resource["meta"]["version"]} if resource.get("meta", {}).get("version") else {}
    if status == 201:
        headers["Location"] = resource["meta"]["location"]
    return scim_json(shown, status=status, headers=headers)


def _list(request, kind, page):
    resources, total, start = page
    shown = [documents.project(kind, r, attributes=request.GET.get("attributes", ""),
                               excluded=request.GET.get("excludedAttributes", "")) for r in resources]
    return scim_json(schemas.list_response(shown, total=total, start=start))


# --- discovery --------------------------------------------------------------------------------------------

@scim_endpoint("GET")
def service_provider_config(request, token):
    return scim_json(schemas.service_provider_config(request))


@scim_endpoint("GET")
def resource_types(request, token, name: str = ""):
    items = schemas.resource_types(request)
    if not name:
        return scim_json(schemas.list_response(items))
    found = next((r for r in items if r["id"] == name), None)
    if found is None:
        raise ScimError(404, f"There is no resource type “{name}”.")
    return scim_json(found)


@scim_endpoint("GET")
def schema_list(request, token, urn: str = ""):
    items = schemas.schemas(request)
    if not urn:
        return scim_json(schemas.list_response(items))
    found = next((s for s in items if s["id"].lower() == urn.lower()), None)
    if found is None:
        raise ScimError(404, f"There is no schema “{urn}”.")
    return scim_json(found)


# --- Users ------------------------------------------------------------------------------------------------

@scim_endpoint("GET", "POST")
def users(request, token):
    if request.method == "POST":
        person = services.user_create(token=token, doc=documents.read_body("User", _body(request)))
        return _resource(request, "User", selectors.user_resource(request, selectors.user_by_id(person.pk)),
                         status=201)
    return _list(request, "User", selectors.user_page(request, request.GET))


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user(request, token, scim_id: str):
    person = selectors.user_by_id(scim_id)
    if request.method == "GET":
        return _resource(request, "User", selectors.user_resource(request, person))
    _check_if_match(request, selectors.user_version(person))
    if request.method == "DELETE":
        services.user_delete(token=token, person=person)
        return _no_content()
    if request.method == "PUT":
        services.user_replace(token=token, person=person, doc=documents.read_body("User", _body(request)))
    else:
        services.user_patch(token=token, person=person, body=_body(request))
    return _resource(request, "User", selectors.user_resource(request, selectors.user_by_id(person.pk)))


# --- Groups -----------------------------------------------------------------------------------------------

@scim_endpoint("GET", "POST")
def groups(request, token):
    if request.method == "POST":
        group = services.group_create(token=token, doc=documents.read_body("Group", _body(request)))
        return _resource(request, "Group", selectors.group_resource(request, selectors.group_by_id(group.pk)),
                         status=201)
    return _list(request, "Group", selectors.group_page(request, request.GET))


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def group(request, token, scim_id: str):
    found = selectors.group_by_id(scim_id)
    if request.method == "GET":
        return _resource(request, "Group", selectors.group_resource(request, found))
    _check_if_match(request, selectors.group_version(found))
    if request.method == "DELETE":
        services.group_delete(token=token, group=found)
        return _no_content()
    if request.method == "PUT":
        services.group_replace(token=token, group=found, doc=documents.read_body("Group", _body(request)))
    else:
        services.group_patch(token=token, group=found, body=_body(request))
    return _resource(request, "Group", selectors.group_resource(request, selectors.group_by_id(found.pk)))


@scim_endpoint("POST")
def search(request, token):
    raise ScimError(501, "Searching several resource types at once is not supported; "
                         "GET /Users or /Groups with a filter instead.")


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_found(request, token, rest: str = ""):
    raise ScimError(404, "There is nothing at this address. SCIM serves /Users, /Groups, /Schemas, "
                         "/ResourceTypes and /ServiceProviderConfig.")


def _no_content():
    return HttpResponse(status=204)


# --- the token page ---------------------------------------------------------------------------------------

def _page(request, *, status: int = 200, **extra):
    return render(request, "scim/tokens.html", {
        "title": "SCIM provisioning", "tokens": selectors.tokens(), "scim_url": schemas.base_url(request), **extra,
    }, status=status)


@login_required
def tokens(request):
    access.access_tokens_admin(request.user)
    if request.method != "POST":
        return _page(request)
    try:
        token, raw = services.token_create(admin=request.user, name=request.POST.get("name", ""))
    except ValidationError as exc:
        return _page(request, status=400, error=" ".join(exc.messages), name=request.POST.get("name", ""))
    # Rendered, not redirected: the token is never put in a session or a message, only on this one page.
    response = _page(request, status=201, new_token=token, raw_token=raw)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def token_revoke(request, token_id: int):
    token = access.access_scim_token(request.user, token_id)
    if request.method == "POST":
        services.token_revoke(admin=request.user, token=token)
        messages.success(request, f"“{token.name}” is revoked. An identity provider still using it now gets "
                                  "“not valid”.")
        return redirect("scim_tokens")
    return render(request, "scim/token_revoke.html", {"title": "Revoke a SCIM token", "token": token})
