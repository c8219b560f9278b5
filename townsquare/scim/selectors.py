"""Reads for SCIM: people as Users and departments as Groups, rendered as SCIM resources, filtered and paged.

Every person is a User (id = the person's id) until the identity provider deletes them (ScimUser.deleted_at):
then the person stays, deactivated, and SCIM answers 404 for them. A person SCIM never wrote to has userName =
their email. Every department is a Group (id = the department's id); its members are the people in it.
"""

import hashlib
import json

from django.db.models import CharField, Prefetch, Q
from django.db.models.functions import Coalesce, Lower

from townsquare.people.models import Department, Person
from townsquare.scim import documents, errors
from townsquare.scim.models import ScimToken
from townsquare.scim.schemas import (
    CORE_GROUP,
    CORE_USER,
    DEFAULT_COUNT,
    ENTERPRISE_USER,
    MAX_RESULTS,
    base_url,
)

USER_FILTERS = {"username": "userName", "externalid": "externalId", "emails.value": "email", "emails": "email",
                "id": "id", "displayname": "displayName"}
GROUP_FILTERS = {"displayname": "displayName", "externalid": "externalId", "id": "id"}


def tokens() -> list[ScimToken]:
    return list(ScimToken.objects.select_related("created_by"))


def users():
    """The people SCIM serves: all but those the identity provider deleted."""
    return (Person.objects.select_related("scim", "department")
            .filter(Q(scim__isnull=True) | Q(scim__deleted_at__isnull=True))
            .annotate(scim_user_key=Coalesce("scim__user_name_key", Lower("email"), output_field=CharField())))


def groups():
    return Department.objects.select_related("scim").prefetch_related(
        Prefetch("people", queryset=Person.objects.only("id", "department_id").order_by("id"), to_attr="member_rows"))


def user_by_id(scim_id: str) -> Person:
    if not str(scim_id).isdigit() or len(str(scim_id)) > 18:
        raise errors.not_found("There is no such User.")
    person = users().filter(pk=int(scim_id)).first()
    if person is None:
        raise errors.not_found("There is no such User.")
    return person


def group_by_id(scim_id: str) -> Department:
    if not str(scim_id).isdigit() or len(str(scim_id)) > 18:
        raise errors.not_found("There is no such Group.")
    group = groups().filter(pk=int(scim_id)).first()
    if group is None:
        raise errors.not_found("There is no such Group.")
    return group


def user_document(person: Person) -> dict:
    """The person as a canonical User document (documents.py), without id and meta."""
    scim = getattr(person, "scim", None)
    if scim is not None and scim.deleted_at is None:
        doc = {"userName": scim.user_name, "externalId": scim.external_id or None, "name": dict(scim.name or {}),
               "displayName": person.name if scim.display_name else None,
               "emails": [dict(e) for e in scim.emails or []]}
        ext = {"employeeNumber": scim.employee_number or None}
    else:
        doc = {"userName": person.email, "externalId": None, "name": {"formatted": person.name},
               "displayName": person.name, "emails": [{"value": person.email, "type": "work", "primary": True}]}
        ext = {"employeeNumber": None}
    doc["title"] = person.title or None
    doc["active"] = person.is_active
    ext["department"] = person.department.name if person.department_id else None
    ext["manager"] = {"value": str(person.manager_id)} if person.manager_id else None
    doc[ENTERPRISE_USER] = ext
    return doc


def _version(doc: dict) -> str:
    return 'W/"' + hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()[:20] + '"'


def _clean(value):
    """Drop empty values: SCIM leaves unassigned attributes out."""
    if isinstance(value, dict):
        out = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [c for c in (_clean(v) for v in value) if c not in (None, "", [], {})]
    return value


def user_resource(request, person: Person) -> dict:
    doc = user_document(person)
    version = _version(doc)
    base = base_url(request)
    manager = doc[ENTERPRISE_USER].get("manager")
    if manager:
        manager["$ref"] = f"{base}Users/{manager['value']}"
    scim = getattr(person, "scim", None)
    created = scim.created_at if scim is not None else person.date_joined
    modified = scim.updated_at if scim is not None else person.date_joined
    body = _clean(doc)
    schemas = [CORE_USER] + ([ENTERPRISE_USER] if body.get(ENTERPRISE_USER) else [])
    return {"schemas": schemas, "id": str(person.pk), **body,
            "meta": {"resourceType": "User", "created": created.isoformat(), "lastModified": modified.isoformat(),
                     "location": f"{base}Users/{person.pk}", "version": version}}


def user_version(person: Person) -> str:
    return _version(user_document(person))


def group_document(group: Department) -> dict:
    scim = getattr(group, "scim", None)
    rows = getattr(group, "member_rows", None)
    ids = [p.pk for p in rows] if rows is not None else list(group.people.order_by("id").values_list("id", flat=True))
    return {"displayName": group.name, "externalId": (scim.external_id or None) if scim else None,
            "members": [{"value": str(pk)} for pk in ids]}


def group_resource(request, group: Department) -> dict:
    doc = group_document(group)
    version = _version(doc)
    base = base_url(request)
    for member in doc["members"]:
        member["$ref"] = f"{base}Users/{member['value']}"
    meta = {"resourceType": "Group", "location": f"{base}Groups/{group.pk}", "version": version}
    scim = getattr(group, "scim", None)
    if scim is not None:
        meta["created"], meta["lastModified"] = scim.created_at.isoformat(), scim.updated_at.isoformat()
    return {"schemas": [CORE_GROUP], "id": str(group.pk), **_clean(doc), "meta": meta}


def group_version(group: Department) -> str:
    return _version(group_document(group))


def _page_params(params) -> tuple[int, int]:
    def number(name, default):
        raw = params.get(name)
        if raw in (None, ""):
            return default
        try:
            return int(raw)
        except ValueError:
            raise errors.invalid_value(f"{name} must be a whole number.") from None

    start = max(1, number("startIndex", 1))
    count = min(MAX_RESULTS, max(0, number("count", DEFAULT_COUNT)))
    return start, count


def _filtered_users(text: str):
    qs = users()
    if not text:
        return qs
    name, value = documents.parse_filter("User", text, USER_FILTERS)
    if value is None or isinstance(value, bool):
        raise errors.invalid_filter("Compare with a string, such as userName eq \"ada@example.com\".")
    value = str(value)
    if name == "userName":
        return qs.filter(scim_user_key=value.lower())
    if name == "externalId":
        return qs.filter(scim__external_id=value) if value else qs.none()
    if name == "email":
        return qs.filter(email__iexact=value)
    if name == "displayName":
        return qs.filter(name=value)
    return qs.filter(pk=int(value)) if value.isdigit() and len(value) <= 18 else qs.none()


def _filtered_groups(text: str):
    qs = groups()
    if not text:
        return qs
    name, value = documents.parse_filter("Group", text, GROUP_FILTERS)
    if value is None or isinstance(value, bool):
        raise errors.invalid_filter("Compare with a string, such as displayName eq \"Finance\".")
    value = str(value)
    if name == "displayName":
        return qs.filter(name__iexact=value)
    if name == "externalId":
        return qs.filter(scim__external_id=value) if value else qs.none()
    return qs.filter(pk=int(value)) if value.isdigit() and len(value) <= 18 else qs.none()


def user_page(request, params) -> tuple[list[dict], int, int]:
    """(resources, totalResults, startIndex) of one page, in id order (stable for paging)."""
    start, count = _page_params(params)
    qs = _filtered_users(params.get("filter", "")).order_by("pk")
    total = qs.count()
    people = list(qs[start - 1:start - 1 + count]) if count else []
    return [user_resource(request, p) for p in people], total, start


def group_page(request, params) -> tuple[list[dict], int, int]:
    start, count = _page_params(params)
    qs = _filtered_groups(params.get("filter", "")).order_by("pk")
    total = qs.count()
    excluded = {p.strip().lower() for p in (params.get("excludedAttributes") or "").split(",")}
    if "members" in excluded:  # Entra ID lists groups without members: no need to read 10,000 of them
        qs = qs.prefetch_related(None).select_related("scim")
        rows = list(qs[start - 1:start - 1 + count]) if count else []
        for row in rows:
            row.member_rows = []
        resources = [group_resource(request, g) for g in rows]
        for resource in resources:  # the version covers the members, which were not read
            resource["meta"].pop("version", None)
        return resources, total, start
    rows = list(qs[start - 1:start - 1 + count]) if count else []
    return [group_resource(request, g) for g in rows], total, start
