"""Writes of the analytics package: the emergent-leader opt-in and the analyst role."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from townsquare.analytics.models import AnalystRole, AnalyticsPreference
from townsquare.core import audit
from townsquare.people.access import is_org_admin


@transaction.atomic
def preference_set(*, person, named_as_leader: bool) -> AnalyticsPreference:
    pref, _ = AnalyticsPreference.objects.update_or_create(
        person=person, defaults={"named_as_leader": named_as_leader, "updated_at": timezone.now()})
    return pref


@transaction.atomic
def analyst_grant(*, admin, person) -> AnalystRole:
    if not is_org_admin(admin):
        raise ValidationError("Only organisation admins can choose analysts.")
    if not person.is_active:
        raise ValidationError(f"{person.name}'s account is deactivated; an analyst must be able to sign in.")
    if is_org_admin(person):
        raise ValidationError(f"{person.name} is an organisation admin and already sees the organisation analytics.")
    role, created = AnalystRole.objects.get_or_create(person=person, defaults={"granted_by": admin})
    if created:
        audit.record(actor=admin, action="analyst.grant", target=person, before={"analyst": False}, after={"analyst": True})
    return role


@transaction.atomic
def analyst_revoke(*, admin, person) -> None:
    if not is_org_admin(admin):
        raise ValidationError("Only organisation admins can choose analysts.")
    removed, _ = AnalystRole.objects.filter(person=person).delete()
    if removed:
        audit.record(actor=admin, action="analyst.revoke", target=person, before={"analyst": True}, after={"analyst": False})
