"""Writes for SCIM: tokens (made and revoked by org admins), and Users and Groups written by an identity provider.

Each write of a User or Group is one transaction that checks everything before it stores anything: a ScimError
anywhere rolls it all back. A User document (documents.py) is written onto people.Person as follows:

    userName                   ScimUser.user_name (unique, not case-sensitive); the sign-in email when it is one
    emails (primary, or first) Person.email, the sign-in address (unique); the list itself in ScimUser.emails
    displayName / name         Person.name: displayName, else name.formatted, else givenName familyName
    title                      Person.title
    active                     people.services.person_activation_set (false: sessions, tokens, streams end)
    enterprise department      Person.department (a Department of that name, made when new)
    enterprise manager.value   Person.manager (the manager's SCIM id = their person id; no loops)
    externalId, employeeNumber ScimUser

A person with neither an email userName nor an email in `emails` gets a placeholder address under .invalid
(RFC 2606) and no welcome email until a real address arrives. DELETE deactivates the person and marks the
ScimUser deleted: their content stays, and SCIM answers 404 for them; a later POST with the same userName
brings the same person back.
"""

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from townsquare.core import audit
from townsquare.core.validation import clean_text
from townsquare.people import services as people
from townsquare.people.access import is_org_admin
from townsquare.people.models import Department, Person
from townsquare.scim import errors
from townsquare.scim.models import ScimGroup, ScimToken, ScimUser
from townsquare.scim.schemas import ENTERPRISE_USER

TOKEN_PREFIX = "scim_"
LAST_USED_EVERY = timedelta(minutes=1)
PLACEHOLDER_DOMAIN = "scim.invalid"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# --- tokens -----------------------------------------------------------------------------------------------

@transaction.atomic
def token_create(*, admin: Person, name: str) -> tuple[ScimToken, str]:
    """A new SCIM token. Returns the row and the token itself, which is never stored and shown once."""
    if not is_org_admin(admin):
        raise PermissionDenied("Only organisation admins can make SCIM tokens.")
    name = clean_text(name, what="name", max_chars=80, single_line=True,
                      empty="Give the token a name, such as “Entra ID”.")
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ScimToken.objects.create(name=name, prefix=prefix, secret_hash=_digest(raw), created_by=admin)
    audit.record(actor=admin, action="scim_token.create", target=token, after={"name": name})
    return token, raw


@transaction.atomic
def token_revoke(*, admin: Person, token: ScimToken) -> ScimToken:
    if not is_org_admin(admin):
        raise PermissionDenied("Only organisation admins can revoke SCIM tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=admin, action="scim_token.revoke", target=token, after={"name": token.name})
    return token


def token_authenticate(raw: str) -> ScimToken | None:
    """The active SCIM token that `raw` is, or None. Refreshes last_used_at now and then."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    prefix, _, secret = raw[len(TOKEN_PREFIX):].partition("_")
    if not prefix or not secret:
        return None
    token = ScimToken.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(raw)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _actor(token: ScimToken) -> str:
    return f"SCIM ({token.name})"


# --- Users ------------------------------------------------------------------------------------------------

def _text(value, *, what: str, max_chars: int, required: bool = False) -> str:
    try:
        return clean_text(value or "", what=what, max_chars=max_chars, required=required, single_line=True,
                          empty=f"{what} is empty.")
    except ValidationError as exc:
        raise errors.invalid_value(exc.messages[0]) from None


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _sign_in_email(doc: dict) -> str | None:
    emails = [e for e in doc.get("emails") or [] if e.get("value")]
    chosen = next((e for e in emails if e.get("primary")), emails[0] if emails else None)
    if chosen is not None:
        value = chosen["value"].strip()
        if not _is_email(value):
            raise errors.invalid_value(f"“{value}” is not an email address.")
        return value.lower()
    user_name = (doc.get("userName") or "").strip()
    return user_name.lower() if _is_email(user_name) else None


def _display_name(doc: dict, user_name: str) -> str:
    name = doc.get("name") or {}
    joined = " ".join(p for p in (name.get("givenName"), name.get("familyName")) if p)
    chosen = doc.get("displayName") or name.get("formatted") or joined or user_name.split("@", 1)[0]
    return _text(chosen, what="displayName", max_chars=120, required=True)


def _manager(doc: dict, person: Person | None) -> Person | None:
    manager = (doc.get(ENTERPRISE_USER) or {}).get("manager") or {}
    value = str(manager.get("value") or "").strip()
    if not value:
        return None
    found = Person.objects.filter(pk=int(value)).first() if value.isdigit() and len(value) <= 18 else None
    if found is None:  # Okta sends its managerId: accept the manager's userName, email or externalId too
        found = (Person.objects.filter(scim__user_name_key=value.lower()).first()
                 or Person.objects.filter(email__iexact=value).first()
                 or Person.objects.filter(scim__external_id=value).first())
    if found is None:
        raise errors.invalid_value(f"The manager “{value}” is not a User here. Provision the manager first.")
    if person is not None and found.pk == person.pk:
        raise errors.invalid_value("A person cannot be their own manager.")
    if person is not None:
        seen, current = {person.pk}, found
        while current is not None:
            if current.pk in seen:
                raise errors.invalid_value("This manager would make a loop in the org chart.")
            seen.add(current.pk)
            current = current.manager
    return found


def _department(name) -> Department | None:
    name = _text(name, what="department", max_chars=120)
    if not name:
        return None
    found = Department.objects.filter(name__iexact=name).first()
    return found or Department.objects.create(name=name)


def _check_unique(*, user_key: str, email: str | None, person: Person | None) -> None:
    others = Person.objects.exclude(pk=person.pk) if person is not None else Person.objects.all()
    taken = (ScimUser.objects.filter(user_name_key=user_key).exclude(person=person).exists() if person
             else ScimUser.objects.filter(user_name_key=user_key, deleted_at__isnull=True).exists())
    if taken or others.filter(email__iexact=user_key, scim__isnull=True).exists():
        raise errors.uniqueness(f"The userName “{user_key}” is already taken.")
    if email and others.filter(email__iexact=email).exists():
        raise errors.uniqueness(f"The email address “{email}” belongs to another person.")


def _emails(doc: dict) -> list[dict]:
    out = []
    for e in doc.get("emails") or []:
        item = {k: e[k] for k in ("value", "type", "primary") if e.get(k) is not None}
        if "value" in item:
            item["value"] = _text(item["value"], what="email", max_chars=254)
        if "type" in item:
            item["type"] = _text(item["type"], what="email type", max_chars=40)
        if item:
            out.append(item)
    return out


def _name_parts(doc: dict) -> dict:
    return {k: _text(v, what=f"name.{k}", max_chars=255) for k, v in (doc.get("name") or {}).items() if v}


def _write_user(*, token: ScimToken, doc: dict, person: Person | None, keep_active: bool = True) -> Person:
    """Check `doc` whole, then write it onto `person` (None: a new person). Must run in a transaction."""
    user_name = _text(doc.get("userName"), what="userName", max_chars=255, required=True)
    user_key = user_name.lower()
    revived = None
    if person is None:
        revived = (ScimUser.objects.select_related("person")
                   .filter(user_name_key=user_key, deleted_at__isnull=False).first())
        person = revived.person if revived else None
    email = _sign_in_email(doc)
    _check_unique(user_key=user_key, email=email, person=person)
    ext = doc.get(ENTERPRISE_USER) or {}
    name = _display_name(doc, user_name)
    title = _text(doc.get("title"), what="title", max_chars=120)
    department = _department(ext.get("department"))
    manager = _manager(doc, person)
    employee_number = _text(ext.get("employeeNumber"), what="employeeNumber", max_chars=255)
    external_id = _text(doc.get("externalId"), what="externalId", max_chars=255)
    emails, name_parts = _emails(doc), _name_parts(doc)
    active = doc.get("active")
    now = timezone.now()

    created, placeholder_before = person is None, False
    if created:
        login = email or f"scim-{uuid.uuid4().hex}@{PLACEHOLDER_DOMAIN}"
        person = Person.objects.create_user(
            login, None, name=name, title=title, department=department, manager=manager,
            handle=people.unique_handle(email or f"{user_name.split('@', 1)[0]}@x"))
        audit.record(actor=_actor(token), action="person.provision", target=person, after={"userName": user_name})
    else:
        placeholder_before = person.email.endswith("@" + PLACEHOLDER_DOMAIN)
        person.name, person.title, person.department, person.manager = name, title, department, manager
        if email:
            person.email = email
        person.save(update_fields=["name", "title", "department", "manager", "email"])
    ScimUser.objects.update_or_create(person=person, defaults={
        "user_name": user_name, "user_name_key": user_key, "external_id": external_id,
        "employee_number": employee_number, "name": name_parts, "emails": emails,
        "display_name": doc.get("displayName") is not None, "updated_at": now, "deleted_at": None,
        **({"created_at": now} if created or revived else {})})
    if revived is not None and active is None:
        active = True
    if active is not None and active != person.is_active:
        _set_active(token=token, person=person, active=bool(active))
    real = not person.email.endswith("@" + PLACEHOLDER_DOMAIN)
    if person.is_active and real and (created or (placeholder_before and email)):  # a first real address
        _welcome(person)
    return person


def _welcome(person: Person) -> None:
    from townsquare.people import onboarding
    from townsquare.people.models import Welcome

    onboarding.welcome_send(person, via=Welcome.Via.SCIM)


def _set_active(*, token: ScimToken, person: Person, active: bool) -> None:
    was = Person.objects.filter(pk=person.pk).values_list("is_active", flat=True).first()
    people.person_activation_set(person=person, active=active)
    if was != active:
        audit.record(actor=_actor(token), action="person.reactivate" if active else "person.deactivate",
                     target=person, before={"is_active": was}, after={"is_active": active}, detail="Through SCIM.")


@transaction.atomic
def user_create(*, token: ScimToken, doc: dict) -> Person:
    return _write_user(token=token, doc=doc, person=None)


@transaction.atomic
def user_replace(*, token: ScimToken, person: Person, doc: dict) -> Person:
    """PUT: the document replaces what SCIM set; an absent `active` leaves the person as they are."""
    return _write_user(token=token, doc=doc, person=person)


@transaction.atomic
def user_patch(*, token: ScimToken, person: Person, body) -> Person:
    from townsquare.scim import documents, selectors

    before = selectors.user_document(person)
    after = documents.apply_patch("User", before, body)
    if after == before:
        return person
    return _write_user(token=token, doc=after, person=person)


@transaction.atomic
def user_delete(*, token: ScimToken, person: Person) -> None:
    """DELETE: deactivate (content stays) and stop serving the person over SCIM."""
    now = timezone.now()
    ScimUser.objects.update_or_create(person=person, defaults={"deleted_at": now, "updated_at": now}, create_defaults={
        "user_name": person.email, "user_name_key": person.email.lower(), "deleted_at": now, "updated_at": now})
    _set_active(token=token, person=person, active=False)
    audit.record(actor=_actor(token), action="person.deprovision", target=person, detail="Deleted through SCIM.")


# --- Groups (departments) ---------------------------------------------------------------------------------

def _member_ids(doc: dict) -> list[int]:
    ids = []
    for member in doc.get("members") or []:
        value = str(member.get("value") or "").strip()
        if not value.isdigit() or len(value) > 18:
            raise errors.invalid_value(f"The member “{value}” is not a User here.")
        ids.append(int(value))
    ids = list(dict.fromkeys(ids))
    found = set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise errors.invalid_value(f"These members are not Users here: {', '.join(missing[:5])}.")
    return ids


def _write_group(*, token: ScimToken, doc: dict, group: Department | None) -> Department:
    name = _text(doc.get("displayName"), what="displayName", max_chars=120, required=True)
    others = Department.objects.exclude(pk=group.pk) if group is not None else Department.objects.all()
    if others.filter(name__iexact=name).exists():
        raise errors.uniqueness(f"There is already a department called “{name}”.")
    external_id = _text(doc.get("externalId"), what="externalId", max_chars=255)
    ids = _member_ids(doc)
    now = timezone.now()
    created = group is None
    if created:
        group = Department.objects.create(name=name)
        audit.record(actor=_actor(token), action="department.create", target=group, after={"name": name})
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    ScimGroup.objects.update_or_create(department=group, defaults={"external_id": external_id, "updated_at": now},
                                       create_defaults={"external_id": external_id, "updated_at": now,
                                                        "created_at": now})
    wanted = set(ids)
    for person in Person.objects.filter(department=group).exclude(pk__in=wanted):
        person.department = None
        person.save(update_fields=["department"])
    for person in Person.objects.filter(pk__in=wanted).exclude(department=group):
        person.department = group  # a person is in one department: this moves them
        person.save(update_fields=["department"])
    return group


@transaction.atomic
def group_create(*, token: ScimToken, doc: dict) -> Department:
    return _write_group(token=token, doc=doc, group=None)


@transaction.atomic
def group_replace(*, token: ScimToken, group: Department, doc: dict) -> Department:
    return _write_group(token=token, doc=doc, group=group)


@transaction.atomic
def group_patch(*, token: ScimToken, group: Department, body) -> Department:
    from townsquare.scim import documents, selectors

    before = selectors.group_document(group)
    after = documents.apply_patch("Group", before, body)
    if after == before:
        return group
    return _write_group(token=token, doc=after, group=group)


@transaction.atomic
def group_delete(*, token: ScimToken, group: Department) -> None:
    """DELETE of a Group: the department goes; its people stay, in no department."""
    audit.record(actor=_actor(token), action="department.delete", target=group, before={"name": group.name})
    group.delete()  # people.department is SET_NULL
