"""The audit log (C10): every privileged action, who did it, when, from which address, and the values before
and after.

`record(...)` is the one way in: call it inside the action's own transaction, so an action that rolls back
leaves no entry and a committed one cannot lose its entry. The log is append-only (core.models.AuditEntry
refuses updates and deletes); the retention rule's job is the one way out, through `purge_older_than`.

Action slugs are `<thing>.<verb>`, e.g. `person.deactivate`, `group.admin_set`, `post.hide`, `webhook.create`.
"""

from __future__ import annotations

import contextvars
import ipaddress
from datetime import datetime

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.db import transaction
from django.utils.decorators import sync_and_async_middleware

from .models import AuditEntry

LABEL_MAX = 200

# The request being served, set by AuditRequestMiddleware, so an action's service can record the address it
# came from without every service taking the request (record(request=…) still wins when given).
_current_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


@sync_and_async_middleware
def AuditRequestMiddleware(get_response):  # noqa: N802 (named like the middleware classes in settings)
    """Makes the current request known to record() for its address (settings.MIDDLEWARE). Sync and async,
    so the live streams' async views are not pushed through a thread for it."""
    if iscoroutinefunction(get_response):
        async def middleware(request):
            token = _current_request.set(request)
            try:
                return await get_response(request)
            finally:
                _current_request.reset(token)
    else:
        def middleware(request):
            token = _current_request.set(request)
            try:
                return get_response(request)
            finally:
                _current_request.reset(token)
    if iscoroutinefunction(get_response):
        markcoroutinefunction(middleware)
    return middleware


def _actor_label(actor) -> str:
    if actor is None:
        return ""
    if isinstance(actor, str):
        return actor[:LABEL_MAX]
    name = getattr(actor, "name", "") or ""
    email = getattr(actor, "email", "") or ""
    label = f"{name} <{email}>" if name and email else (name or email or str(actor))
    return label[:LABEL_MAX]


def _target(target) -> tuple[str, str, str]:
    """A model instance → (app_label.model, pk, str(instance)); a (type, id, label) tuple as given; None → blanks."""
    if target is None:
        return "", "", ""
    if isinstance(target, tuple):
        kind, ident, label = (list(target) + ["", "", ""])[:3]
        return str(kind)[:80], str(ident)[:64], str(label)[:LABEL_MAX]
    meta = target._meta
    label = getattr(target, "audit_label", None)
    if callable(label):
        label = label()
    return f"{meta.app_label}.{meta.model_name}"[:80], str(target.pk)[:64], str(label or target)[:LABEL_MAX]


def client_address(request) -> str | None:
    """The request's REMOTE_ADDR (a proxy in front must set it; X-Forwarded-For is trivially forged), if valid."""
    if request is None:
        request = _current_request.get()
    if request is None:
        return None
    value = (getattr(request, "META", {}) or {}).get("REMOTE_ADDR", "") or ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def record(
    *,
    actor,
    action: str,
    target=None,
    before: dict | None = None,
    after: dict | None = None,
    request=None,
    detail: str = "",
) -> AuditEntry:
    """Append one entry to the audit log, in the caller's transaction.

    actor   the Person who acted, or None / a short label (e.g. "SCIM", "system") for the product itself
    action  a slug `<thing>.<verb>`
    target  a model instance, a (type, id, label) tuple, or None
    before, after  JSON-able dicts of the values that changed (never secrets: a token's name, not its value)
    request the request it came from, for the address
    detail  free text: the reason given, what was exported, …
    """
    kind, ident, label = _target(target)
    person = actor if actor is not None and not isinstance(actor, str) and getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        actor=person,
        actor_label=_actor_label(actor),
        action=action[:80],
        target_type=kind,
        target_id=ident,
        target_label=label,
        before=before,
        after=after,
        ip_address=client_address(request),
        detail=detail or "",
    )


def purge_older_than(cutoff: datetime) -> int:
    """The retention rule's purge (townsquare/operations): forget entries made before `cutoff`. The only
    function that removes audit entries; returns how many went."""
    with transaction.atomic():
        return AuditEntry.objects.filter(created_at__lt=cutoff)._purge()
