"""Writes of the API's own things: personal access tokens (made, checked, revoked) and idempotency keys."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from townsquare.api.models import IDEMPOTENCY_TTL, AccessToken, IdempotencyKey
from townsquare.core import audit
from townsquare.core.validation import clean_text

TOKEN_PREFIX = "tsq_"
MAX_TOKENS_PER_PERSON = 20
LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at is refreshed at most this often: no write per request


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, person, name: str, scope: str) -> tuple[AccessToken, str]:
    """A new token for `person`. Returns the row and the token itself, which is never stored and shown once."""
    name = clean_text(name, what="name", max_chars=80, empty="Give the token a name, such as “Laptop script”.")
    if scope not in AccessToken.Scope.values:
        raise ValidationError("Choose what the token may do: read only, or read and write.")
    if AccessToken.objects.filter(person=person, revoked_at__isnull=True).count() >= MAX_TOKENS_PER_PERSON:
        raise ValidationError(f"You have {MAX_TOKENS_PER_PERSON} active tokens, the most we allow. "
                              "Revoke one you no longer use first.")
    prefix = secrets.token_hex(4)  # 8 hex characters to find the row; the secret part carries the strength
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = AccessToken.objects.create(person=person, name=name, prefix=prefix, secret_hash=_digest(raw), scope=scope)
    audit.record(actor=person, action="api_token.create", target=token, after={"name": name, "scope": scope, "prefix": prefix})
    return token, raw


def token_authenticate(raw: str) -> AccessToken | None:
    """The active token of an active person that `raw` is, or None. Refreshes last_used_at now and then."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    prefix, _, secret = raw[len(TOKEN_PREFIX):].partition("_")
    if not prefix or not secret:
        return None
    token = (AccessToken.objects.select_related("person")
             .filter(prefix=prefix, revoked_at__isnull=True, person__is_active=True).first())
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(raw)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_revoke(*, person, token_id: int) -> AccessToken:
    """Revoke one of `person`'s tokens (someone else's token id is the same ValidationError as none)."""
    token = AccessToken.objects.filter(pk=token_id, person=person).first()
    if token is None:
        raise ValidationError("No such token.")
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor=person, action="api_token.revoke", target=token,
                         before={"name": token.name, "scope": token.scope, "prefix": token.prefix, "revoked": False},
                         after={"revoked": True})
    return token


def tokens_revoke_all(*, person) -> int:
    """Revoke every active token of `person` (their deactivation); returns how many."""
    return AccessToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())


def on_person_deactivated(sender, *, person, **kwargs) -> None:
    """people.signals.person_deactivated, in the deactivating transaction: their tokens stop at once."""
    tokens_revoke_all(person=person)


# --- idempotency keys ---------------------------------------------------------------------------

def request_fingerprint(*, method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def idempotency_lookup(*, person, key: str) -> IdempotencyKey | None:
    """The stored response for (person, key), or None; an expired one is deleted and counts as none."""
    stored = IdempotencyKey.objects.filter(person=person, key=key).first()
    if stored is not None and stored.is_expired:
        stored.delete()
        return None
    return stored


def idempotency_store(*, person, key: str, fingerprint: str, status_code: int, body: str) -> None:
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(person=person, key=key, fingerprint=fingerprint, status_code=status_code,
                                          body=body)
    except IntegrityError:
        pass  # a concurrent twin stored first; both responses describe the same single object


def idempotency_purge() -> int:
    """Delete keys older than 24 hours. Returns how many."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - IDEMPOTENCY_TTL).delete()
    return deleted
