"""Writes for people: invitations, profiles, deactivation, CSV import."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from townsquare.core import audit
from townsquare.core.validation import clean_text
from townsquare.people import onboarding
from townsquare.people.access import is_org_admin
from townsquare.people.models import (
    Department,
    Invitation,
    Person,
    Welcome,
    handle_from_email,
    invitation_expiry,
    invitation_token,
    validate_time_zone,
)
from townsquare.people.sessions import sessions_end
from townsquare.people.signals import person_deactivated


def unique_handle(email: str) -> str:
    base = handle_from_email(email)
    handle, n = base, 2
    while Person.objects.filter(handle=handle).exists():
        handle, n = f"{base}{n}", n + 1
    return handle


@transaction.atomic
def invitation_create(*, inviter: Person, email: str) -> Invitation:
    if not is_org_admin(inviter):
        raise PermissionDenied("Only organisation admins can invite people.")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(f"“{email}” is not an email address.") from None
    existing = Person.objects.filter(email=email).first()
    if existing is not None:
        if existing.is_active and existing.last_login is None:
            raise ValidationError(f"{email} already has an account but has not signed in yet: send them their "
                                  "welcome again from “Not signed in yet”.")
        raise ValidationError(f"{email} already has an account.")
    invitation = Invitation.objects.create(email=email, invited_by=inviter)
    onboarding.invitation_email(invitation)
    audit.record(actor=inviter, action="invitation.create", target=invitation, after={"email": email})
    return invitation


@transaction.atomic
def invitation_resend(*, admin: Person, invitation: Invitation) -> Invitation:
    """Email a waiting or expired invitation again: a new link (the old one stops working at once), a new round
    and a new expiry. A used or withdrawn invitation is not sent again."""
    if not is_org_admin(admin):
        raise PermissionDenied("Only organisation admins can invite people.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state in (Invitation.State.ACCEPTED, Invitation.State.REVOKED):
        raise ValidationError(f"The invitation for {invitation.email} was {invitation.state_label.lower()}: "
                              "it cannot be sent again. Invite them anew if you need to.")
    before = {"round": invitation.round, "expires_at": invitation.expires_at.isoformat()}
    invitation.token, invitation.round = invitation_token(), invitation.round + 1
    invitation.expires_at, invitation.sent_at = invitation_expiry(), None
    invitation.save(update_fields=["token", "round", "expires_at", "sent_at"])
    onboarding.invitation_email(invitation)
    audit.record(actor=admin, action="invitation.resend", target=invitation, before=before,
                 after={"round": invitation.round, "expires_at": invitation.expires_at.isoformat()})
    return invitation


@transaction.atomic
def invitation_revoke(*, admin: Person, invitation: Invitation) -> Invitation:
    """Withdraw an invitation that has not been used: its link stops working (set-style: twice is once)."""
    if not is_org_admin(admin):
        raise PermissionDenied("Only organisation admins can invite people.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == Invitation.State.ACCEPTED:
        raise ValidationError(f"{invitation.email} has already joined: there is nothing to withdraw.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(actor=admin, action="invitation.revoke", target=invitation, after={"email": invitation.email})
    return invitation


@transaction.atomic
def welcome_resend(*, admin: Person, person: Person):
    """Send the welcome of someone who has never signed in again (a new link; the earlier ones stop working)."""
    if not is_org_admin(admin):
        raise PermissionDenied("Only organisation admins can send welcomes.")
    if person.last_login is not None:
        raise ValidationError(f"{person.name} has already signed in: they can reset their password if they lost it.")
    if not person.is_active:
        raise ValidationError(f"{person.name} has been deactivated. Reactivate them first.")
    welcome = onboarding.welcome_send(person, resend=True)
    audit.record(actor=admin, action="welcome.resend", target=person, after={"round": welcome.round})
    return welcome


@transaction.atomic
def invitation_accept(*, invitation: Invitation, name: str, password: str) -> Person:
    from django.contrib.auth.password_validation import validate_password

    if not invitation.is_open:
        raise ValidationError("This invitation has been used or has expired. Ask for a new one.")
    name = clean_text(name, what="name", max_chars=120, single_line=True, empty="Tell us your name.", yours=True)
    validate_password(password, Person(email=invitation.email, name=name))
    person = Person.objects.create_user(invitation.email, password, name=name, handle=unique_handle(invitation.email))
    invitation.accepted_at, invitation.accepted_by = timezone.now(), person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return person


@transaction.atomic
def person_set_active(*, admin: Person, person: Person, active: bool) -> Person:
    """Deactivation stops sign-in at once (Django refuses inactive sessions); content stays. In the audit log."""
    if not is_org_admin(admin):
        raise PermissionDenied("Only organisation admins can deactivate people.")
    if person.pk == admin.pk:
        raise ValidationError("You cannot deactivate yourself.")
    was = person.is_active
    person_activation_set(person=person, active=active)
    if was != active:
        audit.record(actor=admin, action="person.reactivate" if active else "person.deactivate", target=person,
                     before={"is_active": was}, after={"is_active": active})
    return person


@transaction.atomic
def person_activation_set(*, person: Person, active: bool) -> Person:
    """Activate or deactivate `person`; the caller has decided who may (an org admin's button, a SCIM token).

    Deactivation ends at once, in this transaction, everything the person had open: their sessions are deleted,
    and the person_deactivated signal (people/signals.py) has the packages above revoke their API tokens and
    close their live streams. Set-style: deactivating someone already inactive keeps their first date.
    """
    was_active = Person.objects.filter(pk=person.pk, is_active=True).exists()
    if active:
        person.is_active, person.deactivated_at = True, None
    else:
        person.is_active = False
        person.deactivated_at = timezone.now() if was_active or person.deactivated_at is None else person.deactivated_at
    person.save(update_fields=["is_active", "deactivated_at"])
    if not active:
        sessions_end(person)
        person_deactivated.send(sender=Person, person=person)
    return person


@transaction.atomic
def person_set_org_admin(*, admin: Person, person: Person, is_admin: bool) -> Person:
    """Make a colleague an organisation admin, or stop them being one (never oneself: another admin must).
    In the audit log."""
    if not is_org_admin(admin):
        raise PermissionDenied("Only organisation admins can choose organisation admins.")
    if person.pk == admin.pk:
        raise ValidationError("You cannot change your own admin role. Ask another organisation admin.")
    if is_admin and not person.is_active:
        raise ValidationError(f"{person.name} has been deactivated. Reactivate them first.")
    if person.is_staff != is_admin:
        was = person.is_staff
        person.is_staff = is_admin
        person.save(update_fields=["is_staff"])
        audit.record(actor=admin, action="person.org_admin_set" if is_admin else "person.org_admin_unset",
                     target=person, before={"org_admin": was}, after={"org_admin": is_admin})
    return person


# --- CSV import ------------------------------------------------------------------------------

IMPORT_COLUMNS = ["email", "name", "title", "department", "location", "manager_email", "time_zone", "skills", "interests"]
REQUIRED_COLUMNS = {"email", "name"}
# (column, most characters, required) for the columns that are text people read.
IMPORT_TEXT_COLUMNS = [("name", 120, True), ("title", 120, False), ("department", 120, False),
                       ("location", 120, False), ("skills", 500, False), ("interests", 500, False)]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_people(data: str, *, welcome: bool = True) -> ImportReport:
    """Create or update people and their managers from CSV text.

    Each person it creates gets a welcome email with a link to choose a password (people.onboarding.welcome_send,
    recorded in the import's transaction), unless `welcome` is False.

    All rows are checked first; if any row is wrong, nothing is written and the report lists
    every wrong row with its line number. Managers may appear later in the file than their reports.
    """
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(data))
    if reader.fieldnames is None:
        report.errors.append("The file is empty.")
        return report
    headers = [h.strip().lower() for h in reader.fieldnames]
    missing = REQUIRED_COLUMNS - set(headers)
    if missing:
        report.errors.append(f"Missing column(s): {', '.join(sorted(missing))}. Expected: {', '.join(IMPORT_COLUMNS)}.")
        return report
    unknown = set(headers) - set(IMPORT_COLUMNS)
    if unknown:
        report.errors.append(f"Unknown column(s): {', '.join(sorted(unknown))}. Expected: {', '.join(IMPORT_COLUMNS)}.")
        return report

    rows: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        if None in raw:
            report.errors.append(f"line {line}: more values than columns.")
            continue
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items()}
        problems = []
        email = row.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"“{email}” is not an email address" if email else "email is empty")
        # The text rule of every form (core/validation.py): no NUL, control or direction-override characters,
        # no line breaks in one-line fields, and within the column's length.
        for column, max_chars, required in IMPORT_TEXT_COLUMNS:
            try:
                row[column] = clean_text(row.get(column, ""), what=column, max_chars=max_chars, required=required,
                                         single_line=True, empty=f"{column} is empty")
            except ValidationError as exc:
                problems.append(exc.messages[0].rstrip("."))
        if row.get("time_zone"):
            try:
                validate_time_zone(row["time_zone"])
            except ValidationError:
                problems.append(f"“{row['time_zone']}” is not a known time zone")
        if email in seen:
            problems.append(f"{email} also appears on line {seen[email]}")
        if problems:
            report.errors.append(f"line {line}: " + "; ".join(problems) + ".")
        else:
            seen[email] = line
        row["email"] = email
        rows.append((line, row))

    known = set(Person.objects.filter(email__in=[r["email"] for _, r in rows]).values_list("email", flat=True))
    manager_emails = {r["manager_email"].lower() for _, r in rows if r.get("manager_email")}
    existing_managers = set(Person.objects.filter(email__in=manager_emails).values_list("email", flat=True))
    for line, row in rows:
        manager = row.get("manager_email", "").lower()
        if manager and manager not in seen and manager not in existing_managers:
            report.errors.append(f"line {line}: manager {manager} is neither in the file nor in Townsquare.")
        if manager and manager == row["email"]:
            report.errors.append(f"line {line}: a person cannot be their own manager.")
    if report.errors:
        return report

    try:
        _write_rows(rows, known, report, welcome=welcome)
    except ValidationError as exc:
        report.errors.extend(exc.messages)
        report.created = report.updated = 0
    return report


@transaction.atomic
def _write_rows(rows, known, report, *, welcome: bool = True) -> None:
    departments = {}
    people = {}
    for _, row in rows:
        dept = None
        if row.get("department"):
            dept = departments.get(row["department"])
            if dept is None:
                dept, _ = Department.objects.get_or_create(name=row["department"][:120])
                departments[row["department"]] = dept
        values = {"name": row["name"], "title": row.get("title", "")[:120], "department": dept,
                  "location": row.get("location", "")[:120], "time_zone": row.get("time_zone") or "UTC",
                  "skills": row.get("skills", "")[:500], "interests": row.get("interests", "")[:500]}
        if row["email"] in known:
            person = Person.objects.get(email=row["email"])
            for key, value in values.items():
                setattr(person, key, value)
            person.save()
            report.updated += 1
        else:
            person = Person.objects.create_user(row["email"], None, handle=unique_handle(row["email"]), **values)
            report.created += 1
            if welcome:
                onboarding.welcome_send(person, via=Welcome.Via.IMPORT)
        people[row["email"]] = person
    for _, row in rows:
        manager = row.get("manager_email", "").lower()
        person = people[row["email"]]
        person.manager = people.get(manager) or (Person.objects.get(email=manager) if manager else None)
        person.save(update_fields=["manager"])
    _check_no_cycles(people.values())


def _check_no_cycles(people) -> None:
    for person in people:
        seen = {person.pk}
        current = person.manager
        while current is not None:
            if current.pk in seen:
                raise ValidationError(f"The managers of {person.email} form a loop.")
            seen.add(current.pk)
            current = current.manager
