"""Writes of single sign-on: a sign-in from the provider's claims (create, link or find the person; map the profile
claims), the sign-in log, break-glass links.

`sign_in_from_claims` is the whole decision, given claims whose signature, issuer, audience, expiry and nonce the
backend has already checked (backends.py):

1. (issuer, sub) known → that person. Unknown → the email claim: an existing person with that address is linked,
   otherwise a person is created (a unique handle from the address, no usable password). Either needs
   `email_verified: true` from the provider (or OIDC_TRUST_EMAIL): an address the provider has not checked
   must not open someone else's account here.
2. A deactivated person is refused, whichever way they were found.
3. Name, department, title and manager are set from the claims settings.OIDC_CLAIM_* name, at every sign-in; a
   claim that is absent leaves the field as it is, a manager is found by email and never makes a loop.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from townsquare.core import audit
from townsquare.core.validation import clean_text
from townsquare.people.models import Department, Person
from townsquare.people.services import unique_handle
from townsquare.sso.errors import SsoError
from townsquare.sso.models import BreakGlassLink, SsoEvent, SsoIdentity, token_digest

MISSING = object()


def claim(claims: dict, name: str):
    """The claim `name` ("a.b" reads claims["a"]["b"]), or MISSING."""
    if not name:
        return MISSING
    value = claims
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def _text(value, *, what: str, max_chars: int) -> str | None:
    """A claim as one line of text for a profile field, or None when it cannot be one (then the field is left)."""
    if value is MISSING:
        return None
    if value is None:
        return ""
    if isinstance(value, list):  # some providers send a one-element list
        value = value[0] if len(value) == 1 else None
    if not isinstance(value, (str, int)):
        return None
    try:
        return clean_text(str(value)[:max_chars], what=what, max_chars=max_chars, required=False, single_line=True)
    except ValidationError:
        return None


def _verified(claims: dict) -> bool:
    if settings.OIDC_TRUST_EMAIL:
        return True
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _email(claims: dict) -> str:
    value = claims.get("email")
    return value.strip().lower() if isinstance(value, str) and "@" in value and len(value) <= 254 else ""


def _display_name(claims: dict, email: str) -> str:
    for candidate in (claim(claims, settings.OIDC_CLAIM_NAME),
                      " ".join(str(claims.get(k, "")) for k in ("given_name", "family_name")).strip(),
                      claims.get("preferred_username")):
        text = _text(candidate, what="name", max_chars=120)
        if text:
            return text
    return email.split("@", 1)[0]


def _map_profile(person: Person, claims: dict) -> list[str]:
    """Set the mapped fields from the claims; → the names of the fields that changed (not yet saved)."""
    changed = []
    name = _text(claim(claims, settings.OIDC_CLAIM_NAME), what="name", max_chars=120)
    if name and name != person.name:
        person.name = name
        changed.append("name")
    title = _text(claim(claims, settings.OIDC_CLAIM_TITLE), what="title", max_chars=120)
    if title is not None and title != person.title:
        person.title = title
        changed.append("title")
    department = _text(claim(claims, settings.OIDC_CLAIM_DEPARTMENT), what="department", max_chars=120)
    if department is not None:
        department_id = Department.objects.get_or_create(name=department)[0].pk if department else None
        if department_id != person.department_id:
            person.department_id = department_id
            changed.append("department")
    manager_email = claim(claims, settings.OIDC_CLAIM_MANAGER_EMAIL)
    if isinstance(manager_email, str) and manager_email.strip():
        manager = Person.objects.filter(email__iexact=manager_email.strip()).first()
        if manager is not None and manager.pk != person.manager_id and not _would_loop(person, manager):
            person.manager = manager
            changed.append("manager")
    return changed


def _would_loop(person: Person, manager: Person) -> bool:
    seen, current = set(), manager
    while current is not None and current.pk not in seen:
        if current.pk == person.pk:
            return True
        seen.add(current.pk)
        current = current.manager
    return current is not None  # a loop already above: do not join it


def sign_in_from_claims(*, issuer: str, claims: dict, request=None) -> Person:
    """The person these checked claims sign in (created or linked the first time), or SsoError."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SsoError("token", "the ID token has no usable sub claim")
    email = _email(claims)
    for attempt in range(2):  # two first sign-ins of one person at once: the second finds the first's rows
        try:
            with transaction.atomic():
                return _sign_in(issuer=issuer, subject=subject, email=email, claims=claims, request=request)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _sign_in(*, issuer, subject, email, claims, request) -> Person:
    now = timezone.now()
    identity = SsoIdentity.objects.select_related("person").filter(issuer=issuer, subject=subject).first()
    kind = SsoEvent.Kind.SIGNED_IN
    if identity is not None:
        person = identity.person
    else:
        if not email:
            raise SsoError("no_email", "no email claim in the ID token or userinfo")
        if not _verified(claims):
            raise SsoError("unverified_email", f"email_verified is {claims.get('email_verified')!r}", email=email)
        person = Person.objects.filter(email__iexact=email).first()
        if person is not None:
            if not person.is_active:
                raise SsoError("deactivated", "the person with this email is deactivated", email=email)
            if SsoIdentity.objects.filter(issuer=issuer, person=person).exists():
                raise SsoError("linked_elsewhere", "this person is linked to another subject at this issuer", email=email)
            kind = SsoEvent.Kind.LINKED
        else:
            person = Person.objects.create_user(email, None, name=_display_name(claims, email),
                                                handle=unique_handle(email))
            kind = SsoEvent.Kind.CREATED
        identity = SsoIdentity.objects.create(issuer=issuer, subject=subject, person=person, created_at=now)
    if not person.is_active:
        raise SsoError("deactivated", "the person is deactivated", email=email or person.email)
    changed = _map_profile(person, claims)
    if changed:
        person.save(update_fields=changed)
    identity.last_sign_in_at = now
    identity.save(update_fields=["last_sign_in_at"])
    _log(kind=kind, person=person, email=email or person.email)
    if kind != SsoEvent.Kind.SIGNED_IN:
        _audit(person=person, kind=kind, issuer=issuer, request=request)
    return person


def _audit(*, person, kind, issuer, request) -> None:
    """An admin-relevant event: a person who came in by SSO (created) or whose account SSO now opens (linked)."""
    action = "person.sso_create" if kind == SsoEvent.Kind.CREATED else "person.sso_link"
    audit.record(actor="SSO", action=action, target=person, after={"email": person.email, "issuer": issuer},
                 request=request)


def _log(*, kind, person=None, email="", reason="", detail="") -> None:
    event = SsoEvent.objects.create(kind=kind, person=person, email=email[:254], reason=reason[:32],
                                    detail=detail[:300])
    if event.pk % 50 == 0:  # now and then, forget all but the newest LOG_KEEP
        old = SsoEvent.objects.order_by("-at", "-id").values_list("pk", flat=True)[SsoEvent.LOG_KEEP:SsoEvent.LOG_KEEP + 1]
        if old:
            SsoEvent.objects.filter(pk__lte=old[0]).delete()


def sign_in_refused_record(*, error: SsoError) -> None:
    """Log a refused sign-in for the admins' SSO page (what failed, never a token)."""
    _log(kind=SsoEvent.Kind.REFUSED, email=error.email, reason=error.code, detail=error.detail)


# --- break-glass -------------------------------------------------------------------------------------------------

def break_glass_link_create(*, email: str) -> tuple[BreakGlassLink, str]:
    """A one-time sign-in link for the active org admin with `email` → (link, secret); ValidationError otherwise.
    Run on the server only (`townsquare break-glass-login EMAIL`): having the shell is what proves the right."""
    from townsquare.people.access import is_org_admin

    person = Person.objects.filter(email__iexact=(email or "").strip()).first()
    if person is None or not is_org_admin(person):
        raise ValidationError(f"{email!r} is not an active organisation admin; break-glass sign-in is only for them.")
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    link = BreakGlassLink.objects.create(token_hash=token_digest(secret), person=person, created_at=now,
                                         expires_at=now + timedelta(minutes=BreakGlassLink.VALID_MINUTES))
    audit.record(actor="break-glass-login", action="person.break_glass_link", target=person,
                 detail=f"valid {BreakGlassLink.VALID_MINUTES} minutes")
    return link, secret


def break_glass_link_use(*, link: BreakGlassLink) -> Person:
    """Spend the link (once: a second use, even at the same moment, is refused) → the admin to sign in."""
    now = timezone.now()
    spent = BreakGlassLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    if not spent:
        raise ValidationError("This sign-in link has been used or has run out.")
    audit.record(actor=link.person, action="person.break_glass_sign_in", target=link.person,
                 detail="signed in with a break-glass link")
    return link.person

